"""The `prescreen` command line: validate, schema, submit, list, show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml

from prescreen.cli import EXIT_USAGE, main
from prescreen.core.loading import read_yaml
from prescreen.locations import cache_folder
from prescreen.safe_text import visible_controls
from tests.conftest import DEMO, VALID_ANSWERS, fixed_clock

BROKEN = Path(__file__).resolve().parents[1] / "core" / "broken"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as stop:
        code = int(stop.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(VALID_ANSWERS))
    return path


@pytest.fixture(autouse=True)
def private_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = tmp_path / "store"
    monkeypatch.setenv("PRESCREEN_STORE", str(store))
    return store


def test_validate_bundled_sets(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", str(DEMO))
    assert code == 0
    assert out.splitlines()[-1].startswith(f"{DEMO}: valid (")
    assert "warning: no translation for: es" in out


def test_validate_reports_each_problem_with_place(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    data = read_yaml(DEMO.read_text())
    data["sections"][1]["questions"][1]["show_if"] = {"question": "no_such", "equals": 1}
    data["sections"][0]["questions"][0]["type"] = "txt"
    bad.write_text(yaml.safe_dump(data))
    code, out, _ = run(capsys, "validate", "--quiet", str(bad), str(DEMO))
    assert code == 1
    lines = out.splitlines()
    wrong = "sections[0].questions[0] (question 'full_name'): unknown question type 'txt'"
    assert any(line.startswith(f"{bad}: line ") and wrong in line for line in lines), lines
    assert f"{DEMO}: valid" in out


@pytest.mark.parametrize(
    "content",
    [b"", b"- a\n- b\n", b"\x00\x01\x02\xff" * 100, b"a: [unclosed", b"\xef\xbb\xbf"],
)
def test_validate_never_tracebacks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    assert "Traceback" not in out + err
    assert out.startswith(str(path))


def test_validate_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "/no/such/file.yaml")
    assert code == 1 and "no such file" in out


@pytest.mark.parametrize("which", ["application", "question-set"])
def test_schema_prints_valid_json_schema(capsys: pytest.CaptureFixture[str], which: str) -> None:
    code, out, _ = run(capsys, "schema", which)
    assert code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(out))


def test_submit_writes_an_application_that_meets_the_schema(
    capsys: pytest.CaptureFixture[str], answers_file: Path, private_store: Path
) -> None:
    code, out, err = run(capsys, "submit", "--questions", str(DEMO), "--answers", str(answers_file))
    assert code == 0, err
    path = Path(out.strip())
    assert path.parent == private_store / "applications"
    _, schema_text, _ = run(capsys, "schema", "application")
    written = json.loads(path.read_text())
    jsonschema.validate(written, json.loads(schema_text))
    assert written["mode"] == "file"
    assert written["outcome"]["code"] == "proceed"


def test_a_checked_set_is_kept_and_a_damaged_cache_is_no_harm(
    capsys: pytest.CaptureFixture[str], answers_file: Path
) -> None:
    argv = ("submit", "--questions", str(DEMO), "--answers", str(answers_file))
    assert run(capsys, *argv)[0] == 0
    (entry,) = cache_folder().glob("*.pickle")
    entry.write_bytes(b"\x80\x05 damaged")
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert json.loads(Path(out.strip()).read_text())["outcome"]["code"] == "proceed"
    assert entry.read_bytes() != b"\x80\x05 damaged"


def test_submit_yaml_answers(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(VALID_ANSWERS, allow_unicode=True))
    code, _out, err = run(capsys, "submit", "--questions", str(DEMO), "--answers", str(path))
    assert code == 0, err


def test_submit_invalid_answers_writes_nothing_and_says_why(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, private_store: Path
) -> None:
    answers: dict[str, Any] = dict(VALID_ANSWERS, weight="heavy", sex="robot")
    del answers["full_name"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(answers))
    code, _out, err = run(capsys, "submit", "--questions", str(DEMO), "--answers", str(path))
    assert code == 1
    assert "weight: Please enter a number" in err
    assert "sex: Please choose one of the options." in err
    assert "full_name: Please answer this question." in err
    assert "nothing was written" in err
    assert not list(private_store.glob("applications/*.json"))


@pytest.mark.parametrize("content", ["[1, 2]", "{not json", ""])
def test_submit_unreadable_answers_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "a.json"
    path.write_text(content)
    code, _, err = run(capsys, "submit", "--questions", str(DEMO), "--answers", str(path))
    assert code == 1 and "answers" in err and "Traceback" not in err


def test_list_and_show(capsys: pytest.CaptureFixture[str], answers_file: Path) -> None:
    _, out, _ = run(capsys, "submit", "--questions", str(DEMO), "--answers", str(answers_file))
    reference = Path(out.strip()).stem
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert reference in out and "Ana Díaz" in out and "proceed" in out
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert rows[0]["reference"] == reference and rows[0]["kind"] == "application"
    code, out, _ = run(capsys, "show", reference.lower())
    assert code == 0
    assert "What is your full name?" in out and "Ana Díaz" in out
    assert "Outcome: Proceed" in out
    code, out, _ = run(capsys, "show", "--json", reference)
    assert json.loads(out)["id"] == reference


def test_list_reports_damaged_files_and_keeps_going(
    capsys: pytest.CaptureFixture[str], answers_file: Path, private_store: Path
) -> None:
    run(capsys, "submit", "--questions", str(DEMO), "--answers", str(answers_file))
    (private_store / "applications" / "broken.json").write_text("{")
    code, out, err = run(capsys, "list")
    assert code == 1  # the list is not the whole store: a script must know
    assert "broken.json" in err and "not valid JSON" in err
    assert "Ana Díaz" in out


def test_show_refuses_paths(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "show", "../../etc/passwd")
    assert code == 1 and "not a reference code" in err


def test_list_empty_store(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list")
    assert code == 0 and "No applications or drafts" in out


def test_output_never_carries_terminal_escapes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = "\x1b]0;pwned\x07\x1b[2J[red]Eve[/red]"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(dict(VALID_ANSWERS, full_name=hostile)))
    _, out, _ = run(capsys, "submit", "--questions", str(DEMO), "--answers", str(path))
    reference = Path(out.strip()).stem
    app_path = Path(out.strip())
    data = json.loads(app_path.read_text())
    data["sections"][0]["answers"][0]["label"] = hostile  # hand-edited file
    app_path.write_text(json.dumps(data))
    for argv in (("list",), ("show", reference)):
        _, out, err = run(capsys, *argv)
        assert "\x1b" not in out + err and "\x07" not in out + err
    assert visible_controls("a\x1bb") == "a\\x1bb"


@pytest.mark.parametrize("argv", [["validate"], ["schema"], ["show"], ["submit"], ["nope"]])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2 and "usage:" in err


def test_every_command_has_help() -> None:
    for command in ("run", "validate", "schema", "submit", "list", "show", "settings", "pin-hash"):
        result = subprocess.run(
            [sys.executable, "-m", "prescreen.cli", command, "--help"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0 and "usage: prescreen" in result.stdout


def test_show_json_escapes_every_control_and_bidi_character(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    hostile = "Eve\u202edlrow\u009b31m\x7f"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(dict(VALID_ANSWERS, goals=hostile)))
    _, out, _ = run(capsys, "submit", "--questions", str(DEMO), "--answers", str(path))
    _, out, _ = run(capsys, "show", "--json", Path(out.strip()).stem)
    assert out.isascii()
    assert json.loads(out)["summary"]["name"] == "Ana Díaz"


def test_a_closed_pipe_is_not_an_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`prescreen schema application | head -1`: the reader left; stop quietly."""
    sink = (tmp_path / "sink").open("w")

    class ClosedPipe:
        def write(self, text: str) -> int:
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self) -> None:
            raise BrokenPipeError(32, "Broken pipe")

        def fileno(self) -> int:
            return sink.fileno()

    monkeypatch.setattr(sys, "stdout", ClosedPipe())
    assert main(["schema", "application"]) == 0
    assert "error" not in capsys.readouterr().err


def test_resume_is_for_phone_mode_and_existing_drafts(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "run", "--resume", "2345-6789")
    assert code == 2 and "a kiosk never resumes drafts" in err
    code, _, err = run(capsys, "run", "--mode", "phone", "--resume", "2345-6789")
    assert code == 2 and "--interviewer ID" in err
    phone = ("run", "--mode", "phone", "--interviewer", "c1", "--resume")
    code, _, err = run(capsys, *phone, "2345-6789")
    assert code == 1 and "no draft 2345-6789" in err
    code, _, err = run(capsys, *phone, "../../etc/passwd")
    assert code == 1 and "not a reference code" in err


def test_submit_records_when_consent_was_given(
    capsys: pytest.CaptureFixture[str], answers_file: Path
) -> None:
    code, out, err = run(
        capsys,
        "submit",
        "--questions",
        str(DEMO),
        "--answers",
        str(answers_file),
        "--consent-at",
        "2026-03-01T10:15+01:00",
    )
    assert code == 0, err
    assert json.loads(Path(out.strip()).read_text())["consent"]["at"] == "2026-03-01T10:15:00+01:00"
    code, _, err = run(
        capsys,
        "submit",
        "--questions",
        str(DEMO),
        "--answers",
        str(answers_file),
        "--consent-at",
        "2026-03-01T10:15",
    )
    assert code == 2 and "needs its time zone" in err


def test_show_prints_interviewer_notes_literally(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, demo: Any
) -> None:
    from prescreen.core.answer_file import run_answers
    from prescreen.core.store import FileStore
    from prescreen.locations import store_folder

    done = run_answers(demo, VALID_ANSWERS, interviewer="coord-7")
    done.interview.set_note("kidney", "Biopsy 2019\n[check]\x1b]0;title\x07")
    store = FileStore(store_folder())
    done.interview.reference = store.new_reference()
    store.submit(done.interview.submit())
    code, out, _ = run(capsys, "show", done.interview.reference)
    assert code == 0
    history = out[out.index("HISTORY") :]
    assert " created (file, coord-7)" in history and " submitted (file, coord-7)" in history
    notes = out[out.index("INTERVIEWER NOTES") :]
    assert "Has lupus affected your kidneys? (coord-7)" in notes
    assert "      Biopsy 2019\n      [check]" in notes and "\x1b" not in out


def test_show_of_a_draft_says_how_to_carry_on(
    capsys: pytest.CaptureFixture[str], demo: Any
) -> None:
    from prescreen.core.interview import Interview
    from prescreen.core.store import FileStore
    from prescreen.locations import store_folder

    store = FileStore(store_folder())
    interview = Interview(demo, reference=store.new_reference())
    interview.give_consent()
    store.save_draft(interview.to_draft())
    code, _, err = run(capsys, "show", interview.reference)
    assert code == 1 and f"{interview.reference} is a draft" in err and "--resume" in err


def test_show_prints_answers_set_aside_by_a_changed_question_set(
    capsys: pytest.CaptureFixture[str], demo: Any
) -> None:
    from prescreen.core.answer_file import run_answers
    from prescreen.core.records import SetAsideRecord
    from prescreen.core.store import FileStore
    from prescreen.locations import store_folder

    done = run_answers(demo, VALID_ANSWERS)
    done.interview.set_aside = [
        SetAsideRecord(
            question_id="hobbies",
            question_set_version="0.9",
            reason="question_removed",
            value=["walking", "\x1b[2Jpaint"],
            note="Asked on the old form",
        )
    ]
    store = FileStore(store_folder())
    done.interview.reference = store.new_reference()
    store.submit(done.interview.submit())
    code, out, _ = run(capsys, "show", done.interview.reference)
    assert code == 0
    kept = out[out.index("SET ASIDE") :]
    assert "  hobbies (version 0.9, question removed)" in kept
    assert '["walking", "\\u001b[2Jpaint"]' in kept and "note: Asked on the old form" in kept
    assert "\x1b" not in out


def test_run_refuses_a_store_it_cannot_write_before_any_answer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kiosk on a store it cannot write started, took a patient's consent and answers, and
    only then said that saving had failed."""
    from prescreen.core import store as store_module

    def refused(self: object) -> None:
        raise store_module.StoreError("cannot write to /srv/store/drafts: Permission denied")

    monkeypatch.setattr(store_module.FileStore, "check", refused)
    code, _, err = run(capsys, "run")
    assert code == 1, err
    assert "cannot write to /srv/store/drafts: Permission denied" in err
    assert "Traceback" not in err


def test_show_tells_skipped_from_not_asked_and_says_when_in_local_time(
    capsys: pytest.CaptureFixture[str], demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interview an urgent answer ended: the questions never put to the person are one line
    per section, not a page of '(not answered)' looking like blanks left by the patient; a
    question left empty says it was skipped; times are in the reader's zone, named."""
    import time

    from prescreen.core.interview import Interview
    from prescreen.core.store import FileStore
    from prescreen.locations import store_folder

    monkeypatch.setenv("TZ", "America/Chicago")
    time.tzset()
    try:
        store = FileStore(store_folder())
        interview = Interview(demo, reference=store.new_reference(), clock=fixed_clock)
        interview.give_consent()
        interview.answer("full_name", "Ana")
        interview.jump("email")  # shown, and left empty
        interview.skip("email")
        interview.answer("sudden_symptoms", "yes")
        store.submit(interview.submit())
        code, out, _ = run(capsys, "show", interview.reference)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    assert code == 0, out
    assert "Application" in out and "(ended early)" in out
    assert "(skipped: asked, and left unanswered)" in out
    assert "not answered" not in out
    assert "question(s) not asked: the interview ended early)" in out
    chicago = fixed_clock().astimezone(ZoneInfo("America/Chicago"))
    assert f"Consent given {chicago:%Y-%m-%d %H:%M %Z}" in out  # 04:30 CDT


def test_show_says_when_the_answers_came_through_an_unchecked_translation(
    capsys: pytest.CaptureFixture[str], demo: Any
) -> None:
    from prescreen.core.answer_file import run_answers
    from prescreen.core.store import FileStore
    from prescreen.locations import store_folder

    store = FileStore(store_folder())
    done = run_answers(demo, VALID_ANSWERS, language="es", reference=store.new_reference())
    application = done.interview.submit()
    marked = application.question_set.model_copy(update={"translation_status": "awaiting_review"})
    store.submit(application.model_copy(update={"question_set": marked}))
    code, out, _ = run(capsys, "show", application.id)
    assert code == 0
    assert "Answered in: es (a translation the set marks 'awaiting review'" in out


@pytest.mark.parametrize("command", ["run", "submit"])
def test_a_language_the_set_is_not_in_is_refused(
    capsys: pytest.CaptureFixture[str], answers_file: Path, command: str
) -> None:
    """It was silently ignored: the interview or the file went on in the default language."""
    extra = ["--answers", str(answers_file)] if command == "submit" else []
    code, _, err = run(capsys, command, "--questions", str(DEMO), "--language", "fr", *extra)
    assert code == 2
    assert "--language fr: this question set is in en, es" in err


def test_validate_takes_q_for_quiet(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", "-q", str(DEMO))
    assert code == 0 and out.startswith(f"{DEMO}: valid") and "warning:" not in out


def test_show_reads_an_application_in_another_language_of_its_set(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A Spanish interview read by an English-speaking clinician."""
    from prescreen.core.store import FileStore
    from prescreen.locations import store_folder

    answers = Path(__file__).parents[1] / "questionsets" / "lupus_profiles" / "safety_reviews.yaml"
    code, _, err = run(capsys, "submit", "--answers", str(answers), "--language", "es")
    assert code == 0, err
    (entry,), _ = FileStore(store_folder()).entries()
    code, out, _ = run(capsys, "show", entry.reference)
    assert "Requiere revisi\u00f3n m\u00e9dica" in out
    code, out, err = run(capsys, "show", entry.reference, "--language", "en")
    assert code == 0, err
    assert "Answered in: es" in out and "Shown in: en" in out
    assert "Outcome: Needs clinician review" in out and "Who is filling in this form?" in out
    code, _, err = run(capsys, "show", entry.reference, "--language", "en", "--json")
    assert code == EXIT_USAGE and "shown as written" in err
    code, _, err = run(
        capsys, "show", entry.reference, "--language", "en", "--questions", str(DEMO)
    )
    assert code == EXIT_USAGE and "name the set it answered with --questions" in err
