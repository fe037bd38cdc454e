"""`events --json` / `divergences --json` contracts, and the engine on the shared seeds and corpus."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.pipeline import process_documents
from tests.conftest import CORPUS, LABELS, SEEDS, needs_shared
from tests.engine.helpers import add
from tests.engine.test_pipeline_store import CONTRACT_KEYS, JP_TEXT, US_TEXT


async def _fill(path: Path) -> None:
    from bot.store.sqlite import SQLiteStore

    store = await SQLiteStore.open(path)
    try:
        ids = [await add(store, "jp/readout:1", JP_TEXT, government="JP", date="2025-12-12"),
               await add(store, "US readout 1", US_TEXT, government="US", date="2025-12-11")]
        await process_documents(store, ids)
    finally:
        await store.close()


def test_events_json_contract(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_fill(db_path))
    assert main(["--db", str(db_path), "events", "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert len(events) == 1
    assert set(events[0]) == {"event_id", "title", "date", "governments", "doc_ids"}
    assert isinstance(events[0]["event_id"], int)
    assert sorted(events[0]["doc_ids"]) == ["US readout 1", "jp/readout:1"]  # external ids, unchanged


def test_divergences_json_contract_and_min_score(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_fill(db_path))
    assert main(["divergences", "--json", "--db", str(db_path)]) == 0
    [event] = json.loads(capsys.readouterr().out)
    assert CONTRACT_KEYS <= set(event)
    assert 0.0 <= event["score"] <= 1.0 and event["divergent"] is True
    assert "does not mention" in event["summary"]
    types = {f["type"] for f in event["findings"]}
    assert types <= {"omission", "contradiction", "unechoed_wording", "framing"} and "unechoed_wording" in types
    for f in event["findings"]:
        assert f["government"] in event["governments"] and f["doc_id"] in event["doc_ids"]
        assert set(f) >= {"type", "government", "text", "doc_id", "counterpart_text"}
    for s in event["shared"]:
        assert set(s) == {"text", "doc_ids"}
    assert main(["divergences", "--json", "--min-score", "1", "--db", str(db_path)]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_human_readable_output(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    asyncio.run(_fill(db_path))
    assert main(["--db", str(db_path), "events"]) == 0
    assert "Hegseth–Koizumi phone call" in capsys.readouterr().out
    assert main(["--db", str(db_path), "divergences"]) == 0
    out = capsys.readouterr().out
    assert "DIVERGENT" in out and "unechoed_wording" in out


def test_bad_input_is_one_line_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(tmp_path / "none.db"), "events", "--json"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no database" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(tmp_path / "none.db"), "divergences", "--min-score", "high"])
    assert exc.value.code == 2
    assert "not a number" in capsys.readouterr().err


def _quality_module():  # type: ignore[no-untyped-def]
    path = Path(__file__).resolve().parents[2] / "bench" / "quality.py"
    spec = importlib.util.spec_from_file_location("bench_quality", path)
    assert spec and spec.loader
    module = sys.modules.get("bench_quality")
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_quality"] = module  # dataclasses look their module up while being built
        spec.loader.exec_module(module)
    return module


@needs_shared(SEEDS[0] if SEEDS else Path("/nonexistent"))
def test_seed_articles_alone_reconstruct_both_readouts(tmp_path: Path) -> None:
    quality = _quality_module()
    [event] = asyncio.run(quality.run_import(SEEDS, tmp_path / "seeds.db"))
    assert event.divergent and set(event.governments) == {"JP", "US"}
    jp = " ".join(f["text"] for f in event.findings if f["government"] == "JP")
    us = " ".join(f["text"] for f in event.findings if f["government"] == "US")
    assert "December 6" in jp and "radar incident" in jp
    assert any(f["type"] == "unechoed_wording" and "serious concern" in f["text"] for f in event.findings
               if f["government"] == "JP")
    assert "defense spending" in us and "realistic training and exercises" in us


@needs_shared(CORPUS)
def test_development_corpus_meets_the_targets(tmp_path: Path) -> None:
    quality = _quality_module()
    predicted = asyncio.run(quality.run_import([CORPUS], tmp_path / "corpus.db"))
    labels = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]
    result = quality.evaluate(labels, predicted)
    assert result["grouping"]["f1"] >= 0.97 and result["grouping"]["merged_events"] == 0
    assert result["divergent_events"]["f1"] >= 0.9
    assert result["point_recall"] >= 0.85
    assert result["finding_precision"] >= 0.6
    assert result["findings_on_agreeing"] <= 2
    imported = {d for e in predicted for d in e.doc_ids}
    assert imported == {d for label in labels for d in label["doc_ids"]}  # doc_ids come back unchanged


def test_evidence_matching_rule() -> None:
    quality = _quality_module()
    assert quality.covers("Those who play with fire will inevitably get burned, Xi said", "play with fire ... get burned")
    assert not quality.covers("playing with fire", "Those who play with fire will inevitably get burned")
    assert quality.covers("中国軍機によるレーダー照射について説明し", "中国軍機によるレーダー照射")
