"""Escape sequences in answers and drafts never reach a real terminal as they are.

The real `prescreen` program runs in a pseudo-terminal over a store holding hostile drafts and
applications (an OSC title change, a screen clear, C1 controls, a bidi override); every byte the
program writes to the terminal is read back and searched for the injected sequences. They must
appear only written out (`\\x1b]0;PWNED`), never raw.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from prescreen.core.answer_file import run_answers
from prescreen.core.interview import Interview
from prescreen.core.questionset import QuestionSet
from prescreen.core.store import FileStore
from tests.conftest import DEMO, VALID_ANSWERS, fixed_clock

if sys.platform == "win32":  # pragma: no cover
    pytest.skip("needs a pseudo-terminal", allow_module_level=True)

import fcntl
import pty
import struct
import termios

PRESCREEN = Path(sys.executable).with_name("prescreen")
HOSTILE = "\x1b]0;PWNED\x07 \x1b[2Jmark \x9b31m \x9d0;OSC8\x9c \u202eevil"
RAW = [
    b"\x1b]0;PWNED",  # an OSC title change, introduced
    b"PWNED\x07",  # ... and ended
    b"\x1b[2Jmark",  # a screen clear
    "\x9b".encode(),  # C1 CSI, as UTF-8
    "\x9d".encode(),  # C1 OSC
    "\u202e".encode(),  # right-to-left override
]
"""The injected sequences, as bytes a terminal would act on."""
PASTED = "1985\x9d0;PWNED\x07\x9b2Jmark-03"
"""Pasted into an answer box: the box keeps `1985mark-03` (sequences removed whole). C1 forms:
Textual's reader types an ESC inside a bracketed paste as keys, so only these, and BEL, arrive
in the paste itself."""
WRITTEN_OUT = b"\\x1b]0;PWNED"
"""The same sequence as the screen shows it."""


class Terminal:
    """A program running in a pseudo-terminal of 120x40, and everything it wrote."""

    def __init__(self, *argv: str, env: dict[str, str]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: becomes the program
            os.execve(argv[0], list(argv), env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.pid, self.fd = pid, fd
        self.output = bytearray()

    def read(self, seconds: float, until: bytes | None = None) -> bool:
        """Read for `seconds`, or until `until` is written; whether it was (or the program
        ended, when there is nothing to wait for)."""
        start = len(self.output)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the program ended
                return until is None
            if not chunk:
                return until is None
            self.output += chunk
            if until is not None and until in self.output[start:]:
                return True
        return False

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def environment(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRESCREEN_")}
    env.update(TERM="xterm-256color", PRESCREEN_SETTINGS=str(tmp_path / "none.toml"))
    return env


def write_draft(
    demo: QuestionSet, store: FileStore, *, removed_note: bool = False
) -> tuple[str, str]:
    """A draft whose name, phone, interviewer and answers hold HOSTILE, as a hand-edited file
    may; with `removed_note`, also a note on a question the set no longer has (quoted when the
    draft is resumed). The reference and a word to search for it with."""
    interview = Interview(demo, mode="phone", interviewer="c1", clock=fixed_clock)
    interview.reference = store.new_reference()
    interview.give_consent()
    interview.answer("full_name", "Eve")
    data = interview.to_draft().model_dump(mode="json", by_alias=True)
    data["summary"] = {"name": f"Eve {HOSTILE}", "phone": f"555 {HOSTILE}", "email": None}
    data["interviewer"] = f"int {HOSTILE}"[:60]
    data["answers"]["full_name"]["value"] = f"Eve {HOSTILE}"
    data["current"] = "date_of_birth"
    if removed_note:
        data["notes"][f"removed {HOSTILE}"] = f"note {HOSTILE}"
    path = store.drafts / f"{interview.reference}.json"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
    return interview.reference, "Eve"


def phone_console(tmp_path: Path) -> Terminal:
    return Terminal(
        str(PRESCREEN),
        "run",
        "--mode",
        "phone",
        "--interviewer",
        "X",
        "--questions",
        str(DEMO),
        "--store",
        str(tmp_path / "store"),
        env=environment(tmp_path),
    )


def open_draft(term: Terminal, reference: str, search: bytes) -> None:
    """The drafts list is up: search for the one draft, then open it with Enter."""
    assert term.read(30, until=reference.encode()), "the drafts list never showed the draft"
    term.send(b"\x06")  # ctrl+f: the search box
    term.read(0.3)
    term.send(search)
    term.read(0.5)
    term.send(b"\r")


def assert_nothing_raw(output: bytes) -> None:
    for sequence in RAW:
        assert sequence not in output, f"{sequence!r} reached the terminal"


def test_drafts_list_caller_and_pasted_answer_are_written_out(
    demo: QuestionSet, tmp_path: Path
) -> None:
    store = FileStore(tmp_path / "store")
    reference, search = write_draft(demo, store)
    term = phone_console(tmp_path)
    try:
        open_draft(term, reference, search.encode())
        assert term.read(30, until=b"date of birth"), "the draft did not open"
        # A bracketed paste, as a terminal sends one, into the date box (40 characters).
        term.send(b"\x1b[200~" + PASTED.encode() + b"\x1b[201~")
        assert term.read(30, until=b"mark-03"), "the paste did not reach the box"
        term.read(0.5)
    finally:
        term.close()
    output = bytes(term.output)
    assert WRITTEN_OUT in output  # the list showed the name, escapes written out
    assert_nothing_raw(output)


def test_resume_notices_are_written_out(demo: QuestionSet, tmp_path: Path) -> None:
    store = FileStore(tmp_path / "store")
    reference, search = write_draft(demo, store, removed_note=True)
    term = phone_console(tmp_path)
    try:
        open_draft(term, reference, search.encode())
        assert term.read(30, until=b"Resumed draft"), "the draft did not open"
        term.read(1.0)
    finally:
        term.close()
    assert_nothing_raw(bytes(term.output))


def hostile_application(demo: QuestionSet, store: FileStore) -> str:
    """A submitted application, then hand-edited: every text `list` and `show` print."""
    done = run_answers(demo, VALID_ANSWERS, interviewer="coord-7")
    done.interview.set_note("kidney", "Biopsy 2019")
    done.interview.reference = store.new_reference()
    path = Path(store.submit(done.interview.submit()))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["summary"]["name"] = f"Eve {HOSTILE}"
    data["interviewer"] = f"int {HOSTILE}"
    data["question_set"]["title"] = f"Set {HOSTILE}"
    data["outcome"]["label"] = f"Outcome {HOSTILE}"
    data["outcome"]["reasons"] = [f"Reason {HOSTILE}"]
    data["sections"][0]["title"] = f"Section {HOSTILE}"
    answer = data["sections"][0]["answers"][0]
    answer["question"] = f"Question {HOSTILE}"
    answer["label"] = f"Label {HOSTILE}\nsecond line {HOSTILE}"
    answer["warnings_confirmed"] = [f"Warning {HOSTILE}"]
    data["notes"][0]["text"] = f"Note {HOSTILE}"
    data["notes"][0]["interviewer"] = f"int {HOSTILE}"
    data["calculations"][0]["label"] = f"Calc {HOSTILE}"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
    return done.interview.reference


@pytest.mark.parametrize(
    "command", [["list"], ["list", "--json"], ["show", "REF"], ["show", "--json", "REF"]]
)
def test_list_and_show_write_escapes_out(
    demo: QuestionSet, tmp_path: Path, command: list[str]
) -> None:
    store = FileStore(tmp_path / "store")
    reference = hostile_application(demo, store)
    write_draft(demo, store)
    argv = [reference if part == "REF" else part for part in command]
    term = Terminal(
        str(PRESCREEN), *argv, "--store", str(tmp_path / "store"), env=environment(tmp_path)
    )
    try:
        assert term.read(30), "the command did not finish"
    finally:
        term.close()
    output = bytes(term.output)
    assert b"PWNED" in output  # the hostile texts were printed
    assert_nothing_raw(output)
    text = output.decode("utf-8")
    controls = {c for c in text if c not in "\r\n" and (ord(c) < 32 or 0x7F <= ord(c) < 0xA0)}
    assert not controls, controls
