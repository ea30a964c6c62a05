"""The staff PIN that unlocks a kiosk: kept only as a salted scrypt hash, and guarded against
guessing by a lock-out that grows with each wrong try."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

_N, _R, _P, _LENGTH = 2**14, 8, 1, 32
_FORMAT = re.compile(r"^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")
MIN_PIN_LENGTH = 4
MAX_PIN_LENGTH = 64


class PinError(ValueError):
    """A PIN or a PIN hash that cannot be used; the message says why."""


def hash_pin(pin: str) -> str:
    """The text to put in the settings for this PIN: `scrypt$N$r$p$salt$hash`."""
    check_pin_shape(pin)
    salt = secrets.token_bytes(16)
    digest = _scrypt(pin, salt, _N, _R, _P)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def check_pin_shape(pin: str) -> None:
    """Refuse a PIN too short to protect anything or too long to type."""
    if len(pin) < MIN_PIN_LENGTH:
        raise PinError(f"a staff PIN has at least {MIN_PIN_LENGTH} characters")
    if len(pin) > MAX_PIN_LENGTH:
        raise PinError(f"a staff PIN has at most {MAX_PIN_LENGTH} characters")


def check_hash_shape(stored: str) -> str:
    """The hash if it is one `hash_pin` could have written; PinError otherwise."""
    match = _FORMAT.match(stored)
    if match is None:
        raise PinError(
            "not a PIN hash: it looks like scrypt$16384$8$1$<salt>$<hash>; "
            "make one with 'prescreen pin-hash'"
        )
    n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    if n < 2**10 or n > 2**20 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
        raise PinError("the PIN hash has cost settings out of range; make a new one")
    try:
        base64.b64decode(match.group(4), validate=True)
        base64.b64decode(match.group(5), validate=True)
    except binascii.Error:
        raise PinError("the PIN hash is damaged; make one with 'prescreen pin-hash'") from None
    return stored


def pin_matches(pin: str, stored: str) -> bool:
    """Whether `pin` is the PIN `stored` was made from (in constant time)."""
    match = _FORMAT.match(check_hash_shape(stored))
    assert match is not None
    n, r, p = (int(match.group(i)) for i in (1, 2, 3))
    salt = base64.b64decode(match.group(4))
    expected = base64.b64decode(match.group(5))
    if len(pin) > MAX_PIN_LENGTH:
        return False
    return hmac.compare_digest(_scrypt(pin, salt, n, r, p, len(expected)), expected)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, length: int = _LENGTH) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=2**27)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


FREE_TRIES = 3
"""Wrong PINs allowed before the lock-out starts."""
FIRST_LOCKOUT = 30.0
MAX_LOCKOUT = 900.0


@dataclass
class PinGuard:
    """Checks PINs typed at a kiosk, refusing all tries for a while after too many wrong ones:
    30 seconds after the third, doubling with each further wrong PIN, up to 15 minutes."""

    stored: str
    clock: Callable[[], float] = time.monotonic
    failures: int = 0
    _locked_until: float = field(default=0.0, repr=False)

    def locked_for(self) -> int:
        """Whole seconds until a PIN may be tried again (0: now)."""
        return max(0, round(self._locked_until - self.clock() + 0.499))

    def attempt(self, pin: str) -> Literal["ok", "wrong", "locked"]:
        """Try a PIN: `locked` means it was not even checked."""
        if self.locked_for() > 0:
            return "locked"
        if pin_matches(pin, self.stored):
            self.failures = 0
            return "ok"
        self.failures += 1
        if self.failures >= FREE_TRIES:
            wait = min(FIRST_LOCKOUT * 2 ** (self.failures - FREE_TRIES), MAX_LOCKOUT)
            self._locked_until = self.clock() + wait
        return "wrong"
