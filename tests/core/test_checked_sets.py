"""The cache of checked question sets: a start on the same file skips the check, and nothing in
the cache can make prescreen use a set other than the file's, or fail."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from prescreen.core import checked_sets, loading
from prescreen.core.checked_sets import load_checked
from prescreen.core.loading import load_question_set
from prescreen.core.problems import QuestionSetError
from prescreen.core.questionset import QuestionSet
from prescreen.locations import default_question_set
from tests.conftest import DEMO


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "demo.yaml"
    copy.write_bytes(DEMO.read_bytes())
    return copy


def no_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any YAML reading or validation fail the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the set was checked again")

    for reader in ("read_yaml", "parse_question_set", "check_question_set_text"):
        monkeypatch.setattr(loading, reader, refuse)


def counted_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each check of a set from here on, by source."""
    seen: list[str] = []
    original = loading.check_question_set_text

    def counting(text: str, source: str) -> object:
        seen.append(source)
        return original(text, source)

    monkeypatch.setattr(loading, "check_question_set_text", counting)
    return seen


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*" + checked_sets.SUFFIX))


@pytest.mark.parametrize("source", [DEMO, default_question_set()], ids=["demo", "bundled"])
def test_a_second_load_is_the_same_set_without_a_check(
    source: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked, _warnings = load_question_set(source)
    first = load_checked(source, cache)
    assert len(entries(cache)) == 1
    no_check(monkeypatch)
    again = load_checked(source, cache)
    assert again == checked == first
    assert again.content_hash == checked.content_hash
    assert [q.id for q in again.questions] == [q.id for q in checked.questions]


def test_entries_are_private_to_the_user(demo_copy: Path, cache: Path) -> None:
    load_checked(demo_copy, cache)
    assert cache.stat().st_mode & 0o777 == 0o700
    assert all(entry.stat().st_mode & 0o777 == 0o600 for entry in entries(cache))


def test_a_changed_file_is_checked_again(
    demo_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_checked(demo_copy, cache)
    demo_copy.write_text(demo_copy.read_text() + "\n# edited\n")
    seen = counted_checks(monkeypatch)
    load_checked(demo_copy, cache)
    assert seen == [str(demo_copy)]
    assert len(entries(cache)) == 2


def test_changed_code_is_a_miss(
    demo_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_checked(demo_copy, cache)
    monkeypatch.setattr(checked_sets, "_code_fingerprint", lambda: "other code")
    seen = counted_checks(monkeypatch)
    load_checked(demo_copy, cache)
    assert seen == [str(demo_copy)]


def test_a_set_with_errors_is_never_kept(tmp_path: Path, cache: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nversion: 1\n")
    for _ in range(2):
        with pytest.raises(QuestionSetError):
            load_checked(broken, cache)
    assert entries(cache) == []


def test_an_unreadable_file_is_a_question_set_error(tmp_path: Path, cache: Path) -> None:
    with pytest.raises(QuestionSetError) as raised:
        load_checked(tmp_path / "missing.yaml", cache)
    assert "no such file" in raised.value.lines()[0]


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps({"a": "dict"}), pickle.dumps("text"), b"\x80\x05K"],
    ids=["empty", "garbage", "another-object", "a-string", "truncated"],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced(
    demo_copy: Path, cache: Path, content: bytes
) -> None:
    expected = load_checked(demo_copy, cache)
    (entry,) = entries(cache)
    entry.write_bytes(content)
    assert load_checked(demo_copy, cache) == expected
    assert entry.read_bytes() != content
    assert load_checked(demo_copy, cache) == expected


def test_an_entry_others_can_write_is_not_read(
    demo_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_checked(demo_copy, cache)
    (entry,) = entries(cache)
    entry.chmod(0o666)
    seen = counted_checks(monkeypatch)
    load_checked(demo_copy, cache)
    assert seen == [str(demo_copy)]


def test_an_entry_in_a_folder_others_can_write_is_not_read(
    demo_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_checked(demo_copy, cache)
    cache.chmod(0o777)
    seen = counted_checks(monkeypatch)
    load_checked(demo_copy, cache)
    assert seen == [str(demo_copy)]


def test_an_entry_owned_by_someone_else_is_not_read(
    demo_copy: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_checked(demo_copy, cache)
    real = os.getuid()
    monkeypatch.setattr(checked_sets.os, "getuid", lambda: real + 1)
    seen = counted_checks(monkeypatch)
    load_checked(demo_copy, cache)
    assert seen == [str(demo_copy)]


def test_a_link_is_not_followed(demo_copy: Path, cache: Path, tmp_path: Path) -> None:
    expected = load_checked(demo_copy, cache)
    (entry,) = entries(cache)
    elsewhere = tmp_path / "elsewhere.pickle"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert load_checked(demo_copy, cache) == expected
    assert not entry.is_symlink()


def test_a_cache_that_cannot_be_written_is_no_cache(demo_copy: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    qs = load_checked(demo_copy, blocked / "cache")
    assert isinstance(qs, QuestionSet)
    assert load_checked(demo_copy, None) == qs


def test_old_entries_are_pruned(tmp_path: Path, cache: Path) -> None:
    text = DEMO.read_text()
    for n in range(checked_sets.KEEP + 3):
        copy = tmp_path / f"demo-{n}.yaml"
        copy.write_text(text + f"\n# copy {n}\n")
        load_checked(copy, cache)
    assert len(entries(cache)) == checked_sets.KEEP
