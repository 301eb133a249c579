"""User actions as small functions (after Anki's ``aqt.operations``).

Each function starts one background operation for one thing the agent asked for and hands the
outcome to callbacks on the GUI thread. Widgets decide *when*; these decide *what* is called.
"""
