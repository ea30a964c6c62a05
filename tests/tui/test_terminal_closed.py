"""The terminal closes under a running interview (the window closed, the link to it dropped)
while whatever started prescreen ignores the hang-up, as `make run` does: prescreen keeps the
interview, with what was typed but not yet sent, and stops, instead of running on unseen."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from prescreen.core.store import FileStore
from tests.conftest import DEMO
from tests.terminal import PRESCREEN, Terminal


@pytest.mark.parametrize(("mode", "event"), [("kiosk", "timed_out"), ("phone", "parked")])
def test_a_closed_terminal_keeps_the_interview_and_stops(
    tmp_path: Path, mode: str, event: str
) -> None:
    store = tmp_path / "store"
    command = f"trap '' HUP; exec {PRESCREEN} run --mode {mode} --questions {DEMO}"
    if mode == "phone":
        command += " --interviewer coord-1"
    env = {"PRESCREEN_STORE": str(store), "PRESCREEN_SETTINGS": str(tmp_path / "none.toml")}
    terminal = Terminal(["/bin/sh", "-c", command], env)
    try:
        if mode == "phone":
            terminal.wait_for("New interview")
            terminal.send("\r")
        terminal.wait_for("Start")
        terminal.send("\r")
        terminal.wait_for("I do not agree")
        terminal.send("\t\t\r")  # to "I agree": no answer has the focus at first
        terminal.wait_for("What is your full name?")
        terminal.send("Ana Closed")  # typed, not sent
        terminal.wait_for("Ana Closed")
    finally:
        os.close(terminal.fd)  # the terminal goes away
    end = time.monotonic() + 20
    while time.monotonic() < end:
        done, _status = os.waitpid(terminal.pid, os.WNOHANG)
        if done:
            break
        time.sleep(0.1)
    else:
        os.kill(terminal.pid, 9)
        os.waitpid(terminal.pid, 0)
        pytest.fail("prescreen ran on after its terminal closed")
    files = FileStore(store)
    entries, unreadable = files.entries(drafts_only=True)
    assert unreadable == []
    (draft,) = [files.load_draft(entry.reference) for entry in entries]
    assert draft.answers["full_name"].value == "Ana Closed"
    assert draft.history[-1].event == event
