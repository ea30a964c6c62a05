"""Recording an unexpected error for the maintainers without any answer text in it."""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

from platformdirs import user_log_path


def crash_log_folder() -> Path:
    """Where crash reports go: the per-user log folder."""
    return user_log_path("prescreen", appauthor=False)


def write_crash_report(error: BaseException, folder: Path | None = None) -> Path | None:
    """Write the error's type and where it happened (files, lines, functions), never its message
    or any values, to a private file; its path, or None when it could not be written."""
    frames = traceback.extract_tb(error.__traceback__)
    lines = [f"prescreen crash {dt.datetime.now(dt.UTC).isoformat()}", type(error).__qualname__]
    lines += [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    target = folder or crash_log_folder()
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = target / f"crash-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S%f}.log"
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(lines) + "\n")
    except OSError:
        return None
    return path
