"""What makes a kiosk a kiosk: the keys a patient cannot use, the staff key, and the timings
that clear the screen for the next person."""

from __future__ import annotations

import re
from dataclasses import dataclass

STAFF_KEY = "ctrl+k"
"""Opens the staff PIN prompt (and, with the right PIN, the staff menu)."""

_BLOCKED = frozenset(
    {
        "ctrl+q",  # quit
        "ctrl+c",  # quit / copy
        "ctrl+z",  # suspend to the shell
        "ctrl+backslash",  # quit with a core dump, where a terminal still sends it as a signal
        "ctrl+p",  # command palette
        "ctrl+t",  # theme: chosen by staff on a kiosk
        "escape",
    }
)
_FUNCTION_KEY = re.compile(r"^(?:(?:ctrl|shift|alt|meta|super)\+)*f\d{1,2}$")


ANSWER_KEYS = frozenset({"f7", "f8"})
"""Function keys a kiosk keeps: "prefer not to say" and "don't know", as on the buttons."""


def blocked_in_kiosk(key: str) -> bool:
    """Whether a key does nothing at a kiosk: every way out, and every function key but the
    two that answer a question."""
    if key in ANSWER_KEYS:
        return False
    return key in _BLOCKED or bool(_FUNCTION_KEY.match(key))


@dataclass(frozen=True)
class KioskTimes:
    """Seconds: idle before the warning ends the interview (the warning's countdown included),
    the countdown itself, and how long the end screen stays."""

    idle_timeout: float = 180
    idle_warning: float = 30
    done_timeout: float = 60

    @property
    def tick(self) -> float:
        """How often the idle clock is looked at."""
        return min(1.0, self.idle_warning / 5)


KIOSK_DEFAULTS = KioskTimes()
