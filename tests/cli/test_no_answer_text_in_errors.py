"""No answer text in error output: a message names the question and what is wrong, never the
value given, so a terminal log, a scrollback or a support e-mail carries no health data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prescreen.cli import main
from prescreen.core.loading import load_question_set
from prescreen.locations import default_question_set
from tests.conftest import DEMO

MARK = "Zqx7Secret"


def marked_answers(path: Path) -> dict[str, object]:
    """An answer to every question of a set that none can accept, each carrying the mark."""
    question_set, _ = load_question_set(path)
    wrong: dict[str, object] = {}
    for number, question in enumerate(question_set.by_id.values()):
        shape = number % 4
        wrong[question.id] = (
            f"{MARK}-{number}"
            if shape == 0
            else [f"{MARK}-{number}"]
            if shape == 1
            else {f"{MARK}-{number}": f"{MARK}"}
            if shape == 2
            else f"{MARK} " * 3000
        )
    wrong[f"{MARK}_no_such_question"] = MARK
    return wrong


@pytest.mark.parametrize("questions", [DEMO, default_question_set()], ids=["demo", "lupus"])
def test_submit_errors_name_questions_not_answers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, questions: Path
) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(marked_answers(questions)))
    store = tmp_path / "store"
    with pytest.raises(SystemExit) as stop:
        argv = ["submit", "--questions", str(questions), "--answers", str(answers)]
        main([*argv, "--store", str(store)])
    assert stop.value.code == 1
    out = capsys.readouterr()
    assert "need fixing; nothing was written" in out.err
    assert MARK not in out.out + out.err.replace(f"{MARK}_no_such_question", "")
    assert not store.exists() or not any(store.rglob("*.json"))
