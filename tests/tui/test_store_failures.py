"""A disk that fills up, turns read-only or is taken out mid-interview: the person sees a calm
message, every answer stays in memory, saving is tried again by itself, and an application is
never written in part.

The failures are the operating system's own errors (ENOSPC, EROFS) raised where the store
calls the system, or the store folder really moved away, so every layer above them runs as it
does on a failing disk.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.dialogs import ProblemNotice
from prescreen.tui.screens.done import DoneScreen
from prescreen.tui.screens.question import QuestionScreen
from tests.tui.conftest import settle, type_text
from tests.tui.test_flow import answers_of, start, written
from tests.tui.test_kiosk import answer_all, wait_for


class Disk:
    """The disk under the store folder, made to fail the way real ones do."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.fault: str | None = None
        real_fsync, real_open = os.fsync, os.open

        def fsync(fd: int) -> None:
            if self.fault == "full":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real_fsync(fd)

        def open_(path: Any, flags: int, mode: int = 0o777, **kwargs: Any) -> int:
            if self.fault == "read-only" and flags & os.O_CREAT and self._inside(path):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
            return real_open(path, flags, mode, **kwargs)

        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "open", open_)

    def _inside(self, path: Any) -> bool:
        return str(path).startswith(str(self.root))

    def fail(self, fault: str) -> None:
        self.fault = fault
        if fault == "removed":
            self.root.rename(self.root.with_name("unplugged"))

    def mend(self) -> None:
        if self.fault == "removed":
            self.root.with_name("unplugged").rename(self.root)
        self.fault = None


@pytest.fixture
def disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Disk:
    return Disk(tmp_path / "store", monkeypatch)


def messages(app: PrescreenApp) -> list[str]:
    return [n.message for n in app._notifications]


async def answer(pilot: Any, text: str) -> None:
    await type_text(pilot, text)
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("fault", ["full", "read-only", "removed"])
async def test_a_failing_disk_loses_no_answer_and_saving_resumes_by_itself(  # type: ignore[no-untyped-def]
    make_app, disk: Disk, tmp_path: Path, fault: str
) -> None:
    app: PrescreenApp = make_app()
    app.save_retry_seconds = 0.2
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await answer(pilot, "Ana")
        assert app.interview is not None
        reference = app.interview.reference
        disk.fail(fault)
        await answer(pilot, "3/14/1985")
        assert app.unsaved
        assert isinstance(app.screen, QuestionScreen)  # the interview goes on
        assert app.interview.current is not None and app.interview.current.id == "age_note"
        assert any("could not be saved to disk just now" in m for m in messages(app))
        await answer(pilot, "")  # past the note on their age
        await answer(pilot, "201 555 0123")
        said = messages(app)
        assert sum("could not be saved" in m for m in said) == 1  # said once, not at each answer
        assert not any("Traceback" in m or "Errno" in m for m in said)
        assert app.interview.value("phone") == "+12015550123"

        disk.mend()
        await wait_for(pilot, lambda: not app.unsaved)  # no answer needed to save again
        assert any("Saving works again" in m for m in messages(app))
        assert not any("could not be saved" in m for m in messages(app))  # no longer true
        draft = app.store.load_draft(reference)
        assert {"full_name", "date_of_birth", "phone"} <= set(draft.answers)
        leftovers = [p.name for p in (tmp_path / "store").rglob("*") if p.name.startswith(".tmp")]
        assert leftovers == []


@pytest.mark.parametrize("fault", ["full", "read-only", "removed"])
async def test_an_application_is_never_written_in_part(  # type: ignore[no-untyped-def]
    make_app, disk: Disk, tmp_path: Path, fault: str
) -> None:
    app: PrescreenApp = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(app, pilot)
        await answer_all(app, pilot)
        disk.fail(fault)
        await pilot.press("ctrl+n")  # submit from the review
        await settle(pilot)
        assert isinstance(app.screen, ProblemNotice)
        assert "Your answers are kept" in app.screen.message
        disk.mend()
        applications = tmp_path / "store" / "applications"
        assert [p.name for p in applications.iterdir()] == []  # nothing, not half of something
        await pilot.press("enter")  # Try again has the focus
        await settle(pilot)
        assert isinstance(app.screen, DoneScreen)
        data = written(tmp_path)  # whole, and valid against the schema
        assert answers_of(data)["full_name"]["value"] == "Ana Díaz"
        assert list((tmp_path / "store" / "drafts").iterdir()) == []


async def test_a_coordinator_is_told_where_and_why_saving_fails(  # type: ignore[no-untyped-def]
    make_app, disk: Disk
) -> None:
    """The patient's words ('please tell a member of staff') told a coordinator nothing they
    could act on, and refused a parked call or ctrl+q without a reason."""
    app: PrescreenApp = make_app(mode="phone", interviewer="coord-7")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(app, pilot)
        await answer(pilot, "Ana")
        disk.fail("read-only")
        await answer(pilot, "3/14/1985")
        notice = next(m for m in messages(app) if "could not be saved" in m)
        assert "member of staff" not in notice
        assert str(disk.root) in notice and "saving is tried again" in notice
        await pilot.press("f10")  # park: refused, saying why
        await settle(pilot)
        assert isinstance(app.screen, ProblemNotice)
        assert "could not be saved: " in app.screen.message and str(disk.root) in app.screen.message
