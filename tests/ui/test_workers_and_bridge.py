"""Background operations and the event bridge deliver on the GUI thread."""

from __future__ import annotations

import ctypes
import gc
import logging
import sys
import threading
import time
from functools import partial
from types import FrameType
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QThreadPool

from agentdesk.errors import BackendUnavailable
from agentdesk.events import CallOffered, Connectivity, ConnectivityChanged, EventBus
from ui.kit.bridge import EventBridge
from ui.kit.workers import BackgroundOp


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread() and (
        threading.current_thread() is threading.main_thread()
    )


def test_success_runs_off_the_gui_thread_and_returns_on_it(qtbot: Any) -> None:
    parent = QObject()
    worker_threads: list[threading.Thread] = []
    delivered: list[tuple[object, bool]] = []

    def work() -> int:
        worker_threads.append(threading.current_thread())
        return 42

    BackgroundOp(parent, work).success(lambda v: delivered.append((v, _on_gui_thread()))).run()
    qtbot.waitUntil(lambda: bool(delivered))
    assert delivered == [(42, True)]
    assert worker_threads[0] is not threading.main_thread()
    assert BackgroundOp.running_count() == 0


def test_failure_gets_the_core_error_on_the_gui_thread(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    parent = QObject()
    failures: list[tuple[BaseException, bool]] = []

    def work() -> None:
        raise BackendUnavailable("connect refused")

    BackgroundOp(parent, work).failure(lambda e: failures.append((e, _on_gui_thread()))).run()
    qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0][0], BackendUnavailable)
    assert failures[0][1] is True
    assert "api.unavailable" in caplog.text


def test_an_unexpected_exception_is_logged_with_its_traceback(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    parent = QObject()
    failures: list[BaseException] = []

    def work() -> None:
        raise KeyError("bug")

    with caplog.at_level(logging.ERROR):
        BackgroundOp(parent, work).failure(failures.append).run()
        qtbot.waitUntil(lambda: bool(failures))
    assert isinstance(failures[0], KeyError)
    record = next(r for r in caplog.records if r.name == "ui.kit.workers")
    assert record.exc_info is not None


def test_no_callback_once_the_parent_is_gone(qtbot: Any) -> None:
    parent = QObject()
    release = threading.Event()
    delivered: list[object] = []
    op = BackgroundOp(parent, lambda: release.wait(5)).success(delivered.append).run()
    parent.deleteLater()
    qtbot.waitUntil(lambda: not __import__("shiboken6").isValid(parent))
    release.set()
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0)
    qtbot.wait(20)
    assert delivered == []
    assert op is not None


def test_bridge_moves_events_from_any_thread_to_the_gui_thread(qtbot: Any) -> None:
    bus = EventBus()
    bridge = EventBridge(bus)
    seen: list[tuple[object, bool]] = []
    bridge.call_offered.connect(lambda e: seen.append((e, _on_gui_thread())))
    received: list[object] = []
    bridge.event_received.connect(received.append)

    event = CallOffered("c1", "+8613800000000", "retail")
    publisher = threading.Thread(target=bus.publish, args=(event,))
    with qtbot.waitSignal(bridge.call_offered, timeout=5000):
        publisher.start()
    publisher.join()
    assert seen == [(event, True)]
    assert received == [event]

    with qtbot.waitSignal(bridge.connectivity_changed, timeout=5000):
        bus.publish(ConnectivityChanged(Connectivity.OFFLINE, 3))
    assert bridge.last_connectivity == ConnectivityChanged(Connectivity.OFFLINE, 3)

    bridge.close()
    bus.publish(CallOffered("c2", "+8613800000001", "retail"))
    qtbot.wait(50)
    assert len(seen) == 1


# A binding that drops references to these singletons makes CPython < 3.12 abort the whole
# process (bool_dealloc / none_dealloc) once a count reaches zero; PySide6 6.12.0 did so on every
# Signal.emit and processEvents. From 3.12 they are immortal and their counts never move.
_SINGLETONS: dict[str, object] = {"None": None, "True": True, "False": False}
ROUND_TRIPS = 2000
BATCH = 50
REFCOUNT_SLACK = 100


def _singleton_counts() -> dict[str, int]:
    return {name: sys.getrefcount(obj) for name, obj in _SINGLETONS.items()}


def _dropped_since(before: dict[str, int]) -> dict[str, int]:
    now = _singleton_counts()
    return {name: before[name] - now[name] for name in before}


def _give_back(dropped: dict[str, int]) -> None:
    # The references a faulty binding took away are put back, so this test fails by assertion
    # and the rest of the run goes on instead of aborting the process.
    for name, count in dropped.items():
        for _ in range(max(count, 0)):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(_SINGLETONS[name]))


def test_round_trips_and_bridge_crossings_keep_none_true_and_false_alive(qtbot: Any) -> None:
    parent = QObject()
    bus = EventBus()
    bridge = EventBridge(bus)
    delivered: list[bool] = []
    bridged: list[bool] = []
    bridge.call_offered.connect(lambda _e: bridged.append(_on_gui_thread()))
    event = CallOffered("c1", "+8613800000000", "retail")

    def publish_batch() -> None:
        for _ in range(BATCH):
            bus.publish(event)

    # Garbage left by earlier tests must not be freed while counting (the GUI thread's
    # collector runs on a timer): freeing it gives back its own references to None and False,
    # which reads here as a binding that drops them.
    gc.collect()
    before = _singleton_counts()
    dropped = dict.fromkeys(before, 0)
    try:
        # In batches, checked after each, so a leaking binding is caught long before a count
        # can reach zero.
        for done in range(BATCH, ROUND_TRIPS + 1, BATCH):
            for index in range(BATCH):
                BackgroundOp(parent, partial(_is_even, index)).success(
                    lambda _v: delivered.append(_on_gui_thread())
                ).run()
            publisher = threading.Thread(target=publish_batch)
            publisher.start()
            publisher.join()
            qtbot.waitUntil(lambda d=done: len(delivered) == d and len(bridged) == d)
            dropped = _dropped_since(before)
            if max(dropped.values()) > REFCOUNT_SLACK:
                break
    finally:
        bridge.close()
        _give_back(dropped)

    assert max(dropped.values()) <= REFCOUNT_SLACK, (
        f"references lost after {len(delivered)} round trips: {dropped}"
    )
    assert len(delivered) == ROUND_TRIPS
    assert all(delivered), "a success callback ran off the GUI thread"
    assert all(bridged), "a bridged event reached its slot off the GUI thread"
    assert BackgroundOp.running_count() == 0


def _is_even(number: int) -> bool:
    return number % 2 == 0


def _late_after_reporting(frame: FrameType, event: str, _arg: object) -> None:
    """A profile hook for a pool thread: once the task's ``run`` returns (it has reported),
    stall, so the GUI thread delivers first, as a busy machine sometimes has it."""
    if event == "return" and frame.f_code.co_name == "run":
        sys.setprofile(None)
        time.sleep(0.2)


def test_what_an_operation_holds_is_let_go_on_the_gui_thread(qtbot: Any) -> None:
    """A widget only an operation keeps alive (its parent, a dialog its lambda captures) dies
    on the GUI thread even when the pool thread is slow to finish after reporting: destroyed
    on the pool thread, Qt would later touch its freed animations and crash."""
    destroyed_on: list[bool] = []

    def start() -> None:
        parent = QObject()
        captured = QObject()
        for obj in (parent, captured):
            obj.destroyed.connect(
                lambda _obj=None: destroyed_on.append(_on_gui_thread()),
                Qt.ConnectionType.DirectConnection,
            )

        def work() -> str:
            sys.setprofile(_late_after_reporting)
            return captured.objectName()

        BackgroundOp(parent, work).run()

    start()  # nothing else holds the parent or the captured object
    qtbot.waitUntil(lambda: BackgroundOp.running_count() == 0, timeout=15_000)
    QThreadPool.globalInstance().waitForDone()
    qtbot.waitUntil(lambda: len(destroyed_on) == 2, timeout=15_000)
    assert destroyed_on == [True, True], "an object the operation held died on a pool thread"
