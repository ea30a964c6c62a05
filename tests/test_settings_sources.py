"""The settings file, the environment and the command line are merged by prescreen itself; the
result (or the message) is what pydantic-settings gave when it did the merging."""

from __future__ import annotations

import os
import tempfile
from contextvars import ContextVar
from pathlib import Path
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from prescreen.settings import (
    ENV_PREFIX,
    Settings,
    SettingsError,
    _plain,
    load_settings,
    read_settings_file,
    source_of,
)

_file: ContextVar[dict[str, Any] | None] = ContextVar("_file", default=None)


class Merged(Settings, BaseSettings):  # type: ignore[misc]
    """The settings as pydantic-settings read them: command line over environment over file."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", env_ignore_empty=True)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, InitSettingsSource(settings_cls, _file.get() or {}))


def merged(path: Path, **overrides: Any) -> dict[str, Any] | str:
    """What pydantic-settings made of the same sources: the values, or the message."""
    given = {k: v for k, v in overrides.items() if v is not None}
    file_values = read_settings_file(path)
    token = _file.set(file_values)
    try:
        return Merged(**given).model_dump()
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else ""
            message = _plain(str(problem["msg"]))  # in prescreen's words, as prescreen says it
            if name:
                lines.append(
                    f"setting '{name}': {message} (set in "
                    f"{source_of(name, path, file_values, given)})"
                )
            else:
                named = [n for n in Settings.model_fields if n in message]
                wheres = ", ".join(
                    f"{n} in {source_of(n, path, file_values, given)}" for n in named
                )
                lines.append(f"{message} (set: {wheres})" if named else message)
        return "\n".join(lines)
    finally:
        _file.reset(token)


def ours(path: Path, **overrides: Any) -> dict[str, Any] | str:
    try:
        return load_settings(path, **overrides).model_dump()
    except SettingsError as error:
        return str(error)


VALUES: dict[str, list[Any]] = {
    "mode": ["kiosk", "phone", "kisok", ""],
    "store": ["/srv/store", "", "relative/store"],
    "questions": ["q.yaml", ""],
    "idle_timeout": [180, 60, 5, 3600, 4000],
    "idle_warning": [30, 60, 5, 300],
    "done_timeout": [60, 9, 600],
    "staff_pin_hash": ["", "  ", "1234"],
    "theme": ["default", "high-contrast", "dark"],
    "interviewer": ["coord-7", "x" * 41, ""],
}
NAMES = sorted(VALUES)


def _toml(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


@st.composite
def sources(draw: Any) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    file = {n: draw(st.sampled_from(VALUES[n])) for n in draw(st.sets(st.sampled_from(NAMES)))}
    environment = {}
    for name in draw(st.sets(st.sampled_from(NAMES), max_size=4)):
        variable = draw(st.sampled_from([str.upper, str.lower, str.title]))(ENV_PREFIX + name)
        environment[variable] = str(draw(st.sampled_from(VALUES[name])))
    line = {
        n: draw(st.sampled_from([None, *VALUES[n]]))
        for n in draw(st.sets(st.sampled_from(["mode", "store", "questions", "interviewer"])))
    }
    return file, environment, line


@settings(max_examples=300, deadline=None)
@given(sources())
def test_file_environment_and_command_line_merge_as_pydantic_settings_did(
    given_sources: tuple[dict[str, Any], dict[str, str], dict[str, Any]],
) -> None:
    file, environment, line = given_sources
    kept = {k: v for k, v in os.environ.items() if not k.upper().startswith(ENV_PREFIX)}
    with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, kept, clear=True):
        os.environ.update(environment)
        path = Path(folder) / "settings.toml"
        path.write_text("".join(f"{k} = {_toml(v)}\n" for k, v in file.items()), "utf-8")
        assert ours(path, **line) == merged(path, **line)


def test_a_variable_named_in_small_letters_counts(tmp_path: Path) -> None:
    with mock.patch.dict(os.environ, {"prescreen_mode": "phone"}):
        assert load_settings(tmp_path / "none.toml").mode == "phone"
