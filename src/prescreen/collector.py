"""Python's cycle collector, held off while the program starts.

A start builds objects that live as long as the program: modules, classes, the question set,
the stylesheet, the first screen. The collector went through them again and again as they
were made, a large part of the time to the first screen. `hold` switches it off at the start
of `prescreen run`; once the first screen is drawn, `started` switches it back on, at a kiosk
after setting what the start built aside for good (`gc.freeze`: the full passes later in the
day, pauses a person could feel, skip it). `release` only switches it back on: for a start
that fails, and where freezing would keep something for good that should go (the coordinator's
first screen lists callers' names). Nothing happens where nothing held it (tests, other
commands).
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Switch the cycle collector off until `started` or `release` (if it is on)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release() -> None:
    """Switch the collector back on if `hold` switched it off."""
    global _held
    if _held:
        _held = False
        gc.enable()


def started(*, freeze: bool) -> None:
    """The first screen is drawn: switch the collector back on if `hold` switched it off,
    after one pass over what the start no longer uses and, with `freeze`, setting the rest
    aside from later passes."""
    if not _held:
        return
    gc.collect()
    if freeze:
        gc.freeze()
    release()


def is_held() -> bool:
    """Whether `hold` has the collector switched off."""
    return _held
