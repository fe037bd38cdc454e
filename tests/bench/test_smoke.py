"""The benchmark tools still work: the corpus generator is deterministic and writes valid import lines,
and the runner completes at a tiny size and prints every figure. Smoke only: no timed assertions
(figures and targets live in docs/benchmarks.md)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import labels_path_for, write_corpus
from bot.ingest.jsonl import parse_jsonl
from bot.models import DOC_KINDS, DocumentInput
from tests.conftest import REPO

FIELDS = ["doc_id", "government", "issuer", "kind", "title", "date", "url", "text", "language"]

# Every figure the runner must print (the list), by its row label.
FIGURE_LABELS = (
    "import throughput (docs/s)",
    "machine speed reference before / after",
    "import ms/doc: analyse",
    "import ms/doc: group + diverge",
    "grouping cost per doc, last N (ms)",
    "grouping cost vs",
    "grouping work, CPU per doc, last N (ms)",
    "grouping probe, CPU per doc, median of rounds (ms)",
    "grouping probe vs",
    "/quote p50 / p95 / p99 (ms)",
    "raw FTS5 MATCH p50 / p95 / p99 (ms)",
    "/quote p95 / raw FTS5 p95 (x)",
    "/events p50 / p95 / p99 (ms)",
    "divergence per event mean / p95 (ms)",
    "peak RSS (MB)",
    "readout-watch --help wall (s, median)",
)


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first, first_labels = write_corpus(tmp_path / "a.jsonl", 150, seed=3)
    second, second_labels = write_corpus(tmp_path / "b.jsonl", 150, seed=3)
    other, _ = write_corpus(tmp_path / "c.jsonl", 150, seed=4)
    assert first.read_bytes() == second.read_bytes()
    assert first_labels.read_bytes() == second_labels.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_generated_lines_are_valid_import_format(tmp_path: Path) -> None:
    corpus, labels = write_corpus(tmp_path / "corpus.jsonl", 200, seed=1)
    assert labels == labels_path_for(corpus)
    lines = corpus.read_bytes().splitlines()
    assert len(lines) == 200
    docs = [json.loads(line) for line in lines]
    for doc in docs:
        assert list(doc) == FIELDS
        assert doc["kind"] in DOC_KINDS
        assert doc["government"] is None or re.fullmatch(r"[A-Z]{2}", doc["government"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["date"])
        assert 1000 <= len(doc["text"].encode("utf-8")) <= 4096
    assert len({d["doc_id"] for d in docs}) == len({d["url"] for d in docs}) == len({d["text"] for d in docs}) == 200
    assert [d["date"] for d in docs] == sorted(d["date"] for d in docs), "documents come in publication order"

    # The product's own JSONL parser accepts every line.
    parsed = list(parse_jsonl(lines, name="corpus.jsonl"))
    assert all(isinstance(item, DocumentInput) for item in parsed), [i for i in parsed if not isinstance(i, DocumentInput)][:3]

    # Labels: every document in exactly one event; evidence phrases occur verbatim in the cited document.
    by_id = {d["doc_id"]: d for d in docs}
    events = [json.loads(line) for line in labels.read_text("utf-8").splitlines()]
    labelled = [doc_id for ev in events for doc_id in ev["doc_ids"]]
    assert sorted(labelled) == sorted(by_id)
    assert any(ev["divergent"] for ev in events) and any(not ev["divergent"] for ev in events)
    for ev in events:
        for div in ev["divergences"]:
            for phrase, doc_id in zip(div["evidence"], div["evidence_doc_ids"]):
                assert phrase in by_id[doc_id]["text"]


@pytest.mark.slow
def test_runner_smoke_prints_every_figure(tmp_path: Path) -> None:
    results = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--smoke", "--sizes", "120", "--out-dir", str(tmp_path),
         "--help-runs", "1", "--json", str(results)],
        capture_output=True, text=True, timeout=900, cwd=str(REPO),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    for label in FIGURE_LABELS:
        assert label in proc.stdout, f"{label!r} missing from:\n{proc.stdout}"
    data = json.loads(results.read_text("utf-8"))
    assert data["machine"]["cpus"] and data["machine"]["sqlite"]
    # the interpreter's build is recorded with its results (it moves the figures by a fifth here)
    assert data["machine"]["python_executable"] == sys.executable
    assert set(data["machine"]["python_build"]) == {"libpython", "pgo", "lto"}
    assert set(data["machine"]["cpu"]) == {"model", "mhz"}  # the host, where /proc/cpuinfo tells it
    assert "--enable-optimizations" in proc.stdout.splitlines()[0]
    (run,) = data["runs"]
    assert run["size"] == 120
    assert "all" not in run.get("na", {}), run.get("na")
    assert not run.get("errors"), run["errors"]
    assert run["import"]["documents"] == 120
    assert all(t > 0 for t in run["speed_ref_s"].values()) and len(run["speed_ref_s"]) == 2
    assert "CPU time stolen by the hypervisor" in proc.stdout
    # the bot's peak is taken before the runner's own quality check, which is reported beside it
    assert 0 < run["peak_rss_mb"] <= run["peak_rss_with_check_mb"]
    assert run["peak_rss_mb"] == run["rss_mb"]["after divergence"]["peak"]
    assert not list(tmp_path.glob("bench-*")), "the benchmark database (or a file beside it) was left behind"
    if Path("/proc/stat").exists():
        assert 0.0 <= run["steal_share"] <= 1.0
    probe = run["grouping_probe"]  # the probe's child ran over the finished database
    assert probe["documents"] == 50 and probe["rounds"] == 2 and len(probe["cpu_ms_per_doc"]) == 2
    assert probe["base"] == 120
    assert probe["ratios"] == [1.0, 1.0] and probe["median"] > 0


def test_the_probe_row_names_the_size_its_ratios_are_to() -> None:
    """When the smallest size's child failed, the probe's ratios are to the next size, and the row
    must say so (it said "vs" the runner's smallest size)."""
    from bench.run import table

    probe = {"documents": 10, "rounds": 2, "base": 200, "cpu_ms_per_doc": [0.3, 0.3], "median": 0.3,
             "ratios": [1.0, 1.0], "ratio_median": 1.0}
    results = {"sizes": [100, 200], "targets": {},
               "runs": [{"size": 100, "errors": {"all": "child failed (exit 1)"}},
                        {"size": 200, "grouping_probe": probe}]}
    printed = table(results)
    assert "grouping probe vs 200 docs" in printed
    assert "grouping probe vs 100 docs" not in printed
