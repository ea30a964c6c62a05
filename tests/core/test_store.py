"""The folder store: atomic private writes, unique references across processes, damaged files."""

from __future__ import annotations

import json
import multiprocessing
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prescreen.core.answer_file import run_answers
from prescreen.core.interview import Interview
from prescreen.core.questionset import QuestionSet
from prescreen.core.records import Application
from prescreen.core.store import FileStore, NotFound, StoreError
from tests.conftest import DEMO, VALID_ANSWERS, fixed_clock


def application(qs: QuestionSet, store: FileStore, name: str = "Ana") -> Application:
    run = run_answers(
        qs, dict(VALID_ANSWERS, full_name=name), reference=store.new_reference(), clock=fixed_clock
    )
    assert run.errors == {}
    return run.interview.submit()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_submit_writes_a_private_file_and_reads_it_back(
    demo: QuestionSet, store: FileStore
) -> None:
    app = application(demo, store)
    path = Path(store.submit(app))
    assert path.name == f"{app.id}.json"
    assert mode(path) == 0o600
    assert mode(store.root) == 0o700
    assert mode(store.applications) == 0o700
    assert store.load_application(app.id) == app
    assert store.load_application(app.id.lower().replace("-", "")) == app  # as typed on a phone
    assert not list(store.applications.glob(".tmp-*"))


def test_a_store_opened_to_a_group_is_shared_with_it(
    demo: QuestionSet, interview: Interview, tmp_path: Path
) -> None:
    """A kiosk and the coordinators run under accounts of their own: with the store's folder
    opened to their group (chmod 2770), everything written in it stays open to the group, and
    never to others. Made by prescreen, a store stays private."""
    root = tmp_path / "shared"
    root.mkdir()
    root.chmod(0o2770)
    store = FileStore(root)
    path = Path(store.submit(application(demo, store)))
    interview.reference = store.new_reference()
    interview.answer("full_name", "Ana")
    store.save_draft(interview.to_draft())
    store.entries()
    assert mode(path) == 0o660
    assert mode(store.drafts / f"{interview.reference}.json") == 0o660
    assert mode(store.references / interview.reference) & 0o007 == 0  # only there, never read
    assert mode(store.index) == 0o660
    for folder in (store.applications, store.drafts, store.references, store.locks):
        assert mode(folder) == 0o2770, folder
    store.check()
    private = FileStore(tmp_path / "own")
    private.check()
    assert mode(private.root) == 0o700 and mode(private.drafts) == 0o700
    # Open to a group but not set-group-ID: files would take each writer's own group, which
    # may be one shared with everybody (users). Private, then.
    loose = tmp_path / "loose"
    loose.mkdir()
    loose.chmod(0o770)
    unshared = FileStore(loose)
    unshared.check()
    assert mode(unshared.drafts) == 0o700


def test_a_folder_that_cannot_be_read_is_reported_not_taken_for_empty(
    interview: Interview, store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A coordinator's account without access to the kiosk's drafts saw an empty list."""
    import os

    interview.reference = store.new_reference()
    interview.answer("full_name", "Ana")
    store.save_draft(interview.to_draft())
    scandir = os.scandir

    def refused(folder: Any) -> Any:
        if Path(folder) == store.drafts:
            raise PermissionError(13, "Permission denied")
        return scandir(folder)

    monkeypatch.setattr(os, "scandir", refused)
    entries, problems = store.entries()
    assert entries == []
    assert [(p.path, p.reason) for p in problems] == [
        (store.drafts, "cannot be read (Permission denied)")
    ]


def test_a_store_that_cannot_be_written_fails_its_check(
    store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    store.check()

    def refused(**_: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(StoreError, match=r"cannot write to .*applications: Permission denied"):
        store.check()


def test_an_application_is_never_replaced(demo: QuestionSet, store: FileStore) -> None:
    app = application(demo, store)
    store.submit(app)
    with pytest.raises(StoreError, match="already exists"):
        store.submit(app.model_copy(update={"language": "es"}))
    assert store.load_application(app.id).language == "en"


def test_draft_save_replace_and_drop_on_submit(interview: Interview, store: FileStore) -> None:
    interview.reference = store.new_reference()
    interview.answer("full_name", "Ana")
    store.save_draft(interview.to_draft())
    interview.revision += 1
    interview.answer("full_name", "Ana María")
    store.save_draft(interview.to_draft())
    draft = store.load_draft(interview.reference)
    assert draft.answers["full_name"].value == "Ana María"
    assert mode(store.drafts / f"{draft.id}.json") == 0o600
    entries, _ = store.entries()
    assert [(e.kind, e.name) for e in entries] == [("draft", "Ana María")]


@pytest.mark.parametrize(
    "given", ["../../etc/passwd", "/etc/passwd", "ABCD-EFG", "", "ABCD-EFG1", "AAAA-AAAA/../x"]
)
def test_references_from_outside_are_validated(store: FileStore, given: str) -> None:
    with pytest.raises(NotFound, match="not a reference code"):
        store.load_application(given)


def test_unknown_reference_is_not_found(store: FileStore) -> None:
    with pytest.raises(NotFound, match="no application"):
        store.load_application("2345-6789")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b'{"schema": "prescreen.application/1", "id": ', "not valid JSON"),
        (b"\x00\xff\xfe garbage", "not valid JSON"),
        (b"[1, 2, 3]", "not a application file"),
        (b'{"schema": "prescreen.application/99"}', "schema is"),
        (b'{"schema": "prescreen.application/1", "id": "2345-6789"}', "does not match"),
        (b"[" * 100_000, "not valid JSON"),
    ],
)
def test_damaged_files_are_reported_by_name_and_do_not_hide_good_ones(
    demo: QuestionSet, store: FileStore, content: bytes, reason: str
) -> None:
    good = application(demo, store)
    store.submit(good)
    (store.applications / "ZZZZ-ZZZZ.json").write_bytes(content)
    entries, unreadable = store.entries()
    assert [e.reference for e in entries] == [good.id]
    assert len(unreadable) == 1
    assert unreadable[0].path.name == "ZZZZ-ZZZZ.json"
    assert reason in unreadable[0].reason
    with pytest.raises(StoreError):
        store.load_application("ZZZZ-ZZZZ")


def test_unwritable_store_gives_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = FileStore(blocker / "store")
    with pytest.raises(StoreError, match="cannot use the store folder"):
        store.new_reference()


def _writer(root: str, count: int, queue: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from prescreen.core.loading import load_question_set

    qs, _ = load_question_set(DEMO)
    store = FileStore(Path(root))
    written = []
    for number in range(count):
        app = application(qs, store, name=f"writer {number}")
        written.append(app.id)
        store.submit(app)
        iv = Interview(qs, reference=store.new_reference(), clock=fixed_clock)
        iv.give_consent()
        iv.answer("full_name", f"draft {number}")
        store.save_draft(iv.to_draft())
    queue.put(written)


@pytest.mark.parametrize(
    ("processes", "each"),
    [(6, 15), pytest.param(16, 60, marks=pytest.mark.slow, id="stress-16x60")],
)
def test_concurrent_writers_never_collide(tmp_path: Path, processes: int, each: int) -> None:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=_writer, args=(str(tmp_path / "shared"), each, queue))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    written = [ref for _ in workers for ref in queue.get(timeout=600)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert len(written) == len(set(written)) == processes * each
    store = FileStore(tmp_path / "shared")
    entries, unreadable = store.entries()
    assert unreadable == []
    kinds = [e.kind for e in entries]
    assert kinds.count("application") == processes * each
    assert kinds.count("draft") == processes * each
    for path in store.applications.glob("*.json"):
        json.loads(path.read_text())  # every file whole


def test_a_claimed_reference_is_never_handed_out_again(
    store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = store.new_reference()
    offered = iter([taken, taken, "2345-6789"])
    monkeypatch.setattr("prescreen.core.store.new_reference", lambda: next(offered))
    assert store.new_reference() == "2345-6789"


def test_submitting_the_same_application_again_is_harmless(
    demo: QuestionSet, store: FileStore
) -> None:
    app = application(demo, store)
    first = store.submit(app)
    assert store.submit(app) == first  # a retry after an error that came too late
    assert len(list(store.applications.glob("*.json"))) == 1


def test_submit_succeeds_when_the_draft_cannot_be_removed(
    demo: QuestionSet, store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = application(demo, store)
    real_unlink = Path.unlink

    def refuse_drafts(self: Path, missing_ok: bool = False) -> None:
        if self.parent.name == "drafts":
            raise PermissionError(13, "Permission denied")
        real_unlink(self, missing_ok)

    monkeypatch.setattr(Path, "unlink", refuse_drafts)
    path = store.submit(app)
    assert Path(path).is_file()


def test_filesystems_without_hard_links_still_never_replace(
    demo: QuestionSet, store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def no_links(self: Path, target: Path) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(Path, "hardlink_to", no_links)
    app = application(demo, store)
    path = Path(store.submit(app))
    assert store.load_application(app.id) == app
    other = app.model_copy(update={"language": "es"})
    with pytest.raises(StoreError, match="already exists"):
        store.submit(other)
    assert json.loads(path.read_text())["language"] == "en"
    assert not list(store.applications.glob(".tmp-*"))


def test_a_renamed_file_is_reported_not_shown_under_another_reference(
    demo: QuestionSet, store: FileStore
) -> None:
    app = application(demo, store)
    path = Path(store.submit(app))
    path.rename(path.with_name("2345-6789.json"))
    entries, unreadable = store.entries()
    assert entries == [] and "was it renamed" in unreadable[0].reason


def test_entries_are_ordered_by_time_not_text(demo: QuestionSet, store: FileStore) -> None:
    import datetime as dt

    early = application(demo, store)
    late = application(demo, store)
    # 10:00+02:00 is 08:00 UTC: earlier than 09:00Z although its text sorts later.
    plus_two = dt.timezone(dt.timedelta(hours=2))
    store.submit(
        early.model_copy(update={"submitted_at": dt.datetime(2026, 1, 1, 10, tzinfo=plus_two)})
    )
    store.submit(
        late.model_copy(update={"submitted_at": dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)})
    )
    entries, _ = store.entries()
    assert [e.reference for e in entries] == [late.id, early.id]


def test_listing_removes_temporary_files_left_by_a_dead_writer(
    demo: QuestionSet, store: FileStore
) -> None:
    import os
    import time

    store.submit(application(demo, store))
    stale = store.applications / ".tmp-dead.json"
    stale.write_text('{"full_name": "half written"}')
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    fresh = store.drafts / ".tmp-writing.json"
    fresh.write_text("{")  # another process is writing it right now
    entries, unreadable = store.entries()
    assert len(entries) == 1 and unreadable == []
    assert not stale.exists() and fresh.exists()


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("", True),
        ("diaz", True),
        ("DÍAZ", True),
        ("ANA d", True),
        ("7kq2", True),
        ("7KQ2-MX4D", True),
        ("kq2mx", True),
        ("555 0123", True),
        ("(201) 555-0123", True),
        ("2015550123", True),
        ("0124", False),
        ("ana chen", False),
        ("12", False),  # too few digits to search a phone number by
    ],
)
def test_drafts_are_found_by_name_reference_or_phone_digits(query: str, found: bool) -> None:
    import datetime as dt

    from prescreen.core.listing import Entry

    entry = Entry(
        "draft",
        "7KQ2-MX4D",
        dt.datetime.now(dt.UTC),
        "kiosk",
        None,
        "Ana Díaz",
        "+12015550123",
        "demo 1",
    )
    assert entry.matches(query) is found


def test_the_drafts_list_reads_no_applications(demo: QuestionSet, store: FileStore) -> None:
    done = run_answers(demo, VALID_ANSWERS, clock=fixed_clock)
    done.interview.reference = store.new_reference()
    store.submit(done.interview.submit())
    open_ = Interview(demo, reference=store.new_reference(), clock=fixed_clock)
    open_.give_consent()
    open_.answer("full_name", "Bo")
    store.save_draft(open_.to_draft())
    (path,) = store.applications.glob("*.json")
    path.write_text("not json")  # a damaged application does not trouble the drafts list
    drafts, problems = store.entries(drafts_only=True)
    assert [e.reference for e in drafts] == [open_.reference] and problems == []
    assert drafts[0].at_question == "full_name"
    assert len(store.entries()[1]) == 1


def test_a_draft_changed_elsewhere_is_never_written_over(
    demo: QuestionSet, store: FileStore
) -> None:
    """A kiosk and a coordinator both have draft R open: the second to save is refused."""
    from prescreen.core.store import DraftConflict

    kiosk = Interview(demo, reference=store.new_reference(), clock=fixed_clock)
    kiosk.give_consent()
    kiosk.answer("full_name", "Eve Race")
    store.save_draft(kiosk.to_draft())
    kiosk.revision += 1
    phone, _ = Interview.resume(demo, store.load_draft(kiosk.reference), mode="phone")
    phone.answer("sex", "male")
    store.save_draft(phone.to_draft())  # the coordinator saves first
    kiosk.answer("phone", "201 555 0123")
    with pytest.raises(DraftConflict, match="changed elsewhere"):
        store.save_draft(kiosk.to_draft())
    kept = store.load_draft(kiosk.reference)
    assert kept.answers["sex"].value == "male" and "phone" not in kept.answers


def _draft_racer(
    root: str,
    reference: str,
    me: int,
    saves: int,
    queue: multiprocessing.Queue,  # type: ignore[type-arg]
    ready: Any,
) -> None:
    """One of several kiosks and coordinators saving the same draft as fast as they can: each
    save reads the latest draft, checks that this writer's last save is in it, counts one more
    in it, and writes it back. All start together (`ready`, a barrier), once each is set up:
    on a busy machine, one could otherwise be done before the next had started."""
    from prescreen.core.loading import load_question_set
    from prescreen.core.store import DraftConflict

    qs, _ = load_question_set(DEMO)
    store = FileStore(Path(root))
    ready.wait(timeout=300)
    done = conflicts = busy = 0
    lost: list[int] = []
    while done < saves:
        interview, _ = Interview.resume(qs, store.load_draft(reference), mode="phone")
        counts = json.loads(interview.notes.get("full_name", "{}"))
        if counts.get(str(me), 0) != done:
            lost.append(done)
        counts[str(me)] = done + 1
        interview.set_note("full_name", json.dumps(counts))
        try:
            store.save_draft(interview.to_draft())
        except DraftConflict:
            conflicts += 1
            continue
        except StoreError:
            busy += 1
            continue
        done += 1
    queue.put((lost, conflicts, busy))


@pytest.mark.parametrize(
    ("processes", "saves"),
    [(4, 25), pytest.param(12, 150, marks=pytest.mark.slow, id="stress-12x150")],
)
def test_writers_racing_on_one_draft_never_lose_a_save(
    demo: QuestionSet, tmp_path: Path, processes: int, saves: int
) -> None:
    """Every save that succeeded is in the final draft: none was written over by a writer that
    had not read it, and no file in the store is left damaged."""
    store = FileStore(tmp_path / "shared")
    first = Interview(demo, reference=store.new_reference(), clock=fixed_clock)
    first.give_consent()
    first.answer("full_name", "Race")
    store.save_draft(first.to_draft())
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    ready = context.Barrier(processes)
    workers = [
        context.Process(
            target=_draft_racer, args=(str(store.root), first.reference, me, saves, queue, ready)
        )
        for me in range(processes)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    final = store.load_draft(first.reference)
    assert final.revision == 1 + processes * saves
    assert json.loads(final.notes["full_name"]) == {str(me): saves for me in range(processes)}
    assert [lost for lost, _, _ in results] == [[]] * processes
    assert sum(conflicts + busy for _, conflicts, busy in results) > 0  # they did race
    assert list(store.locks.iterdir()) == []
    assert [p.name for p in store.drafts.iterdir()] == [f"{first.reference}.json"]


def test_a_lock_left_by_a_dead_writer_is_taken_over_and_a_live_one_waited_for(
    demo: QuestionSet, store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    interview = Interview(demo, reference=store.new_reference(), clock=fixed_clock)
    interview.give_consent()
    interview.answer("full_name", "Lock")
    lock = store.locks / interview.reference
    lock.touch()  # a writer is saving this draft right now
    monkeypatch.setattr("prescreen.core.store.LOCK_WAIT_SECONDS", 0.05)
    with pytest.raises(StoreError, match="being saved elsewhere"):
        store.save_draft(interview.to_draft())
    assert not (store.drafts / f"{interview.reference}.json").exists()
    old = time.time() - 60
    os.utime(lock, (old, old))  # that writer died holding the lock a minute ago
    store.save_draft(interview.to_draft())
    assert store.load_draft(interview.reference).answers["full_name"].value == "Lock"
    assert not lock.exists()


def _mutations(valid: dict[str, object]) -> st.SearchStrategy[bytes]:
    """A valid application file with one field removed, replaced or retyped, or cut short."""
    keys = sorted(valid)
    values = st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.just([])
    text = json.dumps(valid)
    return st.one_of(
        st.sampled_from(keys).map(lambda k: {x: v for x, v in valid.items() if x != k}),
        st.tuples(st.sampled_from(keys), values).map(lambda kv: {**valid, kv[0]: kv[1]}),
    ).map(lambda d: json.dumps(d).encode()) | st.integers(0, len(text)).map(
        lambda n: text[:n].encode()
    )


@given(data=st.data())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_file_in_the_store_is_read_or_reported_never_raised(
    demo: QuestionSet, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    store = FileStore(tmp_path_factory.mktemp("store"))
    good = application(demo, store)
    store.submit(good)
    valid = json.loads((store.applications / f"{good.id}.json").read_text())
    content = data.draw(st.binary(max_size=200) | _mutations(valid), label="file")
    (store.applications / "ZZZZ-ZZZZ.json").write_bytes(content)
    entries, unreadable = store.entries()
    assert good.id in [e.reference for e in entries]
    assert len(entries) + len(unreadable) == 2
    try:
        store.load_application("ZZZZ-ZZZZ")
    except StoreError as error:
        assert "ZZZZ-ZZZZ.json" in str(error)


def test_listing_reads_only_files_new_or_changed_since_the_last(
    demo: QuestionSet, store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import prescreen.core.store as store_module

    for name in ("Ana", "Bo", "Cy"):
        store.submit(application(demo, store, name=name))
    draft = Interview(demo, reference=store.new_reference(), clock=fixed_clock)
    draft.give_consent()
    draft.answer("full_name", "Di")
    store.save_draft(draft.to_draft())
    first, _ = store.entries()
    assert mode(store.index) == 0o600  # it holds names and phone numbers

    reads: list[str] = []
    real_read = store_module._read

    def counted(path: Path, model: Any) -> Any:
        reads.append(path.name)
        return real_read(path, model)

    monkeypatch.setattr(store_module, "_read", counted)
    again, problems = store.entries()
    assert (again, problems, reads) == (first, [], [])  # all from the index

    draft.revision += 1
    draft.answer("full_name", "Dee")
    store.save_draft(draft.to_draft())  # a draft changed
    gone, damaged = [e.reference for e in first if e.kind == "application"][:2]
    (store.applications / f"{gone}.json").unlink()  # an application removed by hand
    (store.applications / f"{damaged}.json").write_text("{")  # and one damaged by hand
    entries, problems = store.entries()
    assert sorted(reads) == sorted([f"{draft.reference}.json", f"{damaged}.json"])
    assert {e.reference: e.name for e in entries}[draft.reference] == "Dee"
    assert gone not in {e.reference for e in entries}
    assert [p.path.name for p in problems] == [f"{damaged}.json"]


@pytest.mark.parametrize(
    "index", [b"", b"not json", b'{"version": 1, "files": {"applications/x": 3}}', b"[]"]
)
def test_a_damaged_index_only_makes_listing_slower(
    demo: QuestionSet, store: FileStore, index: bytes
) -> None:
    store.submit(application(demo, store))
    expected, _ = store.entries()
    store.index.write_bytes(index)
    assert store.entries() == (expected, [])
    assert store.entries(drafts_only=True) == ([], [])
    assert store.entries() == (expected, [])


@pytest.mark.parametrize(
    "query", ["oneil", "o'neil", "O\u2019Neil", "neil-ruiz", "siobhan oneilruiz"]
)
def test_a_name_is_found_whatever_its_punctuation(query: str) -> None:
    """A coordinator types 'oneil' for O'Neil, or a typographic apostrophe for a straight one."""
    import datetime as dt

    from prescreen.core.listing import Entry

    entry = Entry(
        "draft",
        "7KQ2-MX4D",
        dt.datetime.now(dt.UTC),
        "phone",
        None,
        "Siobhán O'Neil-Ruiz",
        None,
        "x",
    )
    assert entry.matches(query)


def test_a_draft_already_submitted_is_named_as_an_application(
    demo: QuestionSet, store: FileStore
) -> None:
    """'run --resume' of a submitted interview said there was no such draft, as if the
    reference were wrong."""
    submitted = application(demo, store)
    store.submit(submitted)
    with pytest.raises(NotFound, match=f"{submitted.id} has been submitted.*prescreen show"):
        store.load_draft(submitted.id)
    with pytest.raises(NotFound, match="no draft 2345-6789"):
        store.load_draft("2345-6789")
