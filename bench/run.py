"""Benchmark runner: import, grouping, /quote, /events, divergence, memory and --help at given sizes.

    python bench/run.py --sizes 10000,100000 [--json results.json]
    python bench/run.py --smoke            # ~300 documents, finishes in seconds (CI smoke test)

For each size the runner generates (or reuses) a deterministic corpus with bench/generate.py, then runs
one child process per size (so peak RSS is that size's own) that, into a fresh database file:

1. imports all but the last N documents through the real import path (`bot.ingest.jsonl.read_jsonl` ->
   `bot.ingest.importer.import_documents`, which analyses, stores, indexes and calls
   `bot.pipeline.process_documents` to group and diverge), timing parse / dedupe / analyse / store /
   pipeline separately;
2. imports the last N documents the same way, timing `process_documents` over those N (wall, with
   the grouping-only part and the CPU of the grouping work itself);
3. runs Q `/quote` queries drawn from corpus phrases through the command layer
   (`commands.dispatch.run_text`), each next to the raw FTS5 query on the same connection
   (`SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?`), and Q `/events` queries;
4. times `bot.divergence.compute_divergence` alone on a sample of stored events;
5. checks grouping against the generator's labels (pairwise precision/recall);

Then, with every size's database complete, one more child runs the grouping probe the grouping target
is judged on (`grouping_probe`): in each database the newest N documents are placed again, in a
transaction that is rolled back, round after round, the sizes interleaved in one process so that the
machine's drift falls on all of them alike; the ratio is taken within each round.

Then the parent times `readout-watch --help` (median of 5) next to `python -c pass`, prints a table
against the targets, and optionally writes everything as JSON. A phase whose product code is missing
is reported as "n/a (missing X)", never a crash. No figure is asserted anywhere: this measures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.generate import labels_path_for, pairwise_quality, read_labels, write_corpus  # noqa: E402

TARGETS = {
    "import_docs_per_s": 500.0,  # >=
    "quote_p95_ms": 30.0,  # <= at the largest size
    "quote_ratio": 3.0,  # /quote p95 <= 3x raw FTS5 p95
    "grouping_ratio": 1.5,  # per-doc grouping cost at the largest size <= 1.5x the smallest
    "divergence_ms": 10.0,  # per event
    "peak_rss_mb": 300.0,  # at 100k
    "help_s": 0.5,
}

# Phrases people search for: strong wording and the topics of the day.
QUOTE_PHRASES = (
    "serious concern", "firmly opposes", "not conducive to regional peace and stability", "grave concern",
    "strongly condemned", "solemn representations", "red line", "playing with fire", "deep concern",
    "Taiwan Strait", "South China Sea", "status quo", "freedom of navigation", "Korean Peninsula",
    "denuclearization", "energy infrastructure", "humanitarian situation in Gaza", "export controls",
    "critical minerals", "supply chain resilience", "fentanyl", "radar", "ceasefire", "sanctions",
    "military-to-military communication", "close communication", "people-to-people exchanges",
    "climate finance", "undersea cables", "at the request of", "lasted about", "next round of talks",
)
STOP = frozenset("the a an and or of to in on at for with by from as that this is was be are were it its "
                 "their his her they he she which who said says".split())


# --- small helpers -------------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far: VmHWM where /proc has it, else ru_maxrss
    (KiB on Linux, bytes on macOS).

    Why not ru_maxrss first: Linux carries it across fork and exec, so a child started by a parent
    that was large at the time reports the parent's peak as its own — the 100k child once "peaked"
    at 469 MB while 35 MB resident, because the parent had just generated the corpus in memory.
    VmHWM belongs to the process's own address space, which exec replaces."""
    status = _proc_status_kb("VmHWM:")
    if status is not None:
        return status / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


class ChildMemory:
    """Samples the pool workers' memory from /proc while the import runs (Linux; inactive elsewhere).

    Why sample: a worker's own ru_maxrss is useless here — Linux carries the starting process's peak
    across fork and exec, so workers started for the last 1,000 documents, when the importer was
    already at ~170 MB, "peaked" at 176 MB before analysing anything. VmHWM (per address space) of
    each child is read every `interval` seconds; it is a high-water mark, so a sample taken any time
    before the worker exits sees its peak. `together_mb` is the largest sampled sum of the main
    process's and the workers' resident sizes at one instant: the whole import's footprint.

    A child is counted only once it has exec'd (its command line is no longer this process's): in
    the moment between fork and exec it is a copy of this process, whose VmHWM it reports (one run
    of stop 20 read a "worker" peak of 134 MB, the importer's own size when it started the second
    pool, against 70-72 MB in every other run)."""

    def __init__(self, interval: float = 0.2) -> None:
        import threading

        self.interval = interval
        self.peaks: dict[int, float] = {}
        self.together_mb = 0.0
        self.active = Path("/proc/self/status").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="child-memory", daemon=True)
        self._execd: set[int] = set()  # children seen running their own program

    def __enter__(self) -> "ChildMemory":
        if self.active:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.active:
            self._stop.set()
            self._thread.join()

    def _run(self) -> None:
        me = os.getpid()
        own_cmdline = _cmdline(me)
        while not self._stop.is_set():
            together = current_rss_mb() or 0.0
            for pid in self._children(me):
                if pid not in self._execd:
                    cmdline = _cmdline(pid)
                    if cmdline is None or cmdline == own_cmdline:
                        continue  # gone, or forked and not exec'd yet: this process's copy
                    self._execd.add(pid)
                fields = _status_fields(Path(f"/proc/{pid}/status"), ("VmHWM:", "VmRSS:"))
                if "VmHWM:" in fields:
                    self.peaks[pid] = max(self.peaks.get(pid, 0.0), fields["VmHWM:"] / 1024)
                together += fields.get("VmRSS:", 0) / 1024
            self.together_mb = max(self.together_mb, together)
            self._stop.wait(self.interval)

    @staticmethod
    def _children(parent: int) -> list[int]:
        """The parent's child processes: its threads' /proc children lists (a few small reads), or,
        where the kernel has no such files, a scan of every process's PPid. Why not always scan: on
        this machine (~80 processes) a scan cost ~3 ms of the importing process's CPU, five times a
        second while the import runs (measured): the benchmark slowing what it measures."""
        lists = list(Path(f"/proc/{parent}/task").glob("*/children"))
        if lists:
            pids: set[int] = set()
            for path in lists:
                with contextlib.suppress(OSError):
                    pids.update(int(p) for p in path.read_text().split())
            return sorted(pids)
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                fields = _status_fields(entry / "status", ("PPid:",))
                if fields.get("PPid:") == parent:
                    found.append(int(entry.name))
        return found


def _cmdline(pid: int) -> bytes | None:
    """A process's command line from /proc (None when it is gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def _status_fields(path: Path, names: tuple[str, ...]) -> dict[str, int]:
    """Integer fields of a /proc status file ({} when the process is gone)."""
    out: dict[str, int] = {}
    try:
        with open(path, encoding="ascii", errors="replace") as fh:
            for line in fh:
                for name in names:
                    if line.startswith(name):
                        out[name] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return out
    return out


def children_peak_rss_mb() -> float:
    """Peak RSS of the largest finished child process (the import's pool workers, once shut down).
    An upper bound: ru_maxrss of a child includes the importing process's resident size when the
    worker was started (see `peak_rss_mb`), and no /proc field of an exited process is left to read."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _children_cpu() -> float:
    """CPU seconds of finished child processes (pool workers are counted when the pool shuts down)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def current_rss_mb() -> float | None:
    status = _proc_status_kb("VmRSS:")
    return status / 1024 if status is not None else None


def _proc_status_kb(field: str) -> int | None:
    """A kB field of /proc/self/status (Linux), or None."""
    return _status_fields(Path("/proc/self/status"), (field,)).get(field)


def pct(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def dist(values: list[float]) -> dict[str, Any]:
    """p50/p95/p99/mean/max in milliseconds of durations in seconds."""
    ms = [v * 1000 for v in values]
    return {
        "n": len(ms),
        "p50": pct(ms, 50),
        "p95": pct(ms, 95),
        "p99": pct(ms, 99),
        "mean": statistics.fmean(ms) if ms else None,
        "max": max(ms) if ms else None,
    }


def missing(exc: BaseException) -> str:
    """"n/a (missing X)" for an import or attribute error."""
    if isinstance(exc, ModuleNotFoundError):
        return f"n/a (missing {exc.name})"
    if isinstance(exc, ImportError):
        return f"n/a (missing {exc.name or ''}: {exc})".replace(": )", ")")
    return f"n/a (missing {exc})"


class Timer:
    """Accumulates call counts and seconds for a wrapped function."""

    def __init__(self) -> None:
        self.calls = 0
        self.seconds = 0.0
        self.items = 0
        self.samples: list[tuple[int, float]] = []

    def add(self, seconds: float, items: int = 1, keep: bool = False) -> None:
        self.calls += 1
        self.items += items
        self.seconds += seconds
        if keep:
            self.samples.append((items, seconds))

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


def wrap_async(owner: Any, name: str, timer: Timer, *, count: Callable[..., int] | None = None, keep: bool = False,
               clock: Callable[[], float] = time.perf_counter) -> Callable[[], None]:
    """Replace `owner.name` (an async callable) by a timed wrapper; returns the undo function.
    `clock=time.thread_time` counts the CPU of the thread the call runs in instead of wall time."""
    original = getattr(owner, name)

    async def timed(*args: Any, **kwargs: Any) -> Any:
        start = clock()
        try:
            return await original(*args, **kwargs)
        finally:
            timer.add(clock() - start, count(*args, **kwargs) if count else 1, keep)

    setattr(owner, name, timed)
    return lambda: setattr(owner, name, original)


def wrap_sync(owner: Any, name: str, timer: Timer, *, keep: bool = False) -> Callable[[], None]:
    original = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timer.add(time.perf_counter() - start, 1, keep)

    setattr(owner, name, timed)
    return lambda: setattr(owner, name, original)


def timed_iter(items: Iterator[Any], timer: Timer) -> Iterator[Any]:
    """Yield from `items`, adding the time spent producing each one (parsing) to `timer`."""
    while True:
        start = time.perf_counter()
        try:
            item = next(items)
        except StopIteration:
            return
        timer.add(time.perf_counter() - start)
        yield item


# --- queries -------------------------------------------------------------------------------------------


_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)


def build_quote_queries(corpus: Path, n: int, seed: int) -> list[str]:
    """`n` search texts drawn from the corpus: n-grams of random sentences, names, known phrases."""
    rng = random.Random(seed)
    total = sum(1 for _ in corpus.open("rb"))
    wanted = sorted(rng.sample(range(total), k=min(total, max(1, n))))
    texts: list[dict[str, Any]] = []
    want = iter(wanted)
    nxt = next(want, None)
    with corpus.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i == nxt:
                texts.append(json.loads(line))
                nxt = next(want, None)
                if nxt is None:
                    break
    queries: list[str] = []
    for i in range(n):
        roll = rng.random()
        doc = texts[i % len(texts)] if texts else {"text": "serious concern"}
        if roll < 0.3:
            queries.append(rng.choice(QUOTE_PHRASES))
            continue
        sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", doc["text"]) if len(s) > 40]
        words = _WORD.findall(rng.choice(sentences) if sentences else doc["text"])
        if roll < 0.45:
            # A name or place: capitalised words that are not sentence starts.
            caps = [w for j, w in enumerate(words) if j and w[:1].isupper() and w.lower() not in STOP]
            if caps:
                queries.append(rng.choice(caps))
                continue
        length = rng.choice((2, 2, 3, 3, 4))
        for _ in range(10):
            if len(words) <= length:
                break
            start = rng.randrange(len(words) - length)
            gram = words[start : start + length]
            if sum(w.lower() not in STOP for w in gram) >= 2:
                break
        queries.append(" ".join(gram if len(words) > length else words[:length]) or "serious concern")
    return queries


def build_events_queries(labels: Path, n: int, seed: int) -> list[str]:
    """`/events` invocations: no filter, a government, a participant's name, a since date, combined."""
    rng = random.Random(seed + 1)
    # Only the fields the queries use: the whole labels file as dicts was 180 MB at 100k, and it, not
    # the bot, was the peak RSS of the 100k run (319.8 MB).
    events: list[dict[str, Any]] = []
    if labels.exists():
        with labels.open(encoding="utf-8") as fh:
            for line in fh:
                ev = json.loads(line)
                events.append({k: ev[k] for k in ("governments", "participants", "date")})
    out: list[str] = []
    for _ in range(n):
        ev = rng.choice(events) if events else None
        roll = rng.random()
        if ev is None or roll < 0.25:
            out.append("/events")
        elif roll < 0.5:
            out.append(f"/events government:{rng.choice(ev['governments'])}")
        elif roll < 0.75:
            out.append(f"/events query:{ev['participants'][0].split()[-1]}")
        else:
            out.append(f"/events government:{rng.choice(ev['governments'])} since:{ev['date']}")
    return out


# --- the child: one size, one fresh database -------------------------------------------------------------


class PhaseProfiler:
    """With --profile: each phase of the child under pyinstrument (if installed, async-aware) or cProfile,
    written as text to <out-dir>/profile-<size>-<phase>.txt. A development aid, not a dependency."""

    def __init__(self, out_dir: Path | None, size: int) -> None:
        self.out_dir = out_dir
        self.size = size

    @contextlib.contextmanager
    def phase(self, name: str) -> Iterator[None]:
        if self.out_dir is None:
            yield
            return
        path = self.out_dir / f"profile-{self.size}-{name}.txt"
        try:
            from pyinstrument import Profiler
        except ImportError:
            Profiler = None  # noqa: N806
        if Profiler is not None:
            profiler = Profiler(interval=0.001, async_mode="enabled")
            profiler.start()
            try:
                yield
            finally:
                profiler.stop()
                path.write_text(profiler.output_text(unicode=False, color=False, show_all=False), encoding="utf-8")
            return
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        try:
            yield
        finally:
            prof.disable()
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(60)
            buf.write("\n\n--- by own time ---\n")
            pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(40)
            path.write_text(buf.getvalue(), encoding="utf-8")


async def run_size(corpus: Path, labels: Path, db: Path, size: int, last_n: int, n_queries: int, n_diverge: int,
                   seed: int, profile_dir: Path | None = None) -> dict[str, Any]:
    res: dict[str, Any] = {"size": size, "corpus": str(corpus), "db": str(db), "rss_mb": {}, "na": {}, "errors": {},
                           "load_avg_start": os.getloadavg() if hasattr(os, "getloadavg") else None}

    def rss(phase: str) -> None:
        res["rss_mb"][phase] = {"peak": round(peak_rss_mb(), 1), "current": round(current_rss_mb() or 0, 1)}

    remove_database(db)
    rss("start")
    try:
        from bot.store.sqlite import SQLiteStore
    except Exception as exc:  # pragma: no cover - the store exists since the skeleton
        res["na"]["all"] = missing(exc)
        return res
    store = await SQLiteStore.open(db)

    profiler = PhaseProfiler(profile_dir, size)

    async def guarded(name: str, phase: Any) -> None:
        """A phase that fails is reported as an error in its row; the others still run."""
        try:
            with profiler.phase(name):
                await phase
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not crash
            traceback.print_exc()
            res["errors"][name] = f"{type(exc).__name__}: {exc}"[:200]

    try:
        res["speed_ref_s"] = {"before_import": speed_reference()}
        ticks = read_cpu_ticks()
        with ChildMemory() as children:
            await guarded("import", _import_phases(res, store, corpus, size, last_n))
        res["steal_share"] = steal_share(ticks, read_cpu_ticks())
        res["speed_ref_s"]["after_import"] = speed_reference()
        rss("after import")
        # the main file and its write-ahead log: a small import may not have been checkpointed yet
        res["db_mb"] = round(sum(os.path.getsize(f) for f in (db, Path(f"{db}-wal")) if f.exists()) / 1e6, 1) if db.exists() else None
        await guarded("db_tables", _table_sizes(res, store))
        await guarded("quote", _query_phase(res, store, corpus, labels, n_queries, seed))
        rss("after queries")
        await guarded("divergence", _divergence_phase(res, store, n_diverge, seed))
        rss("after divergence")
        # The bot's peak is taken here, after the last phase that runs the product's code: the
        # quality check below is the benchmark's own (the generator's labels of every document in
        # memory: +21 MB at 100k) and raised the figure from ~135 to ~156 MB at stop 21.
        res["peak_rss_mb"] = res["rss_mb"]["after divergence"]["peak"]
        await guarded("quality", _quality_phase(res, store, labels))
    finally:
        await store.close()
    rss("end")
    # (never below the bot's figure: Linux sums per-thread RSS counters lazily, so two VmHWM reads
    # can differ by ~0.1 MB the wrong way)
    res["peak_rss_with_check_mb"] = max(res["peak_rss_mb"], round(peak_rss_mb(), 1))
    # The pool workers live only during the import: the largest one's peak, and the import's whole
    # footprint — sampled (main + workers at one instant) where /proc allows, else the upper bound
    # main + every worker at its own peak, from ru_maxrss (which overstates workers, see ChildMemory).
    res["workers"] = os.cpu_count() or 1
    if children.active:
        res["workers_peak_rss_mb"] = round(max(children.peaks.values(), default=0.0), 1)
        res["peak_rss_total_mb"] = round(children.together_mb, 1)
        res["workers_sampled"] = len(children.peaks)
    else:
        res["workers_peak_rss_mb"] = round(children_peak_rss_mb(), 1)
        res["peak_rss_total_mb"] = round(res["peak_rss_mb"] + res["workers_peak_rss_mb"] * (res["workers"] if res["workers_peak_rss_mb"] else 0), 1)
    res["load_avg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    return res


async def _import_phases(res: dict[str, Any], store: Any, corpus: Path, size: int, last_n: int) -> None:
    try:
        from bot.ingest import importer
        from bot.ingest.jsonl import read_jsonl
    except Exception as exc:
        res["na"]["import"] = missing(exc)
        res["na"]["grouping"] = res["na"]["import"]
        return
    try:
        import bot.pipeline as pipeline
    except Exception as exc:
        pipeline = None
        res["na"]["grouping"] = missing(exc)
    try:
        import bot.divergence as divergence_mod
    except Exception as exc:
        divergence_mod = None
        res["na"]["divergence_in_pipeline"] = missing(exc)

    timers = {k: Timer() for k in ("parse", "dedupe", "analyse", "store", "pipeline", "compare", "divergence",
                                   "prepare", "finish", "deferred", "grouping_cpu")}
    undo: list[Callable[[], None]] = []
    # Batched paths (find_duplicates / add_many) when the store has them, else the per-document ones.
    for batched, single, key in (("find_duplicates", "find_duplicate", "dedupe"), ("add_many", "add", "store")):
        name = batched if hasattr(store.documents, batched) else single
        undo.append(wrap_async(store.documents, name, timers[key]))
    if hasattr(importer, "_prepare") and hasattr(importer, "_finish"):
        # analysis is inline in _prepare (small chunks) or awaited from the process pool in _finish:
        # "analyse" is what is left of those two after dedupe, store and the pipeline
        undo.append(wrap_async(importer, "_prepare", timers["prepare"]))
        undo.append(wrap_async(importer, "_finish", timers["finish"]))
    elif hasattr(importer, "_analyse"):
        undo.append(wrap_sync(importer, "_analyse", timers["analyse"]))
    if pipeline is not None and hasattr(pipeline, "process_documents"):
        undo.append(wrap_async(pipeline, "process_documents", timers["pipeline"],
                               count=lambda _store, ids, **_: len(ids), keep=True))
        for name in ("_compare", "_compare_inline", "_compare_parallel", "_start_comparisons"):
            if hasattr(pipeline, name):
                undo.append(wrap_async(pipeline, name, timers["compare"]))
        if hasattr(pipeline, "group_document"):
            # the CPU of placing each document (candidate lookup, choice, writes), in the thread it
            # runs in: unlike the wall time above, not inflated while the pool has the CPU
            undo.append(wrap_async(pipeline, "group_document", timers["grouping_cpu"], clock=time.thread_time))
        if hasattr(pipeline, "_finish_comparisons"):
            # divergences recorded after process_documents returned (deferred while the next
            # chunk is stored): still grouping-and-divergence time, counted in both timers below
            undo.append(wrap_async(pipeline, "_finish_comparisons", timers["deferred"]))
    if divergence_mod is not None and hasattr(divergence_mod, "compute_divergence"):
        undo.append(wrap_sync(divergence_mod, "compute_divergence", timers["divergence"], keep=True))

    inputs = read_jsonl(corpus)
    head = max(0, size - last_n)
    phases: dict[str, Any] = {}
    try:
        for phase, count in (("bulk", head), ("last", None)):
            for t in timers.values():
                t.reset()
            source = timed_iter(inputs if count is None else _take(inputs, count), timers["parse"])
            start, cpu_start = time.perf_counter(), time.process_time()
            children_start = _children_cpu()
            report = await importer.import_documents(store, source)
            wall = time.perf_counter() - start
            deferred = timers["deferred"].seconds
            timers["pipeline"].seconds += deferred
            timers["compare"].seconds += deferred
            if timers["prepare"].calls:
                pipeline_in_finish = timers["pipeline"].seconds  # the pipeline runs inside _finish (and after)
                # (the deferred part partly runs after the last _finish: a small overcount, clipped at 0)
                timers["analyse"].seconds = max(0.0, timers["prepare"].seconds - timers["dedupe"].seconds
                                                + timers["finish"].seconds - timers["store"].seconds - pipeline_in_finish)
            phases[phase] = {
                "wall_s": round(wall, 3),
                "cpu_s": round(time.process_time() - cpu_start, 3),
                "workers_cpu_s": round(_children_cpu() - children_start, 3),
                "imported": report.imported,
                "duplicates": report.duplicates,
                "rejected": len(report.rejected),
                "rejections": [f"{r.origin}: {r.reason}" for r in report.rejected[:5]],
                "timers": {k: {"calls": t.calls, "seconds": round(t.seconds, 4), "items": t.items} for k, t in timers.items()},
                "pipeline_samples": list(timers["pipeline"].samples),
                "divergence_samples": [s for _, s in timers["divergence"].samples],
            }
    finally:
        for u in reversed(undo):
            u()
    bulk, last = phases["bulk"], phases["last"]
    total_docs = bulk["imported"] + last["imported"]
    total_wall = bulk["wall_s"] + last["wall_s"]
    total_cpu = bulk["cpu_s"] + last["cpu_s"]
    workers_cpu = bulk["workers_cpu_s"] + last["workers_cpu_s"]
    res["import"] = {
        "documents": total_docs,
        "cpu_s": round(total_cpu, 2),
        # CPU seconds of this process (both threads: the event loop and aiosqlite's) per wall second:
        # well under 1 means the machine was busy with other work and wall figures are inflated.
        "cpu_share": round(total_cpu / total_wall, 2) if total_wall > 0 else None,
        "docs_per_cpu_s": round(total_docs / total_cpu, 1) if total_cpu > 0 else None,
        # CPU seconds of the import's worker processes (analysis and divergence in the pool), and
        # throughput per CPU-second of everything (this process and its workers).
        "workers_cpu_s": round(workers_cpu, 2),
        "docs_per_total_cpu_s": round(total_docs / (total_cpu + workers_cpu), 1) if total_cpu + workers_cpu > 0 else None,
        "rejected": bulk["rejected"] + last["rejected"],
        "rejections": bulk["rejections"] + last["rejections"],
        "wall_s": round(total_wall, 2),
        "docs_per_s": round(total_docs / total_wall, 1) if total_wall > 0 else None,
        # Where import time goes, in ms per imported document, over both phases.
        "ms_per_doc": {
            k: round((bulk["timers"][k]["seconds"] + last["timers"][k]["seconds"]) * 1000 / max(1, total_docs), 3)
            for k in ("parse", "dedupe", "analyse", "store", "pipeline")
        },
    }
    res["import"]["ms_per_doc"]["other"] = round(
        total_wall * 1000 / max(1, total_docs) - sum(res["import"]["ms_per_doc"].values()), 3)
    if "grouping" not in res["na"]:
        lt = last["timers"]
        docs = lt["pipeline"]["items"]
        if docs:
            pipe = lt["pipeline"]["seconds"]
            compare = lt["compare"]["seconds"]
            res["grouping"] = {
                "documents": docs,
                "batches": lt["pipeline"]["calls"],
                "ms_per_doc": round(pipe * 1000 / docs, 3),
                "grouping_only_ms_per_doc": round((pipe - compare) * 1000 / docs, 3) if lt["compare"]["calls"] else None,
                "divergence_in_pipeline_ms_per_doc": round(compare * 1000 / docs, 3) if lt["compare"]["calls"] else None,
                "bulk_ms_per_doc": round(bulk["timers"]["pipeline"]["seconds"] * 1000 / max(1, bulk["timers"]["pipeline"]["items"]), 3),
            }
            placed = lt["grouping_cpu"]["items"]
            if placed:
                res["grouping"]["grouping_cpu_ms_per_doc"] = round(lt["grouping_cpu"]["seconds"] * 1000 / placed, 4)
        else:
            res["na"]["grouping"] = "n/a (no documents reached bot.pipeline.process_documents)"
    samples = bulk["divergence_samples"] + last["divergence_samples"]
    if samples:
        res["divergence_in_pipeline"] = dist(samples)


async def _table_sizes(res: dict[str, Any], store: Any) -> None:
    """Megabytes per table and index (SQLite's dbstat, when compiled in), largest first."""
    try:
        rows = await store.fetchall("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC")
    except Exception:  # noqa: BLE001 - dbstat is optional
        return
    res["db_tables_mb"] = {r["name"]: round(r["bytes"] / 1e6, 2) for r in rows[:12]}


def _take(items: Iterator[Any], n: int) -> Iterator[Any]:
    for _ in range(n):
        try:
            yield next(items)
        except StopIteration:
            return


async def _query_phase(res: dict[str, Any], store: Any, corpus: Path, labels: Path, n: int, seed: int) -> None:
    try:
        from commands.context import CommandContext
        from commands.dispatch import run_text
    except Exception as exc:
        res["na"]["quote"] = res["na"]["events"] = missing(exc)
        run_text = None
    try:
        from bot.store.fts import build_query
    except Exception as exc:
        res["na"]["raw_fts"] = missing(exc)
        build_query = None
    queries = build_quote_queries(corpus, n, seed)
    res["quote_queries_sample"] = queries[:10]
    raw_sql = "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ?"

    async def raw(text: str) -> tuple[float, int]:
        query = build_query(text)
        if query is None:
            return 0.0, 0
        start = time.perf_counter()
        # every matching rowid reaches Python, in slices: fetching 732,278 rows of a common word at
        # once made this baseline, not the bot, the peak of the run's RSS (316.8 MB at 100k)
        count = 0
        conn = getattr(store, "conn", None)
        if conn is None:
            count = len(await store.fetchall(raw_sql, (query.near,)))
        else:
            async with conn.execute(raw_sql, (query.near,)) as cursor:
                while rows := await cursor.fetchmany(20000):
                    count += len(rows)
        return time.perf_counter() - start, count

    ctx = CommandContext(store=store) if run_text else None
    # Warm up: load the command modules, prime SQLite's page cache, as a running bot would be.
    for text in queries[:5]:
        if run_text:
            await run_text(ctx, f"/quote {text}")
        if build_query:
            await raw(text)
    quote_t: list[float] = []
    raw_t: list[float] = []
    matches: list[int] = []
    errors = 0
    slowest: list[tuple[float, str, int]] = []
    for text in queries:
        if build_query:
            seconds, count = await raw(text)
            raw_t.append(seconds)
            matches.append(count)
        if run_text:
            start = time.perf_counter()
            reply = await run_text(ctx, f"/quote {text}")
            seconds = time.perf_counter() - start
            quote_t.append(seconds)
            if str(getattr(reply, "severity", "")) == "error":
                errors += 1
            slowest.append((seconds, text, matches[-1] if matches else -1))
    if raw_t:
        res["raw_fts"] = dist(raw_t)
        res["raw_fts"]["median_matches"] = statistics.median(matches)
        res["raw_fts"]["max_matches"] = max(matches)
    if quote_t:
        res["quote"] = dist(quote_t)
        res["quote"]["errors"] = errors
        res["quote"]["slowest"] = [
            {"ms": round(s * 1000, 1), "text": t, "fts_matches": m} for s, t, m in sorted(slowest, reverse=True)[:5]
        ]
        if raw_t and res["raw_fts"]["p95"]:
            res["quote"]["ratio_p95_vs_raw"] = res["quote"]["p95"] / res["raw_fts"]["p95"]
            res["quote"]["ratio_p50_vs_raw"] = res["quote"]["p50"] / res["raw_fts"]["p50"] if res["raw_fts"]["p50"] else None

    if run_text:
        ev_queries = build_events_queries(labels, n, seed)
        for text in ev_queries[:3]:
            await run_text(ctx, text)
        ev_t: list[float] = []
        base_t: list[float] = []
        for text in ev_queries:
            start = time.perf_counter()
            await store.fetchall("SELECT id, title, date FROM events ORDER BY date DESC, id DESC LIMIT 10")
            base_t.append(time.perf_counter() - start)
            start = time.perf_counter()
            await run_text(ctx, text)
            ev_t.append(time.perf_counter() - start)
        res["events"] = dist(ev_t)
        res["events_raw"] = dist(base_t)


async def _divergence_phase(res: dict[str, Any], store: Any, n: int, seed: int) -> None:
    try:
        from bot.divergence import EventStatement, compute_divergence
    except Exception as exc:
        res["na"]["divergence"] = missing(exc)
        return
    try:
        rows = await store.fetchall("SELECT event_id FROM event_documents GROUP BY event_id HAVING count(*) >= 2")
    except Exception as exc:
        res["na"]["divergence"] = f"n/a (no events table: {exc})"
        return
    ids = [int(r[0]) for r in rows]
    if not ids:
        res["na"]["divergence"] = "n/a (no event with two or more documents)"
        return
    rng = random.Random(seed + 2)
    sample = rng.sample(ids, k=min(n, len(ids)))
    times: list[float] = []
    statements_per_event: list[int] = []
    for event_id in sample:
        members = await store.events.member_documents(event_id)
        docs = [d for d, _ in members]
        governments = sorted({d.government for d in docs if d.government}) or None
        detail = await store.events.get(event_id)
        if detail is not None and detail.event.governments:
            governments = list(detail.event.governments)
        by_doc = await store.documents.statements([d.id for d in docs])
        statements = [
            EventStatement(s.government, s.text, d.id, d.doc_id, s.sentence_index, s.voice, s.speaker)
            for d in docs
            for s in by_doc.get(d.id, [])
        ]
        start = time.perf_counter()
        compute_divergence(statements, governments=governments)
        times.append(time.perf_counter() - start)
        statements_per_event.append(len(statements))
    res["divergence"] = dist(times)
    res["divergence"]["median_statements"] = statistics.median(statements_per_event)


class _Undo(Exception):
    """Raised after the grouping probe's last placement: its transaction rolls back."""


class _ProbeSet:
    """One database's part of the grouping probe: its newest documents and their contact profiles."""

    def __init__(self, store: Any, docs: list[Any], profiles: list[Any]) -> None:
        self.store, self.docs, self.profiles = store, docs, profiles

    @classmethod
    async def load(cls, store: Any, count: int) -> "_ProbeSet":
        from bot.events import profile_document

        rows = await store.fetchall("SELECT id FROM documents ORDER BY id DESC LIMIT ?", (count,))
        docs = await store.documents.get_many([int(r["id"]) for r in rows])
        docs.sort(key=lambda d: (d.date or "9999", d.id))  # oldest first, as the pipeline groups
        return cls(store, docs, [profile_document(d, await store.documents.analysis(d.id)) for d in docs])

    async def place_again(self) -> float:
        """CPU ms per document of taking the documents out of their events and placing them again
        (`bot.pipeline.group_document` through the store's `group_each`), in one transaction that is
        rolled back. Each placement is timed on the CPU clock of the database thread it runs in."""
        from bot.pipeline import group_document

        first, last = self.profiles[0], self.profiles[-1]
        marks = ",".join("?" * len(self.docs))
        spent = 0.0

        async def place(session: Any, profile: Any) -> Any:
            nonlocal spent
            if profile is first:  # (inside the transaction: rolled back with the rest)
                await session.conn.execute(f"DELETE FROM event_documents WHERE document_id IN ({marks})",
                                           [d.id for d in self.docs])
            start = time.thread_time()
            try:
                return await group_document(session, profile)
            finally:
                spent += time.thread_time() - start
                if profile is last:
                    raise _Undo  # noqa: B012 - the point: roll the probe's placements back

        with contextlib.suppress(_Undo):
            await self.store.events.group_each(self.profiles, place)
        return spent * 1000 / len(self.profiles)


async def grouping_probe(dbs: dict[int, Path], count: int, rounds: int) -> dict[str, Any]:
    """Grouping cost per document at each size, the sizes interleaved: round after round, each
    database's newest `count` documents are placed again (`_ProbeSet.place_again`), the order of
    the sizes reversed every other round; a warm-up round first is not counted.

    Why: this machine's speed drifts by a quarter within minutes, and the sizes' imports run minutes
    apart, so their own timings (even on the CPU clock) compared the machine's moods: the same code
    gave 1.17x measured directly and 1.48x from one run. Interleaved, a slow spell falls on every
    size of a round alike, and each round's ratio to the smallest size cancels it (a fixed reference
    workload timed beside each size moved as much as the drift it was to remove)."""
    from bot.store.sqlite import SQLiteStore

    memberships = "SELECT COUNT(*) AS n, TOTAL(event_id) AS s FROM event_documents"
    stores: dict[int, Any] = {}
    try:
        sets: dict[int, _ProbeSet] = {}
        before: dict[int, dict[str, Any]] = {}
        for size, db in sorted(dbs.items()):
            stores[size] = await SQLiteStore.open(db)
            sets[size] = await _ProbeSet.load(stores[size], count)
            before[size] = dict(await stores[size].fetchone(memberships))
        sizes = [size for size in sorted(sets) if sets[size].profiles]
        per_doc: dict[int, list[float]] = {size: [] for size in sizes}
        for round_ in range(rounds + 1):
            for size in (sizes if round_ % 2 == 0 else sizes[::-1]):
                ms = await sets[size].place_again()
                if round_:  # round 0 warms the caches
                    per_doc[size].append(round(ms, 4))
        for size in sizes:
            if dict(await stores[size].fetchone(memberships)) != before[size]:
                raise RuntimeError(f"the grouping probe changed the {size:,}-document database (its rollback failed)")
    finally:
        for store in stores.values():
            await store.close()
    smallest = sizes[0] if sizes else None
    # (`base`: the size the ratios are to, which is not the runner's smallest when that one failed)
    out: dict[str, Any] = {"documents": count, "rounds": rounds, "base": smallest, "sizes": {}}
    for size in sizes:
        ratios = [a / b for a, b in zip(per_doc[size], per_doc[smallest])] if smallest else []
        out["sizes"][str(size)] = {"cpu_ms_per_doc": per_doc[size], "median": statistics.median(per_doc[size]),
                                   "ratios": [round(r, 3) for r in ratios],
                                   "ratio_median": round(statistics.median(ratios), 3) if ratios else None}
    return out


async def _quality_phase(res: dict[str, Any], store: Any, labels: Path) -> None:
    """Pairwise precision/recall of grouping against the generator's labels (a sanity check)."""
    if not labels.exists():
        return
    try:
        rows = await store.fetchall(
            "SELECT ed.event_id AS e, d.doc_id AS doc FROM event_documents ed JOIN documents d ON d.id = ed.document_id")
    except Exception as exc:
        res["na"]["quality"] = f"n/a ({exc})"
        return
    predicted: dict[str, int] = {r["doc"]: int(r["e"]) for r in rows}
    quality = pairwise_quality(predicted, read_labels(labels))
    if not quality["documents"]:
        return
    divergent = await store.fetchall("SELECT count(*) AS n FROM divergences WHERE divergent = 1")
    res["quality"] = {**quality, "divergent_events_predicted": int(divergent[0]["n"]) if divergent else None}


# --- the parent: corpora, children, --help, the table ---------------------------------------------------


def median_wall(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def help_timing(runs: int) -> dict[str, Any]:
    script = Path(sys.executable).parent / "readout-watch"
    cmd = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "bot", "--help"]
    check = subprocess.run(cmd, capture_output=True, text=True, check=False)
    out: dict[str, Any] = {"command": " ".join(cmd), "runs": runs, "exit_code": check.returncode}
    if check.returncode != 0:
        out["na"] = f"n/a (`{' '.join(cmd)}` exited {check.returncode}: {check.stderr.strip()[-200:]})"
    out["baseline_s"] = median_wall([sys.executable, "-c", "pass"], runs)
    out["help_s"] = median_wall(cmd, runs)
    out["ratio"] = out["help_s"] / out["baseline_s"] if out["baseline_s"] else None
    # What --help imports: the slowest modules, from python -X importtime.
    try:
        proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "import sys; sys.argv=['readout-watch','--help'];"
                               " from bot.cli import main; main(['--help'])"],
                              capture_output=True, text=True, check=False)
        rows = []
        for line in proc.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s+(.*)", line)
            if m:
                rows.append((int(m.group(2)), m.group(3).strip()))
        out["top_imports_ms"] = [(name, round(us / 1000, 1)) for us, name in sorted(rows, reverse=True)[:8]]
        out["module_count"] = len(rows)
    except Exception:  # noqa: BLE001 - diagnostics only
        pass
    return out


def remove_database(db: Path) -> None:
    """A benchmark database and the files SQLite and the store keep beside it (the write-ahead
    log, its index, a rollback journal, the import lock `<db>-importing`)."""
    for suffix in ("", "-wal", "-shm", "-journal", "-importing"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{db}{suffix}")


def speed_reference(repeats: int = 3) -> float:
    """CPU seconds (median of `repeats`) of a fixed single-threaded workload that uses none of the
    product's code: word scans with `re`, lowering and counting in a dict, 0.05-0.1 s here.

    Why: this machine runs the same code 15-35 % faster or slower from one spell of minutes to the
    next (its neighbours, not the code: docs/benchmarks.md), so a wall-clock figure is read next to
    the machine's speed at that moment, taken just before and just after the import it belongs to.
    The workload runs on the interpreter being measured, so compare it within one interpreter."""
    words = re.compile(r"[A-Za-z]+")
    text = "The two ministers discussed regional security, trade and the 2025 summit in Tokyo; " * 40
    times = []
    for _ in range(repeats):
        counts: dict[str, int] = {}
        start = time.process_time()
        for _ in range(600):
            for word in words.findall(text):
                key = word.lower()
                counts[key] = counts.get(key, 0) + 1
        times.append(time.process_time() - start)
    return round(statistics.median(times), 4)


def cpu_model(cpuinfo: str) -> dict[str, Any]:
    """The processor's model name and clock as `/proc/cpuinfo` states them (first CPU).

    Why: the same code ran 1.45x faster per document on 2026-12-02 than in stop 20's runs while
    the speed reference read the same (docs/benchmarks.md); a virtual machine can be moved to
    another host between sessions, and the model line is the one record of which host it was."""
    model = mhz = None
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if key == "model name" and model is None:
            model = value
        elif key == "cpu MHz" and mhz is None:
            with contextlib.suppress(ValueError):
                mhz = round(float(value))
    return {"model": model, "mhz": mhz}


def cpu_ticks(stat: str) -> tuple[int, int] | None:
    """(steal, total) jiffies of all CPUs from `/proc/stat`'s first line, or None.

    Why: "steal" is time the hypervisor gave this virtual machine's CPUs to someone else. The
    runner records its share over each import, so a slow import can be told apart from a machine
    whose neighbours took the cores (steal up) or merely slowed them (steal flat, CPU per document up)."""
    fields = stat.split("\n", 1)[0].split()
    if len(fields) < 9 or fields[0] != "cpu":
        return None
    try:
        ticks = [int(f) for f in fields[1:]]
    except ValueError:
        return None
    # guest and guest_nice (fields 9 and 10) are already counted in user and nice
    return ticks[7], sum(ticks[:8])


def read_cpu_ticks() -> tuple[int, int] | None:
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            return cpu_ticks(fh.read(4096))
    except OSError:
        return None


def steal_share(before: tuple[int, int] | None, after: tuple[int, int] | None) -> float | None:
    """Stolen share of all CPU time between two `cpu_ticks` readings (0.0-1.0), or None."""
    if before is None or after is None or after[1] <= before[1]:
        return None
    return round((after[0] - before[0]) / (after[1] - before[1]), 4)


def python_build() -> dict[str, Any]:
    """How the interpreter was built, as far as it can tell. Why: the same CPython minor version
    runs this engine's pure-Python work markedly faster as Debian's package (statically linked,
    built with profile-guided and link-time optimisation) than as a plain `./configure
    --enable-shared` build such as pyenv's default (docs/benchmarks.md, "The interpreter"), so a
    result is read with its interpreter.

    `libpython` is "shared" when a libpython*.so is mapped into this process (calls between the
    interpreter's own functions then go through the PLT), "static" when none is, None where
    /proc/self/maps is missing; `pgo` / `lto` say whether configure was given
    --enable-optimizations / --with-lto (a distribution may apply them outside configure, as
    Debian does, so False means "not by configure", not "not at all")."""
    import sysconfig

    args = sysconfig.get_config_var("CONFIG_ARGS") or ""
    libpython = None
    with contextlib.suppress(OSError):
        with open("/proc/self/maps", encoding="ascii", errors="replace") as fh:
            libpython = "shared" if any("libpython" in line for line in fh) else "static"
    return {"libpython": libpython, "pgo": "--enable-optimizations" in args, "lto": "--with-lto" in args}


def describe_build(build: dict[str, Any]) -> str:
    """"libpython shared, configure: no --enable-optimizations, no --with-lto" for the machine line.
    ("configure:" because a distribution may optimise outside configure: Debian's python3.11 is
    built with PGO and LTO and its configure arguments name neither.)"""
    parts = [f"libpython {build['libpython']}"] if build.get("libpython") else []
    flags = [("" if build.get(key) else "no ") + flag for key, flag in
             (("pgo", "--enable-optimizations"), ("lto", "--with-lto"))]
    return ", ".join([*parts, "configure: " + ", ".join(flags)])


def machine() -> dict[str, Any]:
    import platform
    import sqlite3

    mem = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        with open("/proc/meminfo", encoding="ascii") as fh:
            mem = round(int(fh.readline().split()[1]) / 1024 / 1024, 1)
    try:
        import aiosqlite

        aio = getattr(aiosqlite, "__version__", "?")
    except Exception:  # noqa: BLE001
        aio = None
    cpuinfo = ""
    with contextlib.suppress(OSError):
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as fh:
            cpuinfo = fh.read(65536)
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu_model(cpuinfo),
        "memory_gb": mem,
        "python": platform.python_version(),
        "python_executable": sys.executable,
        "python_build": python_build(),
        "sqlite": sqlite3.sqlite_version,
        "aiosqlite": aio,
        "platform": platform.platform(),
        "load_avg": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return str(value)


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("ok" if ok else "MISS")


def table(results: dict[str, Any]) -> str:
    """The figures for every size against the targets, one row a figure."""
    sizes = results["sizes"]
    per = {r["size"]: r for r in results["runs"]}
    smallest, largest = min(sizes), max(sizes)
    rows: list[tuple[str, list[str], str, str]] = []

    def na(r: dict[str, Any], *keys: str) -> str | None:
        for k in keys:
            if k in r.get("na", {}):
                return r["na"][k]
            if k in r.get("errors", {}):
                return f"error: {r['errors'][k]}"
        return None

    def row(label: str, key: tuple[str, ...], get: Callable[[dict[str, Any]], str], target: str = "",
            ok: Callable[[dict[str, Any]], bool | None] | None = None, only_largest: bool = False) -> None:
        cells, oks = [], []
        for size in sizes:
            r = per.get(size, {"na": {"all": "n/a (run failed)"}})
            reason = na(r, "all", *key)
            if reason:
                cells.append(reason)
                continue
            try:
                cells.append(get(r))
                if ok and (not only_largest or size == largest):
                    oks.append(ok(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("n/a")
        oks = [o for o in oks if o is not None]
        rows.append((label, cells, target, verdict(all(oks)) if oks else "-"))

    row("import throughput (docs/s)", ("import",), lambda r: fmt(r["import"]["docs_per_s"]), ">= 500",
        lambda r: r["import"]["docs_per_s"] >= TARGETS["import_docs_per_s"])
    row("  per CPU-second (docs/s; CPU share)", ("import",),
        lambda r: f"{fmt(r['import']['docs_per_cpu_s'])} ({fmt(r['import']['cpu_share'], 2)})")
    row("  per CPU-second incl. pool workers (docs/s)", ("import",),
        lambda r: f"{fmt(r['import'].get('docs_per_total_cpu_s'))} (workers {fmt(r['import'].get('workers_cpu_s'))} s)")
    row("  machine speed reference before / after (s; lower is faster)", (),
        lambda r: "/".join(fmt(r["speed_ref_s"][k], 3) for k in ("before_import", "after_import")))
    row("  CPU time stolen by the hypervisor during the import (%)", (),
        lambda r: fmt(100 * r["steal_share"], 1) if r.get("steal_share") is not None else "n/a")
    row("  import ms/doc: parse", ("import",), lambda r: fmt(r["import"]["ms_per_doc"]["parse"], 2))
    row("  import ms/doc: dedupe check", ("import",), lambda r: fmt(r["import"]["ms_per_doc"]["dedupe"], 2))
    row("  import ms/doc: analyse", ("import",), lambda r: fmt(r["import"]["ms_per_doc"]["analyse"], 2))
    row("  import ms/doc: store + index", ("import",), lambda r: fmt(r["import"]["ms_per_doc"]["store"], 2))
    row("  import ms/doc: group + diverge", ("import",), lambda r: fmt(r["import"]["ms_per_doc"]["pipeline"], 2))
    row("  import ms/doc: other", ("import",), lambda r: fmt(r["import"]["ms_per_doc"]["other"], 2))
    row("grouping cost per doc, last N (ms)", ("grouping",), lambda r: fmt(r["grouping"]["ms_per_doc"], 2))
    row("  of which grouping only (ms)", ("grouping",), lambda r: fmt(r["grouping"]["grouping_only_ms_per_doc"], 2))
    row("  of which divergence (ms)", ("grouping",), lambda r: fmt(r["grouping"]["divergence_in_pipeline_ms_per_doc"], 2))
    base = per.get(smallest, {}).get("grouping", {}).get("ms_per_doc")
    row(f"grouping cost vs {smallest:,} docs (x)", ("grouping",),
        lambda r: fmt(r["grouping"]["ms_per_doc"] / base, 2) if base else "-")
    row("grouping work, CPU per doc, last N (ms)", ("grouping",),
        lambda r: fmt(r["grouping"].get("grouping_cpu_ms_per_doc"), 3))
    row("grouping probe, CPU per doc, median of rounds (ms)", ("grouping_probe",),
        lambda r: f"{fmt(r['grouping_probe']['median'], 3)} ({len(r['grouping_probe']['cpu_ms_per_doc'])} rounds)")
    probe_base = next((r["grouping_probe"]["base"] for r in results["runs"] if "grouping_probe" in r), smallest)
    row(f"grouping probe vs {probe_base:,} docs, median of rounds (x; range)", ("grouping_probe",),
        lambda r: "{} ({}-{})".format(fmt(r["grouping_probe"]["ratio_median"], 2), fmt(min(r["grouping_probe"]["ratios"]), 2),
                                      fmt(max(r["grouping_probe"]["ratios"]), 2)),
        "<= 1.5x", (lambda r: r["grouping_probe"]["ratio_median"] <= TARGETS["grouping_ratio"])
        if largest != smallest else None, only_largest=True)
    row("/quote p50 / p95 / p99 (ms)", ("quote",), lambda r: "/".join(fmt(r["quote"][k]) for k in ("p50", "p95", "p99")),
        "p95 <= 30 at 100k", lambda r: r["quote"]["p95"] <= TARGETS["quote_p95_ms"], only_largest=True)
    row("raw FTS5 MATCH p50 / p95 / p99 (ms)", ("raw_fts",),
        lambda r: "/".join(fmt(r["raw_fts"][k], 2) for k in ("p50", "p95", "p99")))
    row("/quote p95 / raw FTS5 p95 (x)", ("quote", "raw_fts"), lambda r: fmt(r["quote"]["ratio_p95_vs_raw"]), "<= 3x",
        lambda r: r["quote"]["ratio_p95_vs_raw"] <= TARGETS["quote_ratio"])
    row("/events p50 / p95 / p99 (ms)", ("events",), lambda r: "/".join(fmt(r["events"][k]) for k in ("p50", "p95", "p99")))
    row("  raw SELECT events LIMIT 10 p95 (ms)", ("events",), lambda r: fmt(r["events_raw"]["p95"], 2))
    row("divergence per event mean / p95 (ms)", ("divergence",),
        lambda r: f"{fmt(r['divergence']['mean'])}/{fmt(r['divergence']['p95'])}", "<= 10",
        lambda r: r["divergence"]["mean"] <= TARGETS["divergence_ms"])
    row("  in the pipeline mean / p95 (ms)", ("divergence_in_pipeline", "import"),
        lambda r: f"{fmt(r['divergence_in_pipeline']['mean'])}/{fmt(r['divergence_in_pipeline']['p95'])}")
    row("peak RSS (MB)", (), lambda r: fmt(r["peak_rss_mb"]), "<= 300 at 100k",
        lambda r: r["peak_rss_mb"] <= TARGETS["peak_rss_mb"], only_largest=True)
    row("  with the runner's quality check against the labels (MB)", (), lambda r: fmt(r.get("peak_rss_with_check_mb")))
    row("  import with its pool: largest worker / all at once (MB)", (),
        lambda r: f"{fmt(r.get('workers_peak_rss_mb'))}/{fmt(r.get('peak_rss_total_mb'))}", "<= 300 at 100k",
        lambda r: r["peak_rss_total_mb"] <= TARGETS["peak_rss_mb"], only_largest=True)
    row("  RSS after import / queries (MB)", (),
        lambda r: f"{fmt(r['rss_mb']['after import']['current'])}/{fmt(r['rss_mb']['after queries']['current'])}")
    row("database size (MB)", ("import",), lambda r: fmt(r.get("db_mb")))
    row("grouping pairwise P / R vs labels", ("quality",),
        lambda r: f"{r['quality']['pairwise_precision']:.3f}/{r['quality']['pairwise_recall']:.3f}")
    row("events predicted / labelled", ("quality",),
        lambda r: f"{r['quality']['events_predicted']}/{r['quality']['events_labelled']}")

    h = results.get("help", {})
    if h:
        cell = h.get("na") or f"{h['help_s']:.3f} (python -c pass {h['baseline_s']:.3f}, {h['ratio']:.1f}x)"
        rows.append(("readout-watch --help wall (s, median)", [cell] + [""] * (len(sizes) - 1), "<= 0.5",
                     "-" if "na" in h else verdict(h["help_s"] <= TARGETS["help_s"])))

    headers = ["figure"] + [f"{s:,} docs" for s in sizes] + ["target", "status"]
    widths = [max(len(headers[0]), *(len(r[0]) for r in rows))]
    for i in range(len(sizes)):
        widths.append(max(len(headers[i + 1]), *(len(r[1][i]) for r in rows)))
    widths.append(max(len(headers[-2]), *(len(r[2]) for r in rows)))
    widths.append(max(len(headers[-1]), *(len(r[3]) for r in rows)))
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths))]
    lines.append("  ".join("-" * w for w in widths))
    for label, cells, target, status in rows:
        lines.append("  ".join(x.ljust(w) for x, w in zip([label, *cells, target, status], widths)))
    return "\n".join(lines)


def run_probe_child(args: argparse.Namespace) -> int:
    dbs = {int(size): Path(db) for size, db in (item.split("=", 1) for item in args.probe_dbs.split(","))}
    result = asyncio.run(grouping_probe(dbs, args.last, args.probe_rounds))
    Path(args.child_out).write_text(json.dumps(result), encoding="utf-8")
    return 0


def _run_probe(dbs: dict[int, Path], args: argparse.Namespace, runs: list[dict[str, Any]]) -> None:
    """The grouping probe in its own process over the finished databases; its figures go into each
    size's run (or the reason it failed into their errors)."""
    with tempfile.TemporaryDirectory() as tmp:
        child_out = Path(tmp) / "probe.json"
        cmd = [sys.executable, str(Path(__file__).resolve()), "--probe-dbs", ",".join(f"{s}={db}" for s, db in dbs.items()),
               "--child-out", str(child_out), "--last", str(min(min(args.last, max(1, s // 2)) for s in dbs)),
               "--probe-rounds", str(args.probe_rounds)]
        print(f"grouping probe: {args.probe_rounds} rounds over {', '.join(f'{s:,}' for s in dbs)} documents ...", flush=True)
        proc = subprocess.run(cmd, cwd=str(REPO), check=False, stderr=subprocess.PIPE, text=True)
        if proc.returncode != 0 or not child_out.exists():
            sys.stderr.write(proc.stderr[-4000:])
            tail = (proc.stderr.strip().splitlines()[-1:] or ["no output"])[0]
            for run in runs:
                if run.get("size") in dbs:
                    run.setdefault("errors", {})["grouping_probe"] = f"probe failed (exit {proc.returncode}): {tail}"[:200]
            return
        probe = json.loads(child_out.read_text(encoding="utf-8"))
    for run in runs:
        figures = probe["sizes"].get(str(run.get("size")))
        if figures is not None:
            run["grouping_probe"] = {"documents": probe["documents"], "rounds": probe["rounds"], "base": probe["base"],
                                     **figures}


def run_child(args: argparse.Namespace) -> int:
    result = asyncio.run(run_size(Path(args.child_corpus), Path(args.child_labels), Path(args.child_db), args.child,
                                  args.last, args.queries, args.diverge, args.seed,
                                  Path(args.profile_dir) if args.profile_dir else None))
    Path(args.child_out).write_text(json.dumps(result), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="readout-watch benchmarks (see docs/benchmarks.md)")
    parser.add_argument("--sizes", default=None, help="comma-separated corpus sizes (default 10000,100000; 300 with --smoke)")
    parser.add_argument("--smoke", action="store_true", help="a tiny size (300 docs unless --sizes), few queries: seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--last", type=int, default=None, help="documents timed for grouping cost (default 1000)")
    parser.add_argument("--queries", type=int, default=None, help="/quote and /events queries (default 200)")
    parser.add_argument("--diverge", type=int, default=None, help="events timed for divergence (default 200)")
    parser.add_argument("--help-runs", type=int, default=None, help="runs of --help, median taken (default 5)")
    parser.add_argument("--probe-rounds", type=int, default=None,
                        help="interleaved rounds of the grouping probe (default 9)")
    parser.add_argument("--out-dir", type=Path, default=HERE / "out", help="corpora and databases (default bench/out)")
    parser.add_argument("--keep-db", action="store_true", help="keep the benchmark databases")
    parser.add_argument("--json", type=Path, default=None, help="also write all results as JSON here")
    parser.add_argument("--profile", action="store_true",
                        help="profile each phase (pyinstrument if installed, else cProfile) into --out-dir")
    # Internal: run one size in this process (the parent starts one child per size).
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    for name in ("child-corpus", "child-labels", "child-db", "child-out", "profile-dir", "probe-dbs"):
        parser.add_argument(f"--{name}", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    sizes_text = args.sizes or ("300" if args.smoke else "10000,100000")
    sizes = [int(s.strip().lower().replace("_", "").replace("k", "000")) for s in sizes_text.split(",") if s.strip()]
    if args.smoke:
        defaults = {"last": 50, "queries": 30, "diverge": 20, "help_runs": 2, "probe_rounds": 2}
    else:
        defaults = {"last": 1000, "queries": 200, "diverge": 200, "help_runs": 5, "probe_rounds": 9}
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    if args.child:
        return run_child(args)
    if args.probe_dbs:
        return run_probe_child(args)

    out_dir: Path = args.out_dir
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"machine": machine(), "sizes": sizes, "seed": args.seed, "runs": [],
                               "settings": {"last": args.last, "queries": args.queries, "diverge": args.diverge,
                                            "probe_rounds": args.probe_rounds}}
    cpu = results["machine"]["cpu"]
    host = ", ".join(str(v) for v in (cpu["model"], cpu["mhz"] and f"{cpu['mhz']} MHz") if v)
    print(f"machine: {results['machine']['cpus']} cores{f' ({host})' if host else ''}, "
          f"{results['machine']['memory_gb']} GB, Python "
          f"{results['machine']['python']} ({describe_build(results['machine']['python_build'])}; "
          f"{results['machine']['python_executable']}), SQLite {results['machine']['sqlite']}", flush=True)
    finished: dict[int, Path] = {}  # size -> its complete database, for the grouping probe
    for size in sizes:
        corpus = out_dir / f"corpus-{size}-s{args.seed}.jsonl"
        labels = labels_path_for(corpus)
        if not corpus.exists() or not labels.exists():
            start = time.perf_counter()
            write_corpus(corpus, size, args.seed)
            print(f"[{size:,}] generated {corpus} in {time.perf_counter() - start:.1f}s", flush=True)
        db = out_dir / f"bench-{size}.db"
        with tempfile.TemporaryDirectory() as tmp:
            child_out = Path(tmp) / "result.json"
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(size), "--child-corpus", str(corpus),
                   "--child-labels", str(labels), "--child-db", str(db), "--child-out", str(child_out),
                   "--seed", str(args.seed), "--last", str(min(args.last, max(1, size // 2))),
                   "--queries", str(args.queries), "--diverge", str(args.diverge)]
            if args.profile:
                cmd += ["--profile-dir", str(out_dir)]
            print(f"[{size:,}] importing and measuring into {db} ...", flush=True)
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=str(REPO), check=False, stderr=subprocess.PIPE, text=True)
            if proc.returncode != 0 or not child_out.exists():
                tail = proc.stderr.strip().splitlines()[-1:] or ["no output"]
                print(f"[{size:,}] run failed (exit {proc.returncode}): {tail[0]}", file=sys.stderr, flush=True)
                sys.stderr.write(proc.stderr[-4000:])
                results["runs"].append({"size": size, "na": {"all": f"n/a (run failed: {tail[0][:120]})"}})
            else:
                run = json.loads(child_out.read_text(encoding="utf-8"))
                run["child_wall_s"] = round(time.perf_counter() - start, 1)
                results["runs"].append(run)
                finished[size] = db
                print(f"[{size:,}] done in {run['child_wall_s']}s", flush=True)
    if finished:
        _run_probe(finished, args, results["runs"])
    if not args.keep_db:
        for size in sizes:
            remove_database(out_dir / f"bench-{size}.db")
    results["help"] = help_timing(args.help_runs)
    results["machine"]["load_avg_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None

    print()
    print(table(results))
    for run in results["runs"]:
        for key in ("quote",):
            if key in run and run[key].get("slowest"):
                print(f"\n[{run['size']:,}] slowest /quote: " + "; ".join(
                    f"{s['text']!r} {s['ms']} ms ({s['fts_matches']} FTS matches)" for s in run[key]["slowest"][:3]))
        if run.get("db_tables_mb"):
            print(f"[{run['size']:,}] largest tables/indexes (MB): " + ", ".join(
                f"{name} {mb}" for name, mb in list(run["db_tables_mb"].items())[:6]))
        if run.get("import", {}).get("rejected"):
            print(f"[{run['size']:,}] rejected lines: {run['import']['rejected']} e.g. {run['import']['rejections'][:2]}")
    if results["help"].get("top_imports_ms"):
        print("\n--help imports (cumulative ms): " + ", ".join(f"{n} {ms}" for n, ms in results["help"]["top_imports_ms"][:6]))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
        print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
