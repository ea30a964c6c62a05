"""What a start on a question set already checked loads: not the YAML reader, not the lint, and
no Pydantic model built before the screens need one. Each of these was a measurable share of
the cold start (docs/performance.md); this keeps them off it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

START = """
import json, sys
import pydantic.plugin._schema_validator as validators
import pydantic._internal._model_construction as construction

built = []
original = validators.create_schema_validator

def spy(schema, schema_type, module, name, *args, **kwargs):
    built.append(f"{module}.{name}")
    return original(schema, schema_type, module, name, *args, **kwargs)

validators.create_schema_validator = construction.create_schema_validator = spy
from prescreen import cli
cli._load(None)
import prescreen.tui.app, prescreen.tui.screens.welcome
print(json.dumps({"modules": sorted(sys.modules), "built": built}))
"""


def start(cache: Path) -> dict[str, list[str]]:
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", START],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    loaded: dict[str, list[str]] = json.loads(done.stdout)
    return loaded


def test_a_start_on_a_checked_set_loads_no_yaml_lint_or_model_schema(tmp_path: Path) -> None:
    first = start(tmp_path)  # checks the bundled set and keeps it
    assert "yaml" in first["modules"] and "prescreen.core.lint" in first["modules"]
    again = start(tmp_path)
    assert "yaml" not in again["modules"]
    assert "prescreen.core.loading" not in again["modules"]
    assert "prescreen.core.lint" not in again["modules"]
    # The settings are validated at every start; no model of the set or the files is built.
    assert again["built"] == ["prescreen.settings.Settings"]
