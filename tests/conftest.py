"""Shared fixtures: the demo question set, a fixed clock, a store in a temporary folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from prescreen.core.interview import Interview
from prescreen.core.loading import load_question_set
from prescreen.core.questionset import QuestionSet
from prescreen.core.store import FileStore

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "questions" / "demo.yaml"
NOW = dt.datetime(2026, 3, 14, 9, 30, tzinfo=dt.UTC)


def fixed_clock() -> dt.datetime:
    """A clock that always says 2026-03-14 09:30 UTC."""
    return NOW


@pytest.fixture(scope="session")
def demo() -> QuestionSet:
    """The bundled demo question set."""
    qs, _ = load_question_set(DEMO)
    return qs


@pytest.fixture
def interview(demo: QuestionSet) -> Interview:
    """A consented phone interview on the demo set with a fixed clock."""
    iv = Interview(demo, mode="phone", interviewer="coord-7", clock=fixed_clock)
    iv.give_consent()
    return iv


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    """An empty store in a temporary folder."""
    return FileStore(tmp_path / "store")


VALID_ANSWERS: dict[str, Any] = {
    "full_name": "Ana Díaz",
    "date_of_birth": "1985-03-14",
    "phone": "(201) 555-0123",
    "email": "ana@example.com",
    "sex": "female",
    "pregnant": "no",
    "weight": 62.5,
    "diagnosed": "yes",
    "year_diagnosed": 2015,
    "kidney": "dont_know",
    "symptoms": ["fatigue", "joint_pain"],
    "severity": {"tiredness": "moderate", "pain": "mild", "skin": "none"},
    "activity": 6,
    "sudden_symptoms": "no",
    "medications": [
        {
            "name": "Hydroxychloroquine",
            "dose": "200 mg",
            "frequency": "daily",
            "since": "2016-05-01",
        }
    ],
    "goals": "Fewer flares and less tiredness.",
    "contact_time": "morning",
}
"""A complete, valid set of answers to the demo set (as an answers file holds them)."""


@pytest.fixture(autouse=True)
def no_machine_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: Any) -> None:
    """Tests never read this machine's settings file, its cache of checked question sets or
    PRESCREEN_* variables."""
    import os

    for name in list(os.environ):
        if name.startswith("PRESCREEN_"):
            monkeypatch.delenv(name)
    missing = tmp_path_factory.mktemp("settings") / "settings.toml"
    monkeypatch.setenv("PRESCREEN_SETTINGS", str(missing))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
