"""The folder store: writing one application (flushed to disk), and `prescreen list` over a
store of many applications."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.coldstart import clean_environment, prescreen_command
from benchmarks.driving import bundled_set, typical_answers
from prescreen.core.answer_file import run_answers
from prescreen.core.records import REFERENCE_ALPHABET, Application
from prescreen.core.store import FileStore


def typical_application() -> Application:
    """The typical applicant's application to the bundled set, as a kiosk writes it."""
    run = run_answers(bundled_set(), typical_answers(), mode="kiosk")
    assert not run.errors, run.errors
    return run.interview.submit()


def write_times(application: Application, writes: int) -> list[float]:
    """Seconds to write the application (fsync of the file and its folder included), each
    time under a new reference claimed beforehand."""
    times = []
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder:
        store = FileStore(Path(folder) / "store")
        for _ in range(writes):
            record = application.model_copy(update={"id": store.new_reference()})
            started = time.perf_counter()
            store.submit(record)
            times.append(time.perf_counter() - started)
    return times


def reference_code(n: int) -> str:
    """The n-th reference code, so that many distinct ones are made without a clash."""
    base = len(REFERENCE_ALPHABET)
    chars = []
    for _ in range(8):
        n, digit = divmod(n, base)
        chars.append(REFERENCE_ALPHABET[digit])
    code = "".join(reversed(chars))
    return f"{code[:4]}-{code[4:]}"


def fill_store(root: Path, application: Application, count: int) -> None:
    """Write `count` copies of the application under distinct references, as the store lays
    them out (quickly: no fsync, no reference markers, which listing does not read)."""
    folder = root / "applications"
    folder.mkdir(parents=True, exist_ok=True)
    text = application.model_dump_json(by_alias=True, indent=2) + "\n"
    marker = json.dumps(application.id)
    assert text.count(marker) == 1
    head, tail = text.split(marker)
    for n in range(count):
        reference = reference_code(n)
        (folder / f"{reference}.json").write_text(f'{head}"{reference}"{tail}', encoding="utf-8")


def list_times(root: Path, runs: int) -> list[float]:
    """Seconds `prescreen list` takes over the store, from spawn to exit, `runs` times."""
    env = clean_environment(PRESCREEN_SETTINGS=str(root / "no-settings.toml"))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [*prescreen_command(), "list", "--store", str(root)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        times.append(time.perf_counter() - started)
        if done.returncode != 0 or done.stderr:
            raise RuntimeError(f"prescreen list failed: {done.stderr.decode()[:400]}")
    return times


def listing(application: Application, count: int, runs: int) -> tuple[float, list[float]]:
    """`prescreen list` over a store of `count` applications: the first listing, which reads
    every file and builds the store's list index, then `runs` more, as on any later day."""
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder:
        root = Path(folder) / "store"
        fill_store(root, application, count)
        os.sync()  # the files are on disk, as a store's are, before it is listed
        first = list_times(root, 1)[0]
        return first, list_times(root, runs)
