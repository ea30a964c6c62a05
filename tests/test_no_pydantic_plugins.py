"""No Pydantic plugin runs in prescreen: a plugin is handed every value validated, patients'
answers included, by whatever installed package declares one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PLUGIN = """
from pathlib import Path

Path(__file__).with_name("plugin-loaded").write_text("yes")


class Plugin:
    def new_schema_validator(self, *args, **kwargs):
        return None, None, None


plugin = Plugin()
"""

VALIDATE = """
import sys
if sys.argv[1] == "prescreen":
    import prescreen.core.records
from pydantic import BaseModel

class Answer(BaseModel):
    text: str

Answer.model_validate({"text": "an answer"})
"""


@pytest.fixture
def installed_plugin(tmp_path: Path) -> Path:
    """A package on the path that declares a Pydantic plugin and leaves a file when loaded."""
    (tmp_path / "spy_plugin.py").write_text(PLUGIN)
    info = tmp_path / "spy_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")
    return tmp_path


def validate(folder: Path, first: str) -> bool:
    """Validate a model in a new interpreter (after importing `first`); whether the plugin was
    loaded."""
    env = {**os.environ, "PYTHONPATH": str(folder)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    subprocess.run([sys.executable, "-c", VALIDATE, first], env=env, check=True, timeout=60)
    return (folder / "plugin-loaded").exists()


def test_a_plugin_is_loaded_by_pydantic_alone(installed_plugin: Path) -> None:
    assert validate(installed_plugin, "pydantic")


def test_no_plugin_is_loaded_once_prescreen_is_imported(installed_plugin: Path) -> None:
    assert not validate(installed_plugin, "prescreen")
