"""What `prescreen list` and the drafts list show of each stored file (`Entry`), and the index
that keeps those entries between listings so thousands of files need not be read each time.

The index maps each file (`applications/7KQ2-MX4D.json`) to its stamp (inode, size and
modification time in nanoseconds) and its entry. A file whose stamp is unchanged is not read
again; any other is read and checked in full. The index is only a cache: a damaged or missing
index costs a slower listing, never a wrong one.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

INDEX_VERSION = 1
Stamp = tuple[int, int, int]
"""A file's inode, size and modification time (ns): any write changes one of them."""


@dataclass(frozen=True)
class Entry:
    """One line of `prescreen list`: an application or a draft."""

    kind: Literal["application", "draft"]
    reference: str
    date: dt.datetime
    mode: str
    outcome: str | None
    name: str | None
    phone: str | None
    question_set: str
    interviewer: str | None = None
    at_question: str | None = None
    """Drafts: the question the interview stopped at."""

    def matches(self, query: str) -> bool:
        """Whether a search typed by a coordinator finds this entry: part of the name (any
        case, with or without accents), of the reference code (with or without its dash), or
        of the phone number (digits alone, whatever the spacing)."""
        words = _folded(query).split()
        if not words:
            return True
        name = _letters(_folded(self.name or ""))
        reference = self.reference.replace("-", "").casefold()
        phone = "".join(ch for ch in self.phone or "" if ch.isdigit())
        for word in words:
            digits = "".join(ch for ch in word if ch.isdigit())
            compact = word.replace("-", "")
            found = _letters(word) in name or (len(compact) >= 2 and compact in reference)
            if not found and len(digits) >= 3 and len(digits) * 2 >= len(word):
                found = digits in phone
            if not found:
                return False
        return True


def _letters(text: str) -> str:
    """Text without its punctuation: "O'Neil" is found as oneil, "Ruiz-Díaz" as ruizdiaz."""
    return "".join(ch for ch in text if ch.isalnum() or ch.isspace())


def _folded(text: str) -> str:
    """Text for matching: case and accents set aside (`Díaz` matches `diaz`)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Indexed:
    """A file's stamp when it was read, and its entry."""

    stamp: Stamp
    entry: Entry


def read(path: Path) -> dict[str, Indexed]:
    """The index at `path`; empty when there is none or it cannot be used."""
    try:
        data = json.loads(path.read_bytes())
        if data.get("version") != INDEX_VERSION:
            return {}
        return {name: _indexed(item) for name, item in data["files"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return {}


def dump(index: dict[str, Indexed]) -> bytes:
    """The index as the bytes of its file."""
    files = {
        name: {"stamp": list(kept.stamp), "entry": asdict(kept.entry)}
        for name, kept in sorted(index.items())
    }
    return json.dumps({"version": INDEX_VERSION, "files": files}, default=str).encode()


def _indexed(item: dict[str, Any]) -> Indexed:
    inode, size, mtime = item["stamp"]
    fields = dict(item["entry"])
    fields["date"] = dt.datetime.fromisoformat(fields["date"])
    if fields["date"].tzinfo is None or fields["kind"] not in ("application", "draft"):
        raise ValueError("not an entry")
    for name, value in fields.items():
        if name != "date" and value is not None and not isinstance(value, str):
            raise TypeError(name)
    return Indexed((int(inode), int(size), int(mtime)), Entry(**fields))
