"""Python's cycle collector, held off while the program starts.

A start builds objects that live as long as the program: modules, classes, the question set,
the stylesheet, the first screen. The collector went through them again and again as they
were made, a large part of the time to the first screen. `hold` switches it off at the start
of `prescreen run`; `release`, once the first screen is drawn, sets what the start built
aside for good (`gc.freeze`: later collections, the pauses a person could feel, skip it) and
switches the collector back on. Nothing happens where nothing held it (tests, other commands).
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Switch the cycle collector off until `release` (if it is on)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Switch the collector back on if `hold` switched it off; what was built meanwhile and
    is still in use is kept out of later collections."""
    global _held
    if _held:
        _held = False
        gc.collect()  # what the start no longer uses goes, instead of being kept for good
        gc.freeze()
        gc.enable()


def is_held() -> bool:
    """Whether `hold` has the collector switched off."""
    return _held
