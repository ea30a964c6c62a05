"""A process saving interviews is killed (SIGKILL) at random moments, hundreds of times in the
slow profile: every answer it reported saved is in the draft, and every file in the store
still reads. The terminal-level version of this is tests/tui/test_kill_recovery.py."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from prescreen.core.interview import Interview
from prescreen.core.loading import load_question_set
from prescreen.core.questionset import Note
from prescreen.core.store import FileStore
from tests.conftest import DEMO, VALID_ANSWERS

WRITER = """
import json, sys
from pathlib import Path
from prescreen.core.interview import Interview
from prescreen.core.loading import load_question_set
from prescreen.core.questionset import Note, Special
from prescreen.core.store import FileStore

questions, store, answers = sys.argv[1], FileStore(Path(sys.argv[2])), json.loads(sys.argv[3])
qs, _ = load_question_set(Path(questions))
print("ready", flush=True)
while True:
    interview = Interview(qs, reference=store.new_reference())
    interview.give_consent()
    while (question := interview.current) is not None:
        if not isinstance(question, Note):
            raw = answers[question.id]
            raw = Special(raw) if raw in ("dont_know", "prefer_not_to_say") else raw
            assert interview.answer(question.id, raw, confirm=True).ok
        interview.next()
        store.save_draft(interview.to_draft())
        interview.revision += 1
        print("saved", interview.reference, question.id, flush=True)
    store.submit(interview.submit())
    print("submitted", interview.reference, flush=True)
"""


def kill_after(store: Path, lines: int) -> list[list[str]]:
    """Run the writer until it has reported `lines` steps, kill it, return what it reported."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(DEMO), str(store), json.dumps(VALID_ANSWERS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "ready\n"
    reported = [writer.stdout.readline().split() for _ in range(lines)]
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    return reported


def check(store: FileStore, reported: list[list[str]]) -> None:
    entries, unreadable = store.entries()
    assert unreadable == []
    demo, _ = load_question_set(DEMO)
    submitted = {ref for kind, ref, *_ in reported if kind == "submitted"}
    assert submitted <= {e.reference for e in entries if e.kind == "application"}
    open_ = [(ref, qid) for kind, ref, *rest in reported if kind == "saved" for qid in rest]
    open_ = [(ref, qid) for ref, qid in open_ if ref not in submitted]
    for reference in {ref for ref, _ in open_}:
        resumed, notices = Interview.resume(demo, store.load_draft(reference))
        assert notices == []
        for ref, qid in open_:
            if ref == reference and not isinstance(demo.by_id[qid], Note):
                assert resumed.stored(qid) is not None, (reference, qid)


@pytest.mark.parametrize(
    "kills", [8, pytest.param(150, marks=pytest.mark.slow, id="stress-150-kills")]
)
def test_a_writer_killed_at_random_moments_loses_nothing_it_reported_saved(
    tmp_path: Path, kills: int
) -> None:
    chance = random.Random(kills)
    store = tmp_path / "store"
    for _ in range(kills):
        reported = kill_after(store, chance.randint(1, 40))
        check(FileStore(store), reported)
