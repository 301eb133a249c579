"""Installs the Qt translators for the chosen language.

Our strings come from ``resources/i18n/agentdesk_<lang>.qm`` (built from the ``.ts`` by
``make i18n``); Qt's own (dialog buttons) from the Qt installation. English is the source
language and needs no translator.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from agentdesk.resources import ResourceNotFound, resource_path

__all__ = ["install_translators"]

log = logging.getLogger(__name__)


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install translators for ``language`` ("en", "zh_CN"); returns them (keep a reference)."""
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return []
    installed: list[QTranslator] = []
    try:
        ours = resource_path("i18n", f"agentdesk_{language}.qm")
    except ResourceNotFound:
        log.warning("no translation for %s; run `make i18n` to build it", language)
    else:
        translator = QTranslator(app)
        if translator.load(str(ours)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("cannot load translation %s", ours.name)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language}", qt_dir):
        app.installTranslator(qt_translator)
        installed.append(qt_translator)
    return installed
