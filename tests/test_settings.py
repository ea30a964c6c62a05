"""Settings: file, then environment, then command line; every bad value named with where it
was set; the staff PIN only ever as a hash."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from prescreen.cli import main
from prescreen.settings import EXAMPLE, Settings, SettingsError, load_settings
from prescreen.staff_pin import (
    FIRST_LOCKOUT,
    MAX_LOCKOUT,
    PinError,
    PinGuard,
    check_hash_shape,
    hash_pin,
    pin_matches,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml")
    assert settings == Settings.model_construct(
        **{name: field.default for name, field in Settings.model_fields.items()}
    )
    assert settings.mode == "kiosk" and settings.idle_timeout == 180


def test_environment_beats_file_and_command_line_beats_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, 'mode = "phone"\nidle_timeout = 300\ninterviewer = "file"\n')
    monkeypatch.setenv("PRESCREEN_IDLE_TIMEOUT", "90")
    monkeypatch.setenv("PRESCREEN_INTERVIEWER", "env")
    settings = load_settings(path, interviewer="cli", mode=None)
    assert settings.mode == "phone"  # from the file (None on the command line: not given)
    assert settings.idle_timeout == 90  # the environment over the file
    assert settings.interviewer == "cli"


def test_an_empty_environment_variable_is_as_if_unset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`PRESCREEN_STAFF_PIN_HASH=` left in a shell took the staff PIN away (anyone at the
    kiosk could open the staff menu), and `PRESCREEN_STORE=` stored answers in the folder
    the program was started from."""
    pin = hash_pin("4826")
    path = write(tmp_path, f'staff_pin_hash = "{pin}"\nstore = "{tmp_path / "store"}"\n')
    monkeypatch.setenv("PRESCREEN_SETTINGS", str(path))
    monkeypatch.setenv("PRESCREEN_STAFF_PIN_HASH", "")
    monkeypatch.setenv("PRESCREEN_STORE", "")
    settings = load_settings(path)
    assert settings.staff_pin_hash == pin
    assert settings.store == tmp_path / "store"
    assert main(["settings"]) == 0
    shown = capsys.readouterr().out
    assert "environment variable" not in shown


def test_the_documented_example_is_valid_and_says_the_defaults(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, EXAMPLE))
    assert settings.model_dump() == load_settings(tmp_path / "none.toml").model_dump()
    documented = re.findall(r"^(?:# )?(\w+) = ", EXAMPLE, flags=re.MULTILINE)
    assert sorted(documented) == sorted(Settings.model_fields)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('mode = "kisok"', "setting 'mode': should be 'kiosk' or 'phone'"),
        ("idle_timeout = 5", "setting 'idle_timeout': should be at least 30"),
        ('idle_timeout = "soon"', "setting 'idle_timeout': should be a whole number"),
        ('store = "C:\\Users\\kiosk"', "a Windows path goes in single quotes"),
        ("idle_timeout = 60\nidle_warning = 60", "idle_warning (60 s) must be shorter"),
        ('theme = "dark"', "setting 'theme'"),
        ('staff_pin_hash = "1234"', "not a PIN hash"),
        ("idle_timout = 60", "unknown setting(s) 'idle_timout'"),
        ("mode = ", "is not valid TOML"),
        ('interviewer = "' + "x" * 60 + '"', "at most 40 characters"),
    ],
)
def test_bad_settings_say_what_and_where(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert expected in str(caught.value)
    if "unknown" not in expected and "TOML" not in expected:
        assert str(path) in str(caught.value)


def test_a_bad_environment_variable_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRESCREEN_MODE", "tablet")
    with pytest.raises(SettingsError, match="the environment variable PRESCREEN_MODE"):
        load_settings(tmp_path / "none.toml")


def test_an_unreadable_settings_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b"\xff\xfe mode")
    with pytest.raises(SettingsError, match="settings"):
        load_settings(path)


def test_bad_settings_stop_the_command_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRESCREEN_SETTINGS", str(write(tmp_path, "idle_timeout = 1")))
    with pytest.raises(SystemExit) as stop:
        main(["list", "--store", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert "idle_timeout" in err and "Traceback" not in err


def test_settings_command_prints_the_location_and_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, f'mode = "phone"\nstaff_pin_hash = "{hash_pin("2468")}"\n')
    monkeypatch.setenv("PRESCREEN_SETTINGS", str(path))
    monkeypatch.setenv("PRESCREEN_THEME", "high-contrast")
    assert main(["settings"]) == 0
    out = capsys.readouterr().out
    assert f"Settings file: {path}" in out
    assert f"mode = phone    from {path}" in out
    assert "theme = high-contrast    from the environment variable PRESCREEN_THEME" in out
    assert "idle_timeout = 180    from the default" in out
    assert "staff_pin_hash = (set)" in out and "scrypt$" not in out
    assert main(["settings", "--example"]) == 0
    assert capsys.readouterr().out == EXAMPLE


def test_pin_hash_command_prints_a_hash_that_checks(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("2468\n"))
    assert main(["pin-hash"]) == 0
    printed = capsys.readouterr().out.strip()
    assert pin_matches("2468", printed) and not pin_matches("2469", printed)
    assert "2468" not in printed
    monkeypatch.setattr("sys.stdin", io.StringIO("12\n"))
    with pytest.raises(SystemExit):
        main(["pin-hash"])
    assert "at least 4" in capsys.readouterr().err


def test_each_hash_is_salted() -> None:
    first, second = hash_pin("2468"), hash_pin("2468")
    assert first != second and pin_matches("2468", first) and pin_matches("2468", second)
    assert check_hash_shape(first) == first


@pytest.mark.parametrize(
    "damaged",
    ["", "scrypt$16384$8$1$abc", "scrypt$1000$8$1$YWJj$YWJj", "sha1$x", "scrypt$16384$8$1$@@$YWJj"],
)
def test_damaged_hashes_are_refused(damaged: str) -> None:
    with pytest.raises(PinError):
        check_hash_shape(damaged)


def test_wrong_pins_lock_out_for_longer_each_time() -> None:
    now = [1000.0]
    guard = PinGuard(hash_pin("2468"), clock=lambda: now[0])
    assert [guard.attempt("0000") for _ in range(2)] == ["wrong", "wrong"]
    assert guard.locked_for() == 0
    assert guard.attempt("1111") == "wrong"
    assert guard.locked_for() == FIRST_LOCKOUT
    assert guard.attempt("2468") == "locked"  # not even checked
    now[0] += FIRST_LOCKOUT
    assert guard.attempt("9999") == "wrong"
    assert guard.locked_for() == 2 * FIRST_LOCKOUT
    now[0] += 2 * FIRST_LOCKOUT
    assert guard.attempt("2468") == "ok" and guard.failures == 0
    for _ in range(20):
        now[0] += MAX_LOCKOUT
        guard.attempt("0000")
    assert guard.locked_for() == MAX_LOCKOUT


def test_a_settings_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(b'\xef\xbb\xbfmode = "phone"\n')  # as Notepad saves UTF-8
    assert load_settings(path).mode == "phone"


def test_the_settings_command_does_not_send_you_to_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PRESCREEN_SETTINGS", str(write(tmp_path, 'mode = "tablet"')))
    with pytest.raises(SystemExit):
        main(["settings"])
    err = capsys.readouterr().err
    assert "setting 'mode': should be 'kiosk' or 'phone'" in err
    assert "see 'prescreen settings'" not in err
