"""Drafts and submitted applications on disk.

Layout under the store folder (private to its owner)::

    applications/<REF>.json   submitted applications, never overwritten
    drafts/<REF>.json         interviews in progress, replaced on every save
    references/<REF>          one empty marker per reference code ever handed out
    locks/<REF>               held for the instant a draft is checked and replaced
    list-index.json           what `entries` last read from each file, so a list of thousands
                              reads only the files new or changed since

Every write goes to a temporary file in the same folder, is flushed to disk (fsync), then renamed
into place, so a reader sees the old file or the new one, never half of one. A reference code is
claimed by creating its marker with O_EXCL, which is atomic across processes sharing the folder;
a draft is saved under a lock taken the same way, so two writers never both replace one revision.

`Store` is the interface front ends use; `FileStore` is the folder implementation. A shared
database backend implements the same protocol.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from prescreen.core import listing
from prescreen.core.listing import Entry
from prescreen.core.records import Application, Draft, new_reference, normalise_reference

MAX_RECORD_BYTES = 20_000_000
_Record = TypeVar("_Record", Application, Draft)
_PRIVATE = (0o700, 0o600)
"""Folder and file modes of a store only its owner reads (the default)."""
_GROUP = (0o2770, 0o660)
"""... of a store whose folder its owner has opened to a group (group read, write and enter),
so that kiosks and coordinators under accounts of their own share it: the group keeps that
access to everything written in it, and new folders keep the group (set-group-ID)."""
_GROUP_ALL = 0o070


class StoreError(Exception):
    """A store operation failed; the message says what and where, for a person."""


class DraftConflict(StoreError):
    """The draft in the store was written elsewhere (another kiosk or coordinator) since this
    one was read: writing over it would lose those answers."""


class NotFound(StoreError):
    """No application or draft with that reference."""


@dataclass(frozen=True)
class Unreadable:
    """A file in the store that could not be read, and why."""

    path: Path
    reason: str


class Store(Protocol):
    """What front ends need from a store of drafts and applications."""

    def new_reference(self) -> str:
        """Claim a reference code no one else in this store has."""
        ...

    def save_draft(self, draft: Draft) -> None:
        """Write or replace a draft; DraftConflict if the one stored is not the revision
        before this one (someone else wrote it meanwhile)."""
        ...

    def load_draft(self, reference: str) -> Draft:
        """The draft with this reference (raises NotFound, StoreError)."""
        ...

    def delete_draft(self, reference: str) -> None:
        """Remove a draft (after it is submitted)."""
        ...

    def submit(self, application: Application) -> str:
        """Write a submitted application and drop its draft; returns where it was written."""
        ...

    def load_application(self, reference: str) -> Application:
        """The application with this reference (raises NotFound, StoreError)."""
        ...

    def entries(self, *, drafts_only: bool = False) -> tuple[list[Entry], list[Unreadable]]:
        """Every application and draft (or only the drafts), newest first, and the files that
        could not be read."""
        ...


def _reference(text: str) -> str:
    reference = normalise_reference(text)
    if reference is None:
        raise NotFound(f"'{text[:40]}' is not a reference code (they look like 7KQ2-MX4D)")
    return reference


class FileStore:
    """A store in a folder, safe for several processes at once (local disk or a shared folder)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.applications = self.root / "applications"
        self.drafts = self.root / "drafts"
        self.references = self.root / "references"
        self.locks = self.root / "locks"
        self.index = self.root / "list-index.json"
        self._folders = (self.applications, self.drafts, self.references, self.locks)
        self._seen = False
        self._dir_mode, self._file_mode = _PRIVATE

    def _ensure(self) -> None:
        try:
            if not self.root.is_dir():
                if self._seen:
                    # Recreating it would write answers onto whatever is now at that path
                    # (the empty mount point of a disk that was taken out).
                    raise StoreError(
                        f"the store folder {self.root} has gone (was its disk removed?)"
                    )
                self.root.mkdir(mode=_PRIVATE[0], parents=True)
                self.root.chmod(_PRIVATE[0])  # mkdir's mode is reduced by the umask
            mode = self.root.stat().st_mode
            # Opened to a group, and set-group-ID so that all in it belongs to that group
            # (without it, files would take each writer's own group).
            shared = mode & _GROUP_ALL == _GROUP_ALL and bool(mode & stat.S_ISGID)
            self._dir_mode, self._file_mode = _GROUP if shared else _PRIVATE
            for folder in self._folders:
                if not folder.is_dir():
                    folder.mkdir(mode=self._dir_mode, exist_ok=True)
                    with contextlib.suppress(OSError):  # made meanwhile by another account
                        folder.chmod(self._dir_mode)  # mkdir's mode is reduced by the umask
        except OSError as error:
            raise StoreError(f"cannot use the store folder {self.root}: {error.strerror}") from None
        self._seen = True

    def check(self) -> None:
        """Raise StoreError unless this store can be written now: its folders made or there,
        and a file written in each and removed (an answer must never be taken that cannot
        be saved)."""
        self._ensure()
        for folder in self._folders:
            try:
                fd, name = tempfile.mkstemp(dir=folder, prefix=".tmp-check-")
                os.close(fd)
                Path(name).unlink()
            except OSError as error:
                raise StoreError(f"cannot write to {folder}: {error.strerror}") from None

    # -- writing --------------------------------------------------------------------------------
    def new_reference(self) -> str:
        """Claim a reference by creating its marker exclusively; retried on the rare clash."""
        self._ensure()
        for _ in range(100):
            reference = new_reference()
            try:
                fd = os.open(
                    self.references / reference,
                    os.O_CREAT | os.O_EXCL | os.O_WRONLY,
                    self._file_mode,
                )
            except FileExistsError:
                continue
            except OSError as error:
                raise StoreError(
                    f"cannot write to the store {self.root}: {error.strerror}"
                ) from None
            os.close(fd)
            return reference
        raise StoreError("could not find a free reference code")  # pragma: no cover

    def save_draft(self, draft: Draft) -> None:
        """Write or replace a draft, atomically, never over a newer revision written elsewhere
        (a damaged file in its place is replaced)."""
        path = self.drafts / f"{draft.id}.json"
        with self._locked(draft.id):
            stored = _revision_of(path, default=draft.revision - 1)
            if stored != draft.revision - 1:
                raise DraftConflict(
                    f"draft {draft.id} was changed elsewhere (revision {stored}) since revision "
                    f"{draft.revision - 1} was read here"
                )
            self._write(path, draft)

    @contextlib.contextmanager
    def _locked(self, reference: str) -> Iterator[None]:
        """Hold the lock of one draft while it is checked and written. A lock left by a writer
        that died holding it is taken over once it is older than any write takes."""
        self._ensure()
        lock = self.locks / reference
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                os.close(os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, self._file_mode))
                break
            except FileExistsError:
                if _age(lock) > STALE_LOCK_SECONDS:
                    with contextlib.suppress(OSError):
                        lock.unlink()
                    continue
                if time.monotonic() > deadline:
                    raise StoreError(f"draft {reference} is being saved elsewhere") from None
                time.sleep(0.002)
            except OSError as error:
                raise StoreError(
                    f"cannot write to the store {self.root}: {error.strerror}"
                ) from None
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                lock.unlink()

    def delete_draft(self, reference: str) -> None:
        """Remove a draft if it exists; best effort (a draft left behind is only a working copy)."""
        with contextlib.suppress(OSError):
            (self.drafts / f"{_reference(reference)}.json").unlink()

    def submit(self, application: Application) -> str:
        """Write the application (never replacing a different one) and remove its draft.

        Submitting the same application again is harmless: a retry after an error that came
        once the file was already written succeeds without writing twice.
        """
        path = self.applications / f"{application.id}.json"
        self._write(path, application, exclusive=True)
        self.delete_draft(application.id)
        return str(path)

    def _write(self, path: Path, record: BaseModel, *, exclusive: bool = False) -> None:
        self._ensure()
        data = record.model_dump_json(by_alias=True, indent=2).encode() + b"\n"
        self._write_bytes(path, data, exclusive=exclusive)

    def _write_bytes(self, path: Path, data: bytes, *, exclusive: bool = False) -> None:
        try:
            fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        except OSError as error:
            raise StoreError(f"cannot write to {path.parent}: {error.strerror}") from None
        temp = Path(temp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), self._file_mode)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            if exclusive:
                _place_new(temp, path, data)
            else:
                temp.replace(path)
            _fsync_folder(path.parent)
        except FileExistsError:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise StoreError(f"{path.name} already exists; it was not replaced") from None
        except OSError as error:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise StoreError(f"cannot write {path}: {error.strerror}") from None

    # -- reading ---------------------------------------------------------------------------------
    def load_draft(self, reference: str) -> Draft:
        """The draft with this reference."""
        code = _reference(reference)
        try:
            return _read(self.drafts / f"{code}.json", Draft)
        except NotFound:
            if (self.applications / f"{code}.json").exists():
                raise NotFound(
                    f"{code} has been submitted: it is an application now, not a draft "
                    f"(read it with: prescreen show {code})"
                ) from None
            raise

    def load_application(self, reference: str) -> Application:
        """The application with this reference."""
        return _read(self.applications / f"{_reference(reference)}.json", Application)

    def entries(self, *, drafts_only: bool = False) -> tuple[list[Entry], list[Unreadable]]:
        """Every application and draft (or only the drafts), newest first, and the files that
        could not be read. A file unchanged since the last listing (same inode, size and
        modification time) is taken from the index instead of being read and checked again."""
        known = listing.read(self.index)
        index: dict[str, listing.Indexed] = {}
        found: list[Entry] = []
        problems: list[Unreadable] = []
        readers: list[tuple[Path, Callable[[Path], Application | Draft]]] = [
            (self.drafts, lambda path: _read(path, Draft)),
        ]
        if drafts_only:
            index = {name: kept for name, kept in known.items() if name.startswith("applications/")}
        else:
            readers.insert(0, (self.applications, lambda path: _read(path, Application)))
        for folder, read in readers:
            for path, stamp in self._files(folder, problems):
                name = f"{folder.name}/{path.name}"
                kept = known.get(name)
                if kept is not None and kept.stamp == stamp:
                    entry = kept.entry
                else:
                    try:
                        entry = _entry(read(path))
                    except StoreError as error:
                        problems.append(Unreadable(path, str(error)))
                        continue
                index[name] = listing.Indexed(stamp, entry)
                found.append(entry)
        if index != known and self.root.is_dir():
            with contextlib.suppress(StoreError):  # only an index: the next listing reads more
                self._ensure()  # for the store's modes
                self._write_bytes(self.index, listing.dump(index))
        found.sort(key=lambda e: e.date, reverse=True)
        return found, problems

    def _files(
        self, folder: Path, problems: list[Unreadable]
    ) -> Iterator[tuple[Path, listing.Stamp]]:
        """The record files in a folder, with what tells whether each changed since indexed;
        a folder that is there but cannot be read is added to `problems` (not taken for an
        empty one)."""
        try:
            listing = sorted(os.scandir(folder), key=lambda item: item.name)
        except FileNotFoundError:
            return
        except OSError as error:
            problems.append(Unreadable(folder, f"cannot be read ({error.strerror})"))
            return
        for item in listing:
            path = Path(item.path)
            if item.name.startswith(".tmp-"):
                _remove_if_stale(path)
                continue
            try:
                status = item.stat()
            except OSError:
                continue  # removed meanwhile (a draft submitted)
            yield path, (status.st_ino, status.st_size, status.st_mtime_ns)


def _place_new(temp: Path, path: Path, data: bytes) -> None:
    """Move a written temporary file to `path` without ever replacing a different file there."""
    try:
        path.hardlink_to(temp)  # atomic, and fails if the name is taken
    except FileExistsError:
        with contextlib.suppress(OSError):
            if path.read_bytes() == data:  # the same application, written before: a retry
                temp.unlink()
                return
        raise
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # No hard links on this filesystem. The reference was claimed with O_EXCL, so no other
        # writer uses this name; refuse only if the file is already there.
        if path.exists():
            raise FileExistsError(path) from None
        temp.replace(path)
        return
    with contextlib.suppress(OSError):
        temp.unlink()  # the application is in place; a stray temporary file is harmless


def _entry(record: Application | Draft) -> Entry:
    if isinstance(record, Application):
        kind: Literal["application", "draft"] = "application"
        date, outcome = record.submitted_at, record.outcome.code.value
    else:
        kind, date, outcome = "draft", record.updated_at, None
    return Entry(
        kind,
        record.id,
        date,
        record.mode,
        outcome,
        record.summary.name,
        record.summary.phone,
        f"{record.question_set.id} {record.question_set.version}",
        record.interviewer,
        record.current if isinstance(record, Draft) else None,
    )


LOCK_WAIT_SECONDS = 2.0
"""How long a save waits for another writer of the same draft before giving up (and retrying
later, as for any store failure)."""
STALE_LOCK_SECONDS = 10.0
"""A draft lock this old was left by a writer that died holding it (a write takes milliseconds)."""

STALE_TEMPORARY_SECONDS = 3600
"""A temporary file this old was left by a writer that died mid-write; it holds answers, so it
is removed when the store is next listed."""


def _remove_if_stale(path: Path) -> None:
    if _age(path) > STALE_TEMPORARY_SECONDS:
        with contextlib.suppress(OSError):
            path.unlink()


def _age(path: Path) -> float:
    """Seconds since the file was last written (0 when it is gone or cannot be read)."""
    try:
        return time.time() - path.stat().st_mtime
    except OSError:
        return 0.0


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _revision_of(path: Path, *, default: int) -> int:
    """The revision of the draft at `path` (0 when there is none), read without checking the
    rest of the file, as it is read before every save; `default` when it cannot be read."""
    try:
        revision = json.loads(path.read_bytes()[:MAX_RECORD_BYTES]).get("revision", 0)
    except FileNotFoundError:
        return 0
    except (OSError, ValueError, RecursionError, AttributeError):
        return default
    return revision if isinstance(revision, int) else default


def _read(path: Path, model: type[_Record]) -> _Record:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_RECORD_BYTES + 1)
    except FileNotFoundError:
        raise NotFound(f"no {model.__name__.lower()} {path.stem} in this store") from None
    except OSError as error:
        raise StoreError(f"{path.name}: cannot be read ({error.strerror})") from None
    if len(data) > MAX_RECORD_BYTES:
        raise StoreError(f"{path.name}: too large to be a {model.__name__.lower()}")
    try:
        parsed = json.loads(data)
    except (ValueError, RecursionError):
        raise StoreError(f"{path.name}: not valid JSON (truncated or damaged)") from None
    if not isinstance(parsed, dict):
        raise StoreError(f"{path.name}: not a {model.__name__.lower()} file")
    expected = model.model_fields["schema_"].default
    if parsed.get("schema") != expected:
        raise StoreError(
            f"{path.name}: schema is {str(parsed.get('schema'))[:40]!r}, expected {expected!r}"
        )
    try:
        record = model.model_validate(parsed)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StoreError(
            f"{path.name}: does not match the {model.__name__.lower()} schema "
            f"({error.error_count()} problem(s), first at {where or 'top level'})"
        ) from None
    if record.id != path.stem:
        raise StoreError(f"{path.name}: holds {record.id}, not {path.stem}; was it renamed?")
    return record
