"""The `prescreen` command: run, validate, schema, submit, list, show, settings, pin-hash.

Each command imports what it uses when it runs, so that `prescreen run` (a kiosk's start)
loads no more than the interview needs."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from prescreen import __version__, collector
from prescreen.core.store import FileStore, NotFound, StoreError
from prescreen.locations import cache_folder, default_question_set, store_folder
from prescreen.safe_text import visible_controls
from prescreen.settings import (
    EXAMPLE,
    SETTINGS_ENV,
    Settings,
    SettingsError,
    load_settings,
    read_settings_file,
    settings_file,
    source_of,
)

if TYPE_CHECKING:
    from prescreen.core.questionset import QuestionSet

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _when(moment: dt.datetime) -> str:
    """A time as a person reads it: in this computer's time zone, named (files keep UTC)."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M %Z")


def _print(text: str = "", *, err: bool = False) -> None:
    print(visible_controls(text), file=sys.stderr if err else sys.stdout)


def _fail(message: str, code: int = EXIT_INVALID) -> NoReturn:
    _print(f"prescreen: {message}", err=True)
    raise SystemExit(code)


def _settings(args: argparse.Namespace, **overrides: Any) -> Settings:
    """The settings in force, with the options given on the command line over them."""
    try:
        return load_settings(store=getattr(args, "store", None), **overrides)
    except SettingsError as error:
        for line in str(error).splitlines():
            _print(f"prescreen: {line}", err=True)
        see = "" if args.command == "settings" else " (see 'prescreen settings')"
        _fail(f"fix the settings{see}; nothing was done", EXIT_USAGE)


def _store_of(settings: Settings) -> FileStore:
    return FileStore(store_folder(str(settings.store) if settings.store else None))


def _store(args: argparse.Namespace) -> FileStore:
    return _store_of(_settings(args))


def _check_language(language: str | None, qs: QuestionSet) -> None:
    """Refuse a --language the set is not in (it would be ignored)."""
    if language is not None and language not in qs.languages:
        _fail(
            f"--language {language}: this question set is in {', '.join(qs.languages)}", EXIT_USAGE
        )


def _load(path: str | Path | None) -> QuestionSet:
    from prescreen.core.checked_sets import load_checked
    from prescreen.core.problems import QuestionSetError

    source = Path(path) if path else default_question_set()
    try:
        qs = load_checked(source, cache_folder())
    except QuestionSetError as error:
        for line in error.lines():
            _print(line, err=True)
        _fail(
            f"{source} cannot be used ({len(error.problems)} problem(s)); "
            f"run 'prescreen validate {source}' for details"
        )
    return qs


# -- commands ---------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    """Open the interview screens."""
    collector.hold()  # until the first screen is drawn (PrescreenApp.on_ready)
    try:
        return _open_screens(args)
    finally:
        collector.release()


def _open_screens(args: argparse.Namespace) -> int:
    settings = _settings(
        args, mode=args.mode, questions=args.questions, interviewer=args.interviewer
    )
    qs = _load(settings.questions)
    _check_language(args.language, qs)
    store = _store_of(settings)
    try:
        store.check()  # before anyone answers a question that could not be saved
    except StoreError as error:
        _fail(
            f"{error}. Answers could not be saved: fix the folder's permissions (see "
            "'Sharing a store' in the README) or name another with --store or the 'store' "
            "setting"
        )
    resume = None
    if args.resume:
        if settings.mode != "phone":
            _fail("a kiosk never resumes drafts; resume with --mode phone", EXIT_USAGE)
        if not settings.interviewer:
            _fail(
                "say who is carrying on with the draft: --interviewer ID (or interviewer in the "
                "settings)",
                EXIT_USAGE,
            )
        try:
            draft = store.load_draft(args.resume)
        except StoreError as error:
            _fail(str(error))
        if draft.question_set.id != qs.id:
            _fail(
                f"draft {draft.id} answers the question set '{draft.question_set.id}', "
                f"not '{qs.id}'; name it with --questions"
            )
        from prescreen.core.interview import Interview

        resume = Interview.resume(qs, draft, mode="phone", interviewer=settings.interviewer)
        where = draft.open_elsewhere(resume[0].clock())
        if where is not None:  # said on the first screen, with any other notices
            resume[1].insert(0, f"This draft may be open on another screen too ({where}).")
    from prescreen.tui.app import run_app  # the screens load only when needed
    from prescreen.tui.kiosk import KioskTimes

    return run_app(
        qs,
        store,
        mode=settings.mode,
        interviewer=settings.interviewer,
        language=args.language,
        resume=resume,
        kiosk_times=KioskTimes(settings.idle_timeout, settings.idle_warning, settings.done_timeout),
        staff_pin_hash=settings.staff_pin_hash,
        high_contrast=settings.theme == "high-contrast",
    )


def cmd_validate(args: argparse.Namespace) -> int:
    """Check question-set files."""
    from prescreen.core.loading import load_question_set
    from prescreen.core.problems import QuestionSetError

    failed = 0
    for name in args.files:
        try:
            _qs, warnings = load_question_set(Path(name), place_warnings=True)
        except QuestionSetError as error:
            failed += 1
            for line in error.lines():
                _print(line)
            continue
        if not args.quiet:
            for warning in warnings:
                _print(warning.render(name))
        note = f" ({len(warnings)} warning(s))" if warnings else ""
        _print(f"{name}: valid{note}")
    return EXIT_INVALID if failed else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    """Print a JSON Schema."""
    from prescreen.core.questionset import QuestionSet
    from prescreen.core.records import Application

    model: Any = Application if args.which == "application" else QuestionSet
    schema = model.model_json_schema(
        by_alias=True, mode="serialization" if args.which == "application" else "validation"
    )
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def _read_answers(name: str) -> dict[str, Any]:
    from prescreen.core.loading import read_yaml
    from prescreen.core.textfiles import read_bounded

    path = Path(name)
    try:
        text = read_bounded(path, limit=5_000_000)
        data = json.loads(text) if path.suffix.lower() == ".json" else read_yaml(text)
    except (ValueError, RecursionError) as error:
        _fail(f"{name}: cannot read the answers: {error}")
    if not isinstance(data, dict):
        _fail(f"{name}: an answers file is a mapping of question id to answer")
    return data


def _aware_datetime(text: str) -> dt.datetime:
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date and time such as 2026-03-14T09:30+00:00"
        ) from None
    if when.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"'{text}' needs its time zone, e.g. {text}+00:00")
    return when


def cmd_submit(args: argparse.Namespace) -> int:
    """Run the engine over a file of answers and write the application."""
    from prescreen.core.answer_file import run_answers

    qs = _load(args.questions)
    _check_language(args.language, qs)
    answers = _read_answers(args.answers)
    store = _store(args)
    run = run_answers(
        qs,
        answers,
        interviewer=args.interviewer,
        language=args.language,
        consent_at=args.consent_at,
    )
    for warning in run.warnings:
        _print(f"warning: {warning}", err=True)
    if run.errors:
        for qid, message in run.errors.items():
            _print(f"{qid}: {message}", err=True)
        _fail(f"{len(run.errors)} answer(s) need fixing; nothing was written")
    try:
        run.interview.reference = store.new_reference()
        path = store.submit(run.interview.submit())
    except StoreError as error:
        _fail(str(error))
    _print(path)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    """List applications and drafts."""
    store = _store(args)
    entries, unreadable = store.entries()
    for problem in unreadable:
        _print(f"prescreen: skipped {problem.path}: {problem.reason}", err=True)
    # Something skipped is a failure: a list that looks complete and is not hides patients.
    status = EXIT_INVALID if unreadable else EXIT_OK
    if args.json:
        rows = [{**entry.__dict__, "date": entry.date.isoformat()} for entry in entries]
        print(json.dumps(rows, indent=2, ensure_ascii=True))
        return status
    if not entries:
        found = "could be read" if unreadable else "are"
        _print(f"No applications or drafts {found} in {store.root}.")
        return status
    header = ("REFERENCE", "KIND", "DATE", "MODE", "OUTCOME", "NAME")
    rows_text = [header] + [
        (
            e.reference,
            e.kind,
            _when(e.date),
            e.mode,
            e.outcome or "-",
            (e.name or "-")[:40],
        )
        for e in entries
    ]
    widths = [max(len(visible_controls(row[i])) for row in rows_text) for i in range(len(header))]
    for row in rows_text:
        _print(
            "  ".join(
                visible_controls(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
        )
    return status


_UNANSWERED = {
    "skipped": "skipped: asked, and left unanswered",
    "prefer_not_to_say": "prefer not to say",
    "dont_know": "does not know",
    "answered": "answered",
}
"""How `show` gives an answer that has no label, by its status."""


def cmd_show(args: argparse.Namespace) -> int:
    """Show one application."""
    store = _store(args)
    try:
        app = store.load_application(args.reference)
    except NotFound as error:
        try:
            draft = store.load_draft(args.reference)
        except StoreError:
            _fail(str(error))
        _fail(
            f"{draft.id} is a draft, not yet an application: carry on with it in phone mode "
            f"(prescreen run --mode phone, or --resume {draft.id})"
        )
    except StoreError as error:
        _fail(str(error))
    if args.json:
        if args.language:
            _fail("--language is for reading: the file (--json) is shown as written", EXIT_USAGE)
        # ASCII escapes keep every control, bidi and C1 character out of the terminal.
        print(json.dumps(app.model_dump(mode="json", by_alias=True), indent=2, ensure_ascii=True))
        return EXIT_OK
    answered_in = app.language
    if args.language and args.language != app.language:
        from prescreen.core.translated import NotTheSet, in_language

        answered = _load(_settings(args, questions=args.questions).questions)
        _check_language(args.language, answered)
        try:
            app = in_language(app, answered, args.language)
        except NotTheSet as error:
            _fail(f"{error}: name the set it answered with --questions", EXIT_USAGE)
    _print(f"Application {app.id}  ({app.status.replace('_', ' ')})")
    qs = app.question_set
    _print(f"Question set: {qs.title} ({qs.id} {qs.version})")
    translation = (
        f" (a translation the set marks '{qs.translation_status.replace('_', ' ')}': not yet "
        "checked for clinical use)"
        if qs.translation_status not in {None, "reviewed"}
        else ""
    )
    _print(f"Answered in: {answered_in}{translation}")
    if args.language and args.language != answered_in:
        _print(f"Shown in: {args.language} (the question set's wording; typed answers as given)")
    _print(
        f"Started {_when(app.started_at)}, submitted {_when(app.submitted_at)}, "
        f"mode {app.mode}" + (f", interviewer {app.interviewer}" if app.interviewer else "")
    )
    _print(f"Consent given {_when(app.consent.at)}")
    _print()
    _print(f"Outcome: {app.outcome.label}")
    for reason in app.outcome.reasons:
        _print(f"  - {reason}")
    if app.flags:
        _print("Flags:")
        for flag in app.flags:
            _print(f"  [{flag.severity.value}] {flag.message}")
    for section in app.sections:
        _print()
        _print(section.title.upper())
        asked = [record for record in section.answers if record.status != "not_asked"]
        for record in asked:
            shown = record.label if record.label is not None else f"({_UNANSWERED[record.status]})"
            _print(f"  {record.question}")
            for line in shown.splitlines() or [""]:
                _print(f"      {line}")
            for warning in record.warnings_confirmed:
                _print(f"      (confirmed despite: {warning})")
        if len(asked) < len(section.answers):
            why = "the interview ended early" if app.status == "ended_early" else "not reached"
            _print(f"  ({len(section.answers) - len(asked)} question(s) not asked: {why})")
    if app.notes:
        _print()
        _print("INTERVIEWER NOTES")
        for note in app.notes:
            by = f" ({note.interviewer})" if note.interviewer else ""
            _print(f"  {note.question}{by}")
            for line in note.text.splitlines():
                _print(f"      {line}")
    if app.set_aside:
        _print()
        _print("SET ASIDE (given under an earlier version of the question set)")
        for kept in app.set_aside:
            why = kept.reason.replace("_", " ")
            _print(f"  {kept.question_id} (version {kept.question_set_version}, {why})")
            if kept.special or kept.value is not None:
                _print(f"      {kept.special or json.dumps(kept.value, ensure_ascii=False)}")
            if kept.note:
                _print(f"      note: {kept.note}")
    if app.history:
        _print()
        _print("HISTORY")
        for step in app.history:
            who = f", {step.interviewer}" if step.interviewer else ""
            which = f": {step.question_id}" if step.question_id else ""
            _print(f"  {_when(step.at)}  {step.event.replace('_', ' ')}{which} ({step.mode}{who})")
    if app.calculations:
        _print()
        _print("CALCULATED")
        for calc in app.calculations:
            value = "-" if calc.value is None else str(calc.value)
            _print(f"  {calc.label}: {value}")
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    """Print where the settings file is and the settings in force."""
    if args.example:
        print(EXAMPLE, end="")
        return EXIT_OK
    path = settings_file()
    state = "" if path.exists() else "  (not there yet: defaults in use)"
    _print(f"Settings file: {path}{state}")
    _print(f"Another file: ${SETTINGS_ENV}. One setting: PRESCREEN_<NAME>, e.g. PRESCREEN_MODE.")
    _print("A documented example: prescreen settings --example")
    _print()
    settings = _settings(args)
    try:
        file_values = read_settings_file(path)
    except SettingsError:
        file_values = {}
    for name in Settings.model_fields:
        value = getattr(settings, name)
        shown = "(set)" if name == "staff_pin_hash" and value else value
        shown = "(not set)" if value is None else shown
        if name == "questions" and value is None:
            shown = f"(not set: the bundled {default_question_set()})"
        _print(f"{name} = {shown}    from {source_of(name, path, file_values, {})}")
    return EXIT_OK


def cmd_pin_hash(args: argparse.Namespace) -> int:
    """Ask for a staff PIN (twice) and print the hash to put in the settings."""
    import getpass

    from prescreen.staff_pin import PinError, hash_pin

    if sys.stdin.isatty():
        pin = getpass.getpass("New staff PIN: ")
        if getpass.getpass("Same PIN again: ") != pin:
            _fail("the two PINs differ; nothing was printed")
    else:
        pin = sys.stdin.readline().rstrip("\r\n")
    try:
        hashed = hash_pin(pin)
    except PinError as error:
        _fail(str(error))
    _print(hashed)
    if sys.stdout.isatty():
        _print(f"Put it in {settings_file()} as:", err=True)
        _print(f'staff_pin_hash = "{hashed}"', err=True)
    return EXIT_OK


# -- parser -----------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prescreen",
        description="Pre-screening interviews from declarative question sets. "
        "With no command, opens the interview on the bundled default question set.",
        epilog=f"Settings are read from {settings_file()} (see 'prescreen settings').",
    )
    parser.add_argument("--version", action="version", version=f"prescreen {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def store_option(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--store",
            metavar="DIR",
            help="store folder (default: the settings, $PRESCREEN_STORE or the user data folder)",
        )

    run = commands.add_parser(
        "run", help="open the interview screens", description="Open the interview screens."
    )
    run.add_argument(
        "--questions", metavar="FILE", help="question set (default: the settings, or bundled)"
    )
    run.add_argument(
        "--mode",
        choices=("kiosk", "phone"),
        help="kiosk or phone (default: the settings, or kiosk)",
    )
    run.add_argument("--interviewer", metavar="ID", help="interviewer id (phone mode)")
    run.add_argument("--language", metavar="CODE", help="start in this language")
    run.add_argument(
        "--resume",
        metavar="REF",
        help="carry on with a draft (phone mode), e.g. after a call dropped",
    )
    store_option(run)
    run.set_defaults(func=cmd_run)

    validate = commands.add_parser(
        "validate",
        help="check question-set files",
        description="Check question-set files. Exit 0 when all are valid, 1 otherwise, with one "
        "line per problem: file, place, what is wrong.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.add_argument("-q", "--quiet", action="store_true", help="do not list warnings")
    validate.set_defaults(func=cmd_validate)

    schema = commands.add_parser(
        "schema", help="print a JSON Schema", description="Print the JSON Schema of a file format."
    )
    schema.add_argument("which", choices=("application", "question-set"))
    schema.set_defaults(func=cmd_schema)

    submit = commands.add_parser(
        "submit",
        help="write an application from a file of answers",
        description="Run the interview over a JSON or YAML file of answers keyed by question "
        "id and write the application. On invalid answers, list each and write nothing.",
        epilog="The answers file maps question ids to answers as a person would give them: "
        "text and numbers as typed, dates as 1985-03-14, yes/no as yes or no, a choice by its "
        "value, several choices as a list, a grid as {row: choice}, a repeating group as a list "
        "of {field: answer}, and prefer_not_to_say or dont_know where a question offers them. "
        "Leave out questions that were not answered. Example: "
        '{"full_name": "Ana Díaz", "symptoms": ["fatigue", "rash"], "email": "prefer_not_to_say"}',
    )
    submit.add_argument("--questions", metavar="FILE", help="question set (default: bundled)")
    submit.add_argument("--answers", metavar="FILE", required=True)
    submit.add_argument("--interviewer", metavar="ID")
    submit.add_argument("--language", metavar="CODE")
    submit.add_argument(
        "--consent-at",
        metavar="WHEN",
        type=_aware_datetime,
        help="when the person consented, e.g. on a paper form: 2026-03-14T09:30+00:00 "
        "(default: now)",
    )
    store_option(submit)
    submit.set_defaults(func=cmd_submit)

    listing = commands.add_parser(
        "list",
        help="list applications and drafts",
        description="List applications and drafts, newest first.",
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    store_option(listing)
    listing.set_defaults(func=cmd_list)

    show = commands.add_parser(
        "show",
        help="show one application",
        description="Show one application by its reference code.",
    )
    show.add_argument("reference", metavar="REF")
    show.add_argument("--json", action="store_true", help="print the application file")
    show.add_argument(
        "--language",
        metavar="LANG",
        help="show the question set's wording in this language (one of the set's), whatever "
        "language the person answered in",
    )
    show.add_argument(
        "--questions",
        metavar="PATH",
        help="the question set the application answered (default: the settings' or the "
        "bundled one), for --language",
    )
    store_option(show)
    show.set_defaults(func=cmd_show)

    settings = commands.add_parser(
        "settings",
        help="show where the settings file is and the settings in force",
        description="Show where the settings file is, and each setting in force with where it "
        "comes from (the file, an environment variable, or the default).",
    )
    settings.add_argument(
        "--example", action="store_true", help="print a documented settings file to start from"
    )
    settings.set_defaults(func=cmd_settings)

    pin = commands.add_parser(
        "pin-hash",
        help="make the hash of a staff PIN for the settings",
        description="Ask for a staff PIN (twice, not shown) and print its salted hash, the "
        "value of staff_pin_hash in the settings. The PIN itself is stored nowhere.",
    )
    pin.set_defaults(func=cmd_pin_hash)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["run", *(argv or [])])
    try:
        return int(args.func(args))
    except BrokenPipeError:
        # The reader went away (`prescreen list | head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except SystemExit:
        raise
    except Exception as error:
        _print(f"prescreen: unexpected error ({type(error).__name__}); please report it", err=True)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
