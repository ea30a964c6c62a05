"""Settings: a TOML file, then `PRESCREEN_*` environment variables, then command-line options,
each overriding the one before; checked by Pydantic, with messages that say where a bad value
was set.

The three are merged here rather than by pydantic-settings, which read them the same way (a
variable's name in any case, its value as given) but cost every start 20 ms and 1.4 MB."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from platformdirs import user_config_path
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from prescreen.staff_pin import PinError, check_hash_shape

ENV_PREFIX = "PRESCREEN_"
SETTINGS_ENV = "PRESCREEN_SETTINGS"
"""Names another settings file (a kiosk's own, say) instead of the per-user one."""


class SettingsError(Exception):
    """Settings that cannot be used; each line of the message names the setting and where."""


class Settings(BaseModel):
    """How `prescreen run` behaves on this machine."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    mode: Literal["kiosk", "phone"] = Field(
        "kiosk", description="kiosk: a patient alone, locked down; phone: a coordinator."
    )
    store: Path | None = Field(
        None, description="Folder of drafts and applications (default: the per-user data folder)."
    )
    questions: Path | None = Field(
        None, description="Question set file (default: the bundled lupus-msc set)."
    )
    idle_timeout: int = Field(
        180,
        ge=30,
        le=3600,
        description="Kiosk: seconds without a key or touch before the interview is put away "
        "(the warning's countdown included).",
    )
    idle_warning: int = Field(
        30,
        ge=5,
        le=300,
        description="Kiosk: the last seconds of idle_timeout, counted down on an 'are you "
        "still there?' warning.",
    )
    done_timeout: int = Field(
        60,
        ge=10,
        le=600,
        description="Kiosk: seconds the end screen (with the reference code) stays up.",
    )
    staff_pin_hash: str | None = Field(
        None, description="Kiosk: the staff PIN as printed by 'prescreen pin-hash'."
    )
    theme: Literal["default", "high-contrast"] = Field("default", description="Colours.")
    interviewer: str | None = Field(
        None, max_length=40, description="Phone: the interviewer id filled in at the start."
    )

    @field_validator("staff_pin_hash")
    @classmethod
    def _pin_hash(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        try:
            return check_hash_shape(value.strip())
        except PinError as error:
            raise ValueError(str(error)) from None

    @model_validator(mode="after")
    def _warning_fits(self) -> Settings:
        if self.idle_warning >= self.idle_timeout:
            raise ValueError(
                f"idle_warning ({self.idle_warning} s) must be shorter than idle_timeout "
                f"({self.idle_timeout} s)"
            )
        return self


def settings_file() -> Path:
    """Where the settings file is: $PRESCREEN_SETTINGS, else the per-user config folder."""
    named = os.environ.get(SETTINGS_ENV)
    if named:
        return Path(named).expanduser()
    return user_config_path("prescreen", appauthor=False) / "settings.toml"


def read_settings_file(path: Path) -> dict[str, Any]:
    """The values in a settings file; none if it does not exist."""
    try:
        data = path.read_bytes()
        import tomllib  # only when there is a file: 11 ms

        # A byte-order mark, as Windows editors save one, is not part of the settings.
        values = tomllib.loads(data.removeprefix(b"\xef\xbb\xbf").decode("utf-8"))
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise SettingsError(f"{path} is not UTF-8 text; save it as UTF-8") from None
    except OSError as error:
        raise SettingsError(f"cannot read the settings file {path}: {error.strerror}") from None
    except tomllib.TOMLDecodeError as error:
        hint = (
            "; a Windows path goes in single quotes, store = 'C:\\Clinic\\store', where a "
            "backslash is only a backslash"
            if "escape" in str(error) or "hex value" in str(error)
            else ""
        )
        raise SettingsError(f"{path} is not valid TOML: {error}{hint}") from None
    names = set(Settings.model_fields)
    unknown = sorted(set(values) - names)
    if unknown:
        raise SettingsError(
            f"{path}: unknown setting(s) {', '.join(repr(k) for k in unknown)}; "
            f"the settings are {', '.join(sorted(names))}"
        )
    return values


def environment_values() -> dict[str, str]:
    """The settings given by `PRESCREEN_<NAME>` variables, by name; a variable's name may be
    in any case (when two differ only in case, the later one in the environment counts). An
    empty variable gives nothing, as if unset: `PRESCREEN_STAFF_PIN_HASH=` left over in a
    shell must not take the staff PIN away, nor `PRESCREEN_STORE=` put answers in whatever
    folder the program was started from."""
    lowered = {key.lower(): value for key, value in os.environ.items() if value}
    prefix = ENV_PREFIX.lower()
    return {
        name: lowered[prefix + name] for name in Settings.model_fields if prefix + name in lowered
    }


def source_of(name: str, path: Path, file_values: dict[str, Any], overrides: dict[str, Any]) -> str:
    """Where a setting's value comes from, in words."""
    if name in overrides:
        return "the command line"
    if name in environment_values():
        return f"the environment variable {ENV_PREFIX}{name.upper()}"
    if name in file_values:
        return str(path)
    return "the default"


_PYDANTIC_WORDING = (
    ("Value error, ", ""),
    (
        "Input should be a valid integer, unable to parse string as an integer",
        "should be a whole number",
    ),
    ("Input should be a valid integer", "should be a whole number"),
    ("Input should be ", "should be "),
    ("greater than or equal to", "at least"),
    ("less than or equal to", "at most"),
)


def _plain(message: str) -> str:
    """A validation message in the words of the rest of the program."""
    for wording, plain in _PYDANTIC_WORDING:
        message = message.replace(wording, plain)
    return message


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """The settings in force: `overrides` (options given on the command line; None means not
    given) over the environment over the settings file. Raises SettingsError."""
    path = path or settings_file()
    given = {k: v for k, v in overrides.items() if v is not None}
    file_values = read_settings_file(path)
    try:
        return Settings(**{**file_values, **environment_values(), **given})
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else ""
            message = _plain(str(problem["msg"]))
            if name:
                where = source_of(name, path, file_values, given)
                lines.append(f"setting '{name}': {message} (set in {where})")
            else:  # a rule between settings: say where each one it names was set
                named = [n for n in Settings.model_fields if n in message]
                wheres = ", ".join(
                    f"{n} in {source_of(n, path, file_values, given)}" for n in named
                )
                lines.append(f"{message} (set: {wheres})" if named else message)
        raise SettingsError("\n".join(lines)) from None


EXAMPLE = """\
# prescreen settings. Every line is optional; environment variables PRESCREEN_<NAME> (for
# example PRESCREEN_MODE=phone) override this file, and command-line options override both.

# kiosk: a patient alone, locked down. phone: a coordinator on the phone.
mode = "kiosk"

# Folder of drafts and applications; several kiosks and coordinators may share one.
# store = "/srv/prescreen/store"

# Question set file (default: the bundled lupus-msc set).
# questions = "/srv/prescreen/questions/lupus-msc.yaml"

# Kiosk: idle_timeout seconds without a key or touch, and the answers are saved as a draft
# and the screen is cleared for the next person. The last idle_warning seconds of that are a
# countdown asking "are you still there?" (with 180 and 30: the question at 150 seconds, the
# clearing at 180). The end screen clears after done_timeout seconds.
idle_timeout = 180
idle_warning = 30
done_timeout = 60

# Kiosk: the staff PIN (ctrl+k) as printed by 'prescreen pin-hash'. Never the PIN itself.
# staff_pin_hash = "scrypt$16384$8$1$..."

# "default" or "high-contrast"
theme = "default"

# Phone: the interviewer id filled in at the start.
# interviewer = "coord-7"
"""
"""A documented settings file, printed by `prescreen settings --example`."""
