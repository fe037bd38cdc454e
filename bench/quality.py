"""Quality of grouping and divergence on the labelled development corpus (../shared/corpus).

    python bench/quality.py            # import readouts.jsonl into a fresh temporary database
    python bench/quality.py --seeds    # import only the two seed articles (../shared/seeds/*.txt)
    python bench/quality.py --json     # the figures as JSON
    python bench/quality.py --shuffle 3  # also check that the order of arrival does not matter
    READOUT_SEMANTIC=0 python bench/quality.py   # lexical matching even where the semantic extra is installed

It uses the real import path (`bot.ingest.importer.import_documents`, which analyses, stores and runs
`bot.pipeline.process_documents`), then reads the events and findings back from the store, exactly as
the CLI would. Figures (definitions in docs/quality.md):

- grouping: pairwise precision/recall/F1 over labelled documents, and the number of predicted events
  that merge documents of two or more labelled events;
- divergent events: precision/recall/F1 of the `divergent` flag, per labelled event (the predicted
  event holding most of its documents decides);
- point recall: a labelled divergence counts when a finding of the `only_in` side (either side when
  null) contains most (token overlap >= 0.6) of one of its evidence phrases;
- finding precision: the share of findings on labelled-divergent events that match some labelled
  evidence phrase of that event (same side rule);
- findings on agreeing events: their total number.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "readouts.jsonl"
LABELS = SHARED / "corpus" / "events.jsonl"
SEEDS = SHARED / "seeds"
MATCH_OVERLAP = 0.6

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]+")
_WORD = re.compile(r"\w+")


def evidence_tokens(text: str) -> list[str]:
    """Lower-case words; CJK runs as character bigrams (they have no spaces)."""
    tokens: list[str] = []
    for run in _CJK.findall(text):
        tokens.extend(run[i: i + 2] for i in range(max(1, len(run) - 1)))
    tokens.extend(w.casefold() for w in _WORD.findall(_CJK.sub(" ", text)))
    return tokens


def covers(finding_text: str, evidence: str, threshold: float = MATCH_OVERLAP) -> bool:
    """Does the finding contain most of the evidence phrase (share of its tokens found)?"""
    wanted = evidence_tokens(evidence)
    if not wanted:
        return False
    have = set(evidence_tokens(finding_text))
    return sum(1 for t in wanted if t in have) / len(wanted) >= threshold


@dataclass
class PredictedEvent:
    event_id: int
    title: str
    doc_ids: list[str]
    divergent: bool
    score: float
    findings: list[dict[str, Any]] = field(default_factory=list)
    governments: list[str] = field(default_factory=list)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(labels: list[dict[str, Any]], predicted: list[PredictedEvent]) -> dict[str, Any]:
    """All figures of the module docstring, from labels and predicted events."""
    label_of = {d: e["event_id"] for e in labels for d in e["doc_ids"]}
    pred_of = {d: p.event_id for p in predicted for d in p.doc_ids}
    docs = sorted(label_of)
    tp = fp = fn = 0
    for a, b in combinations(docs, 2):
        same_label = label_of[a] == label_of[b]
        same_pred = a in pred_of and pred_of.get(a) == pred_of.get(b)
        tp += same_label and same_pred
        fp += same_pred and not same_label
        fn += same_label and not same_pred
    g_p, g_r, g_f = prf(tp, fp, fn)
    merged = sum(1 for p in predicted if len({label_of[d] for d in p.doc_ids if d in label_of}) > 1)

    by_id = {p.event_id: p for p in predicted}
    d_tp = d_fp = d_fn = d_tn = 0
    points_total = points_hit = 0
    findings_div = findings_div_ok = 0
    findings_agree = 0
    per_event: list[dict[str, Any]] = []
    missed: list[str] = []
    for label in labels:
        holders = Counter(pred_of[d] for d in label["doc_ids"] if d in pred_of)
        events = [by_id[e] for e in holders]
        main = by_id[holders.most_common(1)[0][0]] if holders else None
        predicted_div = bool(main and main.divergent)
        if label["divergent"]:
            d_tp += predicted_div
            d_fn += not predicted_div
        else:
            d_fp += predicted_div
            d_tn += not predicted_div
        findings = [f for e in events for f in e.findings]
        hits = 0
        for point in label.get("divergences", []):
            points_total += 1
            side = point.get("only_in")
            ok = any(
                (side is None or f["government"] == side) and any(covers(f["text"], ev) for ev in point["evidence"])
                for f in findings
            )
            hits += ok
            points_hit += ok
            if not ok:
                missed.append(f"{label['event_id']}: {point['type']} {side}: {point['point'][:90]}")
        if label["divergent"]:
            for f in findings:
                findings_div += 1
                findings_div_ok += any(
                    (p.get("only_in") is None or f["government"] == p.get("only_in"))
                    and any(covers(f["text"], ev) for ev in p["evidence"])
                    for p in label.get("divergences", [])
                )
        else:
            findings_agree += len(findings)
        per_event.append({
            "event": label["event_id"],
            "labelled_divergent": label["divergent"],
            "predicted_divergent": predicted_div,
            "score": main.score if main else None,
            "points": f"{hits}/{len(label.get('divergences', []))}",
            "findings": len(findings),
            "predicted_events": sorted(holders),
        })
    dv_p, dv_r, dv_f = prf(d_tp, d_fp, d_fn)
    return {
        "grouping": {"precision": g_p, "recall": g_r, "f1": g_f, "merged_events": merged, "predicted_events": len(predicted)},
        "divergent_events": {"precision": dv_p, "recall": dv_r, "f1": dv_f, "tp": d_tp, "fp": d_fp, "fn": d_fn, "tn": d_tn},
        "point_recall": points_hit / points_total if points_total else 1.0,
        "points": f"{points_hit}/{points_total}",
        "finding_precision": findings_div_ok / findings_div if findings_div else 1.0,
        "findings_on_divergent": findings_div,
        "findings_on_agreeing": findings_agree,
        "per_event": per_event,
        "missed_points": missed,
    }


async def run_import(paths: list[Path], db: Path, *, order_seed: int | None = None) -> list[PredictedEvent]:
    """Import `paths` into a fresh database at `db` through the real import path; read events back."""
    from bot.ingest.importer import import_documents, iter_path_inputs
    from bot.store.sqlite import SQLiteStore

    store = await SQLiteStore.open(db)
    try:
        inputs = list(iter_path_inputs([str(p) for p in paths]))
        if order_seed is not None:
            random.Random(order_seed).shuffle(inputs)
        # one document per batch when shuffling: the incremental path, as a watcher would see them
        batch = 1 if order_seed is not None else 500
        await import_documents(store, inputs, batch_size=batch)
        out: list[PredictedEvent] = []
        for summary, divergence in await store.events.divergences():
            out.append(PredictedEvent(
                event_id=summary.id,
                title=summary.title,
                doc_ids=list(summary.doc_ids),
                divergent=divergence.divergent,
                score=divergence.score,
                governments=list(summary.governments),
                findings=[{"type": f.type, "government": f.government, "text": f.text, "doc_id": f.doc_id,
                           "detail": f.detail} for f in divergence.findings],
            ))
        seen = {p.event_id for p in out}
        for summary in await store.events.all_events():
            if summary.id not in seen:
                out.append(PredictedEvent(summary.id, summary.title, list(summary.doc_ids), False, 0.0))
        return out
    finally:
        await store.close()


def load_labels() -> list[dict[str, Any]]:
    return [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line.strip()]


def print_report(result: dict[str, Any], predicted: list[PredictedEvent], elapsed: float, verbose: bool) -> None:
    g, d = result["grouping"], result["divergent_events"]
    from bot.semantic import load_embedder

    embedder = load_embedder()
    print(f"documents imported and processed in {elapsed:.2f} s; matching: "
          f"{'semantic (' + embedder.name + ')' if embedder else 'lexical'}")
    print(f"grouping          P {g['precision']:.3f}  R {g['recall']:.3f}  F1 {g['f1']:.3f}  "
          f"(predicted events {g['predicted_events']}, merged {g['merged_events']})")
    print(f"divergent events  P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}  "
          f"(tp {d['tp']} fp {d['fp']} fn {d['fn']} tn {d['tn']})")
    print(f"point recall      {result['point_recall']:.3f}  ({result['points']})")
    print(f"finding precision {result['finding_precision']:.3f}  (findings on divergent events: {result['findings_on_divergent']})")
    print(f"findings on agreeing events: {result['findings_on_agreeing']}")
    print()
    for row in result["per_event"]:
        print(f"  {row['event']}: labelled {'divergent' if row['labelled_divergent'] else 'agreeing '}  "
              f"predicted {'divergent' if row['predicted_divergent'] else 'agreeing '}  score {row['score']}  "
              f"points {row['points']}  findings {row['findings']}  events {row['predicted_events']}")
    if result["missed_points"]:
        print("\nmissed points:")
        for line in result["missed_points"]:
            print("  -", line)
    if verbose:
        for p in sorted(predicted, key=lambda p: p.event_id):
            print(f"\n#{p.event_id} {p.title} {p.doc_ids} divergent={p.divergent} score={p.score}")
            for f in p.findings:
                print(f"   {f['type']:16} {f['government']} {f['doc_id']}: {f['text'][:160]}  [{f['detail']}]")


def print_seeds(predicted: list[PredictedEvent]) -> None:
    print(f"{len(predicted)} event(s) from the seeds")
    for p in predicted:
        print(f"\n#{p.event_id} {p.title}: governments {p.governments}, documents {p.doc_ids}, "
              f"divergent={p.divergent}, score={p.score}")
        for f in p.findings:
            print(f"   {f['type']:16} {f['government']}: {f['text'][:170]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", action="store_true", help="import only the two seed articles")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--shuffle", type=int, default=0, metavar="N",
                        help="also import N shuffled orders one document at a time and compare grouping")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every finding")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    paths = sorted(SEEDS.glob("*.txt")) if args.seeds else [CORPUS]
    missing = [p for p in paths if not p.exists()] or ([] if paths else [SEEDS])
    if missing:
        print(f"error: {missing[0]} not found (the shared corpus sits beside the repository)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        predicted = asyncio.run(run_import(paths, Path(tmp) / "quality.db"))
        elapsed = time.perf_counter() - started
        if args.seeds:
            print_seeds(predicted)
            return 0
        result = evaluate(load_labels(), predicted)
        orders = []
        for seed in range(1, args.shuffle + 1):
            shuffled = asyncio.run(run_import(paths, Path(tmp) / f"shuffled{seed}.db", order_seed=seed))
            orders.append(evaluate(load_labels(), shuffled)["grouping"])
        if args.json:
            result["shuffled_grouping"] = orders
            print(json.dumps(result, indent=2))
            return 0
        print_report(result, predicted, elapsed, args.verbose)
        for seed, g in enumerate(orders, start=1):
            print(f"shuffled order {seed}: grouping F1 {g['f1']:.3f}, merged {g['merged_events']}, events {g['predicted_events']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
