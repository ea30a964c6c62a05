"""Every answer accepted is on disk before the next question appears: `prescreen` killed with
SIGKILL in a real terminal, at many points of an interview, loses none of them, and the
interview resumes where it stopped."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from prescreen.core.interview import Interview
from prescreen.core.loading import load_question_set
from prescreen.core.store import FileStore
from prescreen.tui.screens.question import KEEP_TYPING_AFTER
from tests.conftest import DEMO
from tests.terminal import prescreen

STEPS: list[tuple[str, str, str | None, object]] = [
    # keys typed, text of the screen they lead to, the question answered, its stored value
    ("\r", "I do not agree", None, None),
    ("\t\t\r", "What is your full name?", None, None),  # to "I agree": nothing has the focus
    ("Ana Kill\r", "What is your date of birth?", "full_name", "Ana Kill"),
    ("3/14/1985\r", "years old", "date_of_birth", "1985-03-14"),
    ("\r", "What phone number", None, None),
    ("201 555 0123\r", "What is your email address?", "phone", "+12015550123"),
    ("ana@example.com\r", "What sex were you assigned", "email", "ana@example.com"),
]
ANSWERED = [i for i, step in enumerate(STEPS) if step[2] is not None]


def interview_then_kill(store: Path, steps: int, *, then_type_for: float | None) -> list[str]:
    """Go through the first `steps` screens, waiting each time for the next to appear, then
    kill the program: at once, or `then_type_for` seconds into typing the next answer (a
    save in progress). Returns the questions whose next screen had appeared."""
    terminal = prescreen(["run", "--mode", "kiosk", "--questions", str(DEMO)], store)
    acknowledged: list[str] = []
    try:
        terminal.wait_for("Start")
        for keys, shows, qid, _ in STEPS[:steps]:
            terminal.send(keys)
            terminal.wait_for(shows)
            if qid is not None:
                acknowledged.append(qid)
        if then_type_for is not None and steps < len(STEPS):
            terminal.send(STEPS[steps][0])
            terminal.pause(then_type_for)
    finally:
        terminal.kill()
    return acknowledged


def check_nothing_lost(store: FileStore, acknowledged: list[str]) -> str:
    """Every acknowledged answer is in the one draft, as typed; the store reads cleanly."""
    drafts, unreadable = store.entries(drafts_only=True)
    assert unreadable == []
    if not acknowledged:
        assert len(drafts) <= 1  # consent alone may or may not have been saved yet
        return drafts[0].reference if drafts else ""
    assert len(drafts) == 1
    draft = store.load_draft(drafts[0].reference)
    expected = {qid: value for _, _, qid, value in STEPS if qid in acknowledged}
    assert {qid: draft.answers[qid].value for qid in acknowledged} == expected
    demo, _ = load_question_set(DEMO)
    resumed, notices = Interview.resume(demo, draft, mode="phone")
    assert notices == []
    assert all(resumed.value(qid) is not None for qid in acknowledged)
    return draft.id


@pytest.mark.parametrize("steps", [ANSWERED[0] + 1, ANSWERED[-1] + 1])
def test_a_kill_after_an_answer_loses_nothing(tmp_path: Path, steps: int) -> None:
    store = tmp_path / "store"
    acknowledged = interview_then_kill(store, steps, then_type_for=None)
    assert acknowledged
    check_nothing_lost(FileStore(store), acknowledged)


def test_a_kill_in_the_middle_of_a_save_loses_nothing_and_resumes_where_it_stopped(
    tmp_path: Path,
) -> None:
    store = tmp_path / "store"
    acknowledged = interview_then_kill(store, ANSWERED[-2] + 1, then_type_for=0.01)
    reference = check_nothing_lost(FileStore(store), acknowledged)
    resume = ["run", "--mode", "phone", "--interviewer", "coord-1", "--resume", reference]
    phone = prescreen([*resume, "--questions", str(DEMO)], store)
    try:
        # Where it stopped: the email question, or the next if the email's save had finished.
        phone.wait_for("What is your email address?" if "email" not in acknowledged else "sex")
        phone.wait_for("Ana Kill")  # the caller's name in the heading (a frame can come in parts)
    finally:
        phone.kill()


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(40))
def test_kills_at_random_points_lose_nothing(tmp_path: Path, seed: int) -> None:
    chance = random.Random(seed)
    store = tmp_path / "store"
    steps = chance.randint(1, len(STEPS))
    acknowledged = interview_then_kill(store, steps, then_type_for=chance.uniform(0, 0.08))
    check_nothing_lost(FileStore(store), acknowledged)


def test_text_typed_and_not_yet_sent_is_there_after_a_kill(tmp_path: Path) -> None:
    """Killed while an answer was being typed, the draft had no copy of it: minutes of a
    caller's words in a long answer could go. What is typed is saved, as unfinished input,
    once typing stops for a moment, and is back in its box when the interview resumes."""
    store = tmp_path / "store"
    terminal = prescreen(["run", "--mode", "kiosk", "--questions", str(DEMO)], store)
    try:
        terminal.wait_for("Start")
        for keys, shows, _, _ in STEPS[:2]:
            terminal.send(keys)
            terminal.wait_for(shows)
        terminal.send("Ana Half-Typed")
        terminal.pause(KEEP_TYPING_AFTER * 2 + 1)
    finally:
        terminal.kill()
    drafts, _ = FileStore(store).entries(drafts_only=True)
    draft = FileStore(store).load_draft(drafts[0].reference)
    assert draft.unfinished == {"full_name": "Ana Half-Typed"}
    assert "full_name" not in draft.answers
    resume = ["run", "--mode", "phone", "--interviewer", "coord-1", "--resume", draft.id]
    phone = prescreen([*resume, "--questions", str(DEMO)], store)
    try:
        phone.wait_for("Ana Half-Typed")
    finally:
        phone.kill()
