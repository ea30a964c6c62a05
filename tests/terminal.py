"""Run `prescreen` in a real pseudo-terminal, as a kiosk or a coordinator's terminal runs it:
type keys, wait for text to appear on the screen, kill the process.

The screen is what a terminal emulator (pyte) makes of the bytes written: Textual redraws only
the cells that change, so the raw bytes rarely hold a sentence whole."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pyte

PRESCREEN = Path(sys.executable).with_name("prescreen")


class Terminal:
    """A program in a pseudo-terminal of the given size."""

    def __init__(
        self, argv: list[str], env: dict[str, str], *, size: tuple[int, int] = (100, 30)
    ) -> None:
        columns, lines = size
        environment = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": os.environ.get("HOME", "/tmp"),
            "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", ""),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            **env,
        }
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child becomes prescreen
            os.execve(argv[0], argv, environment)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        self.output = b""
        """Every byte the program wrote, escape sequences and all."""
        self.screen = pyte.Screen(columns, lines)
        self._stream = pyte.ByteStream(self.screen)
        self.status: int | None = None

    def _read(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select(
                [self.fd], [], [], min(0.05, max(end - time.monotonic(), 0))
            )
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    return  # the program has ended
                if not chunk:
                    return
                self.output += chunk
                self._stream.feed(chunk)

    def shown(self) -> str:
        """The screen now, as lines of text."""
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, text: str, seconds: float = 30.0) -> None:
        """Wait until `text` is on the screen."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self._read(0.05)
            if text in self.shown():
                return
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.shown()}")

    def pause(self, seconds: float) -> None:
        """Let the program run (and its output be read) for a while."""
        self._read(seconds)

    def send(self, keys: str) -> None:
        """Type keys (Enter is \\r)."""
        self._read(0)
        os.write(self.fd, keys.encode())

    def kill(self) -> None:
        """SIGKILL: no handler runs, no file is closed, as when power fails or the OS kills it."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.close()

    def close(self) -> None:
        """Wait for the program to end (killing it if it does not) and release the terminal."""
        end = time.monotonic() + 10
        while self.status is None and time.monotonic() < end:
            self._read(0.05)
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                self.status = status
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            _, self.status = os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):
            os.close(self.fd)


def prescreen(args: list[str], store: Path, *, size: tuple[int, int] = (100, 30)) -> Terminal:
    """`prescreen` with a store of its own and no settings file."""
    env = {
        "PRESCREEN_STORE": str(store),
        "PRESCREEN_SETTINGS": str(store.parent / "no-settings.toml"),
    }
    return Terminal([str(PRESCREEN), *args], env, size=size)
