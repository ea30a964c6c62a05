"""core/ never imports textual or rich: the engine must run without a terminal."""

import subprocess
import sys
from pathlib import Path

import prescreen.core

CORE = Path(prescreen.core.__file__).parent


def test_core_imports_no_terminal_library() -> None:
    modules = sorted(f"prescreen.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__")
    assert len(modules) >= 8
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        + "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"core pulled in: {result.stdout}"
