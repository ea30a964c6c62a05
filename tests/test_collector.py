"""The cycle collector held off while `prescreen run` starts: switched back on once the first
screen is drawn, or when the start fails, and never touched where nothing held it."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest

from prescreen import collector
from prescreen.cli import main
from prescreen.core.questionset import QuestionSet
from prescreen.core.store import FileStore
from prescreen.tui.app import COLLECTOR_AFTER, PrescreenApp


class Node:
    me: object = None


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does, the collector is on and nothing frozen afterwards."""
    yield
    collector._held = False
    gc.unfreeze()
    gc.enable()


def test_started_collects_sets_aside_and_switches_back_on() -> None:
    collector.hold()
    assert not gc.isenabled() and collector.is_held()
    garbage = Node()
    garbage.me = garbage  # a cycle: only the collector frees it
    gone = weakref.ref(garbage)
    del garbage
    collector.started(freeze=True)
    assert gc.isenabled() and not collector.is_held()
    # What the start built and still uses is set aside; its garbage was collected first,
    # not kept for good.
    assert gc.get_freeze_count() > 0
    assert gone() is None


def test_release_and_a_start_without_freeze_set_nothing_aside() -> None:
    """A failed start, and the coordinator's console (whose first screen lists callers):
    nothing kept for good."""
    collector.hold()
    collector.release()
    assert gc.isenabled() and gc.get_freeze_count() == 0
    collector.hold()
    collector.started(freeze=False)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_release_without_hold_changes_nothing() -> None:
    collector.release()
    collector.started(freeze=True)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_hold_leaves_a_collector_someone_else_switched_off() -> None:
    gc.disable()
    collector.hold()
    assert not collector.is_held()
    collector.release()
    assert not gc.isenabled()  # not ours to switch on


async def test_the_app_switches_the_collector_on_after_its_first_screen(
    demo: QuestionSet, tmp_path: Path
) -> None:
    collector.hold()
    app = PrescreenApp(demo, FileStore(tmp_path / "store"))
    async with app.run_test() as pilot:
        await pilot.pause(COLLECTOR_AFTER + 0.3)
        assert gc.isenabled() and not collector.is_held()
        assert gc.get_freeze_count() > 0  # a kiosk: the start's objects set aside


def test_a_start_that_fails_switches_the_collector_back_on(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: [", encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["run", "--questions", str(broken)])
    assert gc.isenabled() and not collector.is_held()
    assert gc.get_freeze_count() == 0  # the test process's objects are not set aside
    assert "Traceback" not in capsys.readouterr().err
