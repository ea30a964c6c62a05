"""The notices shown when a draft is resumed quote the draft: a question id no longer in the set,
a note written on it, where the interview stopped. A draft in a shared store can be hand-edited
or written by anyone with access, so those quotes must reach the screen with control characters
written out, as every other text read back from disk does."""

from __future__ import annotations

import json
from pathlib import Path

from prescreen.core.interview import Interview
from prescreen.core.questionset import QuestionSet
from prescreen.core.store import FileStore
from prescreen.tui.app import PrescreenApp
from prescreen.tui.screens.question import QuestionScreen
from tests.conftest import fixed_clock
from tests.hostile import raw_controls
from tests.tui.conftest import settle
from tests.tui.screen_checks import drawn

HOSTILE = "\x1b]0;PWNED\x07\x1b[2J\x9b31m\u202e[/]"


def hostile_draft(demo: QuestionSet, store: FileStore) -> str:
    interview = Interview(demo, mode="phone", interviewer="c1", clock=fixed_clock)
    interview.reference = store.new_reference()
    interview.give_consent()
    interview.answer("full_name", "Ana")
    interview.record("parked")
    data = interview.to_draft().model_dump(mode="json", by_alias=True)
    data["answers"][f"gone{HOSTILE}"] = {"value": "x", "special": None, "confirmed": []}
    data["notes"][f"removed{HOSTILE}"] = f"note{HOSTILE}"
    data["current"] = f"stopped{HOSTILE}"
    path = store.drafts / f"{interview.reference}.json"
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
    return interview.reference


async def test_resume_notices_write_control_characters_out(
    demo: QuestionSet, tmp_path: Path
) -> None:
    store = FileStore(tmp_path / "store")
    reference = hostile_draft(demo, store)
    app = PrescreenApp(demo, store, mode="phone", interviewer="c1", clock=fixed_clock)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        app.resume_draft(reference)
        await settle(pilot)
        assert isinstance(app.screen, QuestionScreen)
        messages = [n.message for n in app._notifications]
        assert any("PWNED" in m for m in messages), messages  # the notices were shown
        assert all(not raw_controls(m) for m in messages), messages
        assert not raw_controls(drawn(app))
