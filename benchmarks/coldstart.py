"""Cold start in a real terminal: spawn a program on a pseudo-terminal, time until a text
appears in what it writes, and read the process's peak memory when it is stopped."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import reference_app

COLUMNS, LINES = 80, 24
SETTLE = 0.3
"""Seconds the program runs on after its text appears, so the start's peak memory is in."""
TIMEOUT = 30.0

_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, colours
    rb"|\x1b[PX^_][^\x1b]*\x1b\\"  # DCS, SOS, PM, APC
    rb"|\x1b[@-Z\\-_()*+#][0-9A-Za-z]?"  # two- and three-byte escapes
)


class StartFailed(Exception):
    """The program never showed its text."""


@dataclass(frozen=True)
class Start:
    """One cold start: seconds from spawn to the text on screen, and peak memory in MiB."""

    seconds: float
    max_rss_mib: float
    """The process's own peak (VmHWM): not ru_maxrss, which for a child counts the memory of
    the parent it was forked from, before its exec."""


def visible_text(output: bytes) -> str:
    """What a terminal would show of `output`, as one string (escape sequences removed)."""
    return _ESCAPES.sub(b"", output).decode("utf-8", errors="replace")


def start_once(
    argv: Sequence[str], env: Mapping[str, str], text: str, *, timeout: float = TIMEOUT
) -> Start:
    """Spawn `argv` on a fresh pseudo-terminal of 80x24 and wait for `text` to be shown."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    output = bytearray()
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=dict(env),
        start_new_session=True,
    )
    os.close(slave)
    seen: float | None = None
    peak = 0.0
    try:
        seen = _read_until(master, output, text, started + timeout, process)
        if seen is not None:
            _read_until(master, output, None, time.perf_counter() + SETTLE, process)
            peak = peak_memory_mib(process.pid)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        _pid, status = os.waitpid(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        os.close(master)
    if seen is None:
        tail = visible_text(bytes(output))[-400:]
        raise StartFailed(f"{argv[0]} never showed {text!r}; it showed: {tail!r}")
    return Start(seen - started, peak)


def peak_memory_mib(pid: int) -> float:
    """The peak resident memory of a running process (VmHWM), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # in kB
    raise StartFailed(f"no VmHWM for process {pid}")


def _read_until(
    master: int,
    output: bytearray,
    text: str | None,
    deadline: float,
    process: subprocess.Popen[bytes],
) -> float | None:
    """Read the terminal's output until `text` shows (the time it did) or the deadline."""
    while (left := deadline - time.perf_counter()) > 0:
        ready, _, _ = select.select([master], [], [], min(left, 0.05))
        if not ready:
            if process.poll() is not None:
                return None
            continue
        try:
            chunk = os.read(master, 1 << 16)
        except OSError:  # the program closed the terminal
            return None
        if not chunk:
            return None
        now = time.perf_counter()
        output.extend(chunk)
        if text is not None and text in visible_text(bytes(output)):
            return now
    return None


def clean_environment(**extra: str) -> dict[str, str]:
    """This environment without prescreen's or Textual's own variables, as a terminal of
    80x24 with colours, plus `extra`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PRESCREEN_", "TEXTUAL", "COLUMNS", "LINES", "PYTHON"))
    }
    env.update(TERM="xterm-256color", COLORTERM="truecolor", **extra)
    return env


def prescreen_command() -> list[str]:
    """The `prescreen` command of this virtual environment."""
    script = Path(sys.executable).parent / "prescreen"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "prescreen.cli"]


def reference_command() -> list[str]:
    """The reference app, started as a script by the same interpreter."""
    return [sys.executable, str(Path(reference_app.__file__))]
