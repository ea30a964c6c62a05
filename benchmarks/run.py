"""Every measure, in order, each against its budget: the rows of the table."""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import answering, coldstart, engine, keys, kiosk_day, review, store
from benchmarks.config import Config
from benchmarks.driving import bundled_set
from benchmarks.reference_app import READY_TEXT
from benchmarks.stats import median, ms, p95
from benchmarks.table import Row, against, flat, flat_against, not_yet, number, shown, under
from prescreen.core.interview import Interview
from prescreen.core.questionset import QuestionSet

Measure = Callable[[Config], list[Row]]


def cold_start(config: Config) -> list[Row]:
    """Spawn to welcome screen in a pty, and the peak memory of that start; and the start when
    the set has to be checked again (its file or prescreen changed since the last start)."""
    qs = bundled_set()
    title = qs.text(qs.title, qs.default_language)
    with tempfile.TemporaryDirectory(prefix="prescreen-bench-") as folder:
        env = coldstart.clean_environment(
            PRESCREEN_SETTINGS=str(Path(folder) / "no-settings.toml"),
            PRESCREEN_STORE=str(Path(folder) / "store"),
            PRESCREEN_MODE="kiosk",
            XDG_CACHE_HOME=str(Path(folder) / "cache"),
        )
        ours, bare, unchecked = [], [], []
        run = [*coldstart.prescreen_command(), "run"]
        # One of each first (with several runs), to read the files into the page cache and
        # keep the checked set; then taken in turns, so that the machine's drift falls on
        # both alike.
        warm = 1 if config.starts > 1 else 0
        for n in range(config.starts + warm):
            one = coldstart.start_once(run, env, title)
            other = coldstart.start_once(coldstart.reference_command(), env, READY_TEXT)
            if n >= warm:
                ours.append(one)
                bare.append(other)
                fresh = {**env, "XDG_CACHE_HOME": str(Path(folder) / f"cache-{n}")}
                unchecked.append(coldstart.start_once(run, fresh, title))
    return [
        against(
            f"cold start to welcome screen, pty (median of {config.starts})",
            ms(median([s.seconds for s in ours])),
            ms(median([s.seconds for s in bare])),
            "ms",
            1.5,
        ),
        against(
            "peak memory (max RSS) of that start",
            median([s.max_rss_mib for s in ours]),
            median([s.max_rss_mib for s in bare]),
            "MiB",
            1.5,
        ),
        shown(
            "cold start when the set is checked again (changed file or prescreen)",
            ms(median([s.seconds for s in unchecked])),
            "ms",
            f"{median([s.max_rss_mib for s in unchecked]):.1f} MiB; the first start after a change",
        ),
    ]


def key_to_handled(config: Config) -> list[Row]:
    """A key posted to the focused text box, in-process, until it has taken it."""
    bare = asyncio.run(keys.reference_keys(config.keys))
    ours = asyncio.run(keys.prescreen_keys(config.keys))
    return [
        against(
            f"key to handled, p95 of {config.keys}",
            ms(p95(ours)),
            ms(p95(bare)),
            "ms",
            2,
        )
    ]


def answer_to_next(config: Config) -> list[Row]:
    """A valid answer given, until the next question is drawn with its field focused."""
    times = asyncio.run(answering.answer_latencies(config.answer_walks, limit=config.answer_limit))
    return [
        under(
            f"answer to next question shown, p95 of {len(times)} (median "
            f"{number(ms(median(times)), 'ms')})",
            ms(p95(times)),
            "ms",
            16,
        ),
        shown(
            "bare Textual app: one Label+Input swapped for another, p95",
            ms(p95(asyncio.run(answering.reference_latencies(max(len(times), 5))))),
            "ms",
            "the floor for a move that builds new widgets",
        ),
    ]


def loading(config: Config) -> list[Row]:
    """Load and check the bundled set and generated ones; growth with size."""
    bundled = ms(median(engine.load_bundled(config.load_repeats)))
    found = {
        size: ms(median(times))
        for size, times in engine.load_generated(config.set_sizes, config.load_repeats).items()
    }
    small, large = min(found), max(found)
    growth = (found[large] / large) / (found[small] / small)
    per_question = ", ".join(f"{size}: {number(t, 'ms')}" for size, t in found.items())
    return [
        under("load + check bundled set (median)", bundled, "ms", 50),
        under(f"load + check generated {large} questions (median)", found[large], "ms", 300),
        Row(
            f"load growth per question, {small} -> {large}",
            f"{growth:.2f}x ({per_question})",
            "<= 1.25x (linear)",
            growth <= 1.25,
        ),
    ]


def _large_interview(config: Config) -> tuple[QuestionSet, Interview]:
    qs = engine.generated(max(config.set_sizes))
    return qs, engine.answered_interview(qs)


def visibility_and_review(config: Config) -> list[Row]:
    """Working out what is shown after one answer, and the review of every answer, on the
    largest generated set."""
    qs, interview = _large_interview(config)
    size = len(qs.questions)
    shown = engine.visibility_after_answer(qs, interview, config.visibility_repeats)
    drawn = asyncio.run(review.review_render(qs, interview, config.review_repeats))
    return [
        under(
            f"visibility after one answer, {size} questions (median)", ms(median(shown)), "ms", 1
        ),
        under(f"review screen of {size} questions drawn (median)", ms(median(drawn)), "ms", 500),
    ]


def storing(config: Config) -> list[Row]:
    """Writing one application, and listing many."""
    application = store.typical_application()
    writes = store.write_times(application, config.writes)
    first, listed = store.listing(application, config.listed, config.list_runs)
    return [
        under("store: write one application, fsync (median)", ms(median(writes)), "ms", 10),
        shown(
            f"prescreen list over {config.listed} applications, first time",
            ms(first),
            "ms",
            "reads every file once, then keeps an index",
        ),
        under(f"prescreen list over {config.listed} applications", ms(median(listed)), "ms", 1000),
        not_yet(f"export {config.listed} applications to CSV", "< 3000 ms", "no export yet"),
    ]


def kiosk(config: Config) -> list[Row]:
    """Interviews one after another in one process: time and memory stay flat. The time is
    judged against a fresh app run alongside (see `kiosk_day`): the host's own speed moves
    by half from one stretch of a run to another."""
    day = asyncio.run(kiosk_day.kiosk_day(config.interviews))
    window = day.window
    first, last = slice(None, window), slice(-window, None)
    first_fresh = [s for s in day.fresh_cpu_seconds[first] if s is not None]
    last_fresh = [s for s in day.fresh_cpu_seconds[last] if s is not None]
    return [
        flat_against(
            f"kiosk day, {config.interviews} interviews: processor time per interview",
            (ms(median(day.cpu_seconds[first])), ms(median(day.cpu_seconds[last]))),
            (ms(median(first_fresh)), ms(median(last_fresh))),
            (
                median(kiosk_day.against_fresh(day, first)),
                median(kiosk_day.against_fresh(day, last)),
            ),
            "ms",
        ),
        shown(
            f"kiosk day, {config.interviews} interviews: clock time per interview",
            ms(median(day.seconds[last])),
            "ms",
            f"first 20: {number(ms(median(day.seconds[first])), 'ms')}; shared disk and CPU",
        ),
        flat(
            f"kiosk day, {config.interviews} interviews: resident memory",
            median(day.memory_mib[first]),
            median(day.memory_mib[last]),
            "MiB",
        ),
    ]


MEASURES: list[tuple[str, Measure]] = [
    ("cold start", cold_start),
    ("key to handled", key_to_handled),
    ("answer to next question", answer_to_next),
    ("loading question sets", loading),
    ("visibility and review", visibility_and_review),
    ("store", storing),
    ("kiosk day", kiosk),
]


def measure_all(
    config: Config, *, only: list[str] | None = None, progress: bool = True
) -> list[Row]:
    """Every measure's rows (or those named in `only`); a measure that breaks gives a failing
    row saying why."""
    rows: list[Row] = []
    for name, measure in MEASURES:
        if only and name not in only:
            continue
        started = time.perf_counter()
        try:
            rows.extend(measure(config))
        except Exception as error:  # one broken measure must not hide the others
            rows.append(Row(name, f"error: {type(error).__name__}: {error}"[:120], "-", False))
        if progress:
            print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return rows
