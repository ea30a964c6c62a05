"""Reading a text file someone handed to prescreen (a question set, an answers file): a regular
file, bounded in size, UTF-8, each refusal said in plain words."""

from __future__ import annotations

from pathlib import Path

MAX_BYTES = 2_000_000
"""A question set larger than this is refused before it is parsed (the largest real ones are
tens of kilobytes)."""


def read_bounded(path: Path, limit: int = MAX_BYTES) -> str:
    """The file's text, refusing files over `limit` bytes and text that is not UTF-8."""
    try:
        if path.is_dir():
            raise IsADirectoryError
        if path.exists() and not path.is_file():  # a device or a pipe could never end
            raise ValueError("this is not a regular file")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise ValueError("this is a folder, not a file") from None
    except FileNotFoundError:
        raise ValueError("no such file") from None
    except PermissionError:
        raise ValueError("permission denied: the file cannot be read") from None
    except OSError as error:
        raise ValueError(f"cannot be read ({error.strerror or error})") from None
    if len(data) > limit:
        raise ValueError(f"the file is larger than {limit // 1_000_000} MB; is it the right file?")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError("the file is saved as UTF-16; save it as UTF-8")
    if b"\x00" in data:
        raise ValueError("this is not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(f"line {line}: not UTF-8 text; save the file as UTF-8") from None
