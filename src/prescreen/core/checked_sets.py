"""Question sets already checked: kept in a per-user cache so that starting again on the same
file skips reading the YAML, validating and linting it (most of a kiosk's start).

An entry is found by a digest of the file's bytes and of everything that decides the check's
outcome: this package's `core` source, Pydantic's and Python's versions. Any change to the file
or to that code is a new digest, so a stale entry is never used; a set with errors is never kept.
The cache holds question sets only, never answers.

Entries are pickles, so only a file this user owns in a folder this user owns, and no one else
can write to, is read (the trust given to Python's own `__pycache__`). A damaged, foreign or
unreadable entry is a miss: the set is checked from its file, as without a cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

from prescreen.core.questionset import QuestionSet

FORMAT = 1
"""Bumped when what is kept changes shape."""
KEEP = 16
"""Entries kept; the least recently written go first."""
SUFFIX = ".pickle"


def load_checked(path: Path, cache: Path | None) -> QuestionSet:
    """The question set in `path`, checked: from `cache` when these very bytes were checked by
    this very code before, else read, validated and linted (and then kept in `cache`).

    Raises QuestionSetError, as `load_question_set` does, when the file cannot be used.
    """
    from prescreen.core.problems import Problem, QuestionSetError
    from prescreen.core.textfiles import read_bounded

    source = str(path)
    try:
        text = read_bounded(path)
        entry = cache / (digest(text) + SUFFIX) if cache is not None else None
        if entry is not None and (kept := _read(entry)) is not None:
            return kept
    except ValueError as error:
        raise QuestionSetError(source, [Problem("", str(error))]) from None
    from prescreen.core import loading  # only now: YAML and the lint are a third of a start

    # read_yaml + parse_question_set in one: control characters looked for once, while the
    # YAML is read, and the collector held off once.
    qs, _warnings = loading.check_question_set_text(text, source)
    if entry is not None:
        _keep(entry, qs)
    return qs


def digest(text: str) -> str:
    """The cache key of a question set's text under this code."""
    key = hashlib.sha256()
    for part in (str(FORMAT), sys.version, _pydantic_version(), _code_fingerprint()):
        key.update(part.encode() + b"\0")
    key.update(text.encode("utf-8", "surrogatepass"))
    return key.hexdigest()


def _pydantic_version() -> str:
    from pydantic.version import VERSION

    return VERSION


def _code_fingerprint() -> str:
    """A digest of every module of `prescreen.core`: the models, the loader and the lint."""
    key = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        key.update(module.name.encode() + b"\0" + module.read_bytes())
    return key.hexdigest()


def _trusted(status: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return status.st_uid == os.getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(entry: Path) -> QuestionSet | None:
    """The set kept in `entry`, or None when there is none that can be trusted and read."""
    try:
        if not _trusted(entry.parent.stat()):
            return None
        descriptor = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not stat.S_ISREG(status.st_mode) or not _trusted(status):
                return None
            kept = pickle.load(handle)  # noqa: S301 (a file only this user can have written)
    except Exception:  # a damaged or outdated entry is a miss, whatever unpickling raised
        return None
    return kept if isinstance(kept, QuestionSet) else None


def _keep(entry: Path, qs: QuestionSet) -> None:
    """Write `qs` to `entry` (atomically, readable by this user only); a cache that cannot be
    written is no cache, never an error."""
    try:
        data = pickle.dumps(qs, protocol=pickle.HIGHEST_PROTOCOL)
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(entry.parent.stat()):
            return
        descriptor, name = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        temporary = Path(name)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
            temporary.replace(entry)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        _prune(entry.parent)
    except Exception:  # noqa: S110 (full disk, read-only home, an unpicklable value)
        pass


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*" + SUFFIX), key=_written, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _written(entry: Path) -> float:
    try:
        return entry.stat().st_mtime
    except OSError:
        return 0.0
