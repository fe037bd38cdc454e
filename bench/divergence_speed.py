"""How long divergence of one two-readout event takes (target: under 10 ms on the dev machine).

    python bench/divergence_speed.py [--runs 200]

The event is the development corpus's EV25 pair (the U.S. and the Japanese account of the
Hegseth–Koizumi call) when ../shared is present, else a built-in pair of the same size. Statements are
attributed once (that is import-time work); what is timed is `bot.divergence.compute_divergence`:
items, alignment, findings, score and summary. "cold" clears every text cache before each run (a new
document's sentences were never seen), "warm" does not (a recomputation after an unrelated change).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "readouts.jsonl"
PAIR = ("EV25-US-1", "EV25-JP-1")

FALLBACK = {
    "US": "Secretary of War Pete Hegseth spoke with Japanese Defense Minister Shinjiro Koizumi today. The two leaders "
          "discussed Japan's efforts to increase its defense spending and strengthen its capabilities, China's military "
          "activities, and the importance of realistic training and exercises across Japan. They reaffirmed the "
          "importance of the U.S.-Japan Alliance and underscored their commitment to deterring aggression.",
    "JP": "Defense Minister Koizumi held a telephone conference with Secretary of War Hegseth. The Ministers exchanged "
          "views on the severe security situation, including the radar incident against Self-Defense Force aircraft "
          "by Chinese military aircraft on December 6. The Ministers expressed serious concern over any actions to "
          "increase regional tensions, as China's actions are not conducive to regional peace and stability. The two "
          "agreed to set up a face-to-face meeting in the United States early next year.",
}


def load_statements() -> tuple[list, str]:  # type: ignore[type-arg]
    from bot.divergence import EventStatement
    from bot.models import DocumentInput
    from bot.nlp import analyse_document

    docs: list[DocumentInput] = []
    source = "built-in pair"
    if CORPUS.exists():
        for line in CORPUS.read_text("utf-8").splitlines():
            raw = json.loads(line)
            if raw.get("doc_id") in PAIR:
                docs.append(DocumentInput(text=raw["text"], doc_id=raw["doc_id"], government=raw.get("government"),
                                          kind=raw.get("kind", "news"), date=raw.get("date"), title=raw.get("title")))
        source = f"development corpus {', '.join(PAIR)}"
    if len(docs) != 2:
        docs = [DocumentInput(text=t, doc_id=f"{g}-1", government=g, kind="official_readout", date="2025-12-12")
                for g, t in FALLBACK.items()]
        source = "built-in pair"
    statements = []
    for n, doc in enumerate(docs, start=1):
        for s in analyse_document(doc).statements:
            statements.append(EventStatement(s.government, s.text, n, doc.doc_id or str(n), s.sentence_index, s.voice, s.speaker))
    return statements, source


def clear_caches() -> None:
    from bot import divergence, divergence_text, lexicon, semantic

    for fn in (divergence_text.content_tokens, divergence_text.stem, lexicon.strong_wording, lexicon.initiative,
               lexicon.tone, lexicon.relationship, lexicon.salience_features, divergence._statement_wording,
               divergence._statement_pieces, divergence_text.proper_names):
        fn.cache_clear()
    semantic._vectors.clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time divergence of one two-readout event.")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from bot.divergence import compute_divergence

    statements, source = load_statements()
    participants = ["Pete Hegseth", "Shinjiro Koizumi"]
    compute_divergence(statements, participants=participants)  # imports, stemmer construction
    wall: dict[str, list[float]] = {"cold": [], "warm": []}
    cpu: dict[str, list[float]] = {"cold": [], "warm": []}
    for mode in ("cold", "warm"):
        for _ in range(max(1, args.runs)):
            if mode == "cold":
                clear_caches()
            started, started_cpu = time.perf_counter(), time.process_time()
            result = compute_divergence(statements, participants=participants)
            wall[mode].append((time.perf_counter() - started) * 1000)
            cpu[mode].append((time.process_time() - started_cpu) * 1000)
    print(f"event: {source}; {len(statements)} statements, {len(result.findings)} findings, divergent={result.divergent}")
    for mode in ("cold", "warm"):
        w, c = sorted(wall[mode]), sorted(cpu[mode])
        print(f"{mode:5}  wall median {statistics.median(w):6.2f} ms  p95 {w[int(0.95 * (len(w) - 1))]:6.2f} ms   "
              f"cpu median {statistics.median(c):6.2f} ms   ({len(w)} runs)")
    # CPU time is what the code costs; wall time also counts waiting for a busy machine's cores.
    verdict = "under" if statistics.median(cpu["cold"]) < 10 else "OVER"
    print(f"target 10 ms (cold, CPU time): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
