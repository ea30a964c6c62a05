"""Where things are: the bundled question sets, the default store folder and the cache."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

DEFAULT_QUESTION_SET = "lupus-msc.yaml"


def questions_folder() -> Path:
    """The bundled question sets: inside the installed package, or `questions/` in a checkout."""
    packaged = Path(__file__).parent / "questions"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "questions"


def default_question_set() -> Path:
    """The question set `prescreen run` opens when none is named."""
    return questions_folder() / DEFAULT_QUESTION_SET


def store_folder(explicit: str | None = None) -> Path:
    """The store: `--store`, else $PRESCREEN_STORE, else the per-user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get("PRESCREEN_STORE")
    if from_env:
        return Path(from_env).expanduser()
    return user_data_path("prescreen", appauthor=False) / "store"


def cache_folder() -> Path:
    """Question sets already checked (see `prescreen.core.checked_sets`): in the per-user
    cache folder ($XDG_CACHE_HOME), never in the store."""
    return user_cache_path("prescreen", appauthor=False) / "checked-sets"
