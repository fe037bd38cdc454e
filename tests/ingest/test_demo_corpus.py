"""The bundled demo corpus: imports cleanly, covers the events it promises, and every official word in
it is verbatim from a real readout (checked against ../shared when present)."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

from bot.ingest.files import iter_path_inputs
from bot.ingest.importer import import_documents
from bot.store.sqlite import SQLiteStore
from tests.conftest import CORPUS, REPO, SEEDS, SHARED, needs_shared

DEMO = REPO / "data" / "demo"
LINES = [json.loads(line) for line in (DEMO / "readouts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def normalised(text: str) -> str:
    """Quote styles and spacing differ between copies of the same official sentence."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
    return re.sub(r"\s+", " ", text).strip()


async def test_the_demo_folder_imports_with_no_rejections(store: SQLiteStore) -> None:
    report = await import_documents(store, iter_path_inputs([DEMO]))
    assert report.rejected == []
    assert report.imported == len(LINES) and 10 <= report.imported <= 16
    assert [s.origin for s in report.skipped] == [str(DEMO / "README.md")]
    again = await import_documents(store, iter_path_inputs([DEMO]))
    assert (again.imported, again.duplicates) == (0, len(LINES))
    doc = await store.documents.get_by_doc_id("demo-2021-01-austin-kishi-jp")
    assert doc is not None and doc.metadata["provenance"]["type"] == "official excerpt"


def test_every_line_says_where_it_comes_from_and_under_what_licence() -> None:
    for line in LINES:
        provenance = line["provenance"]
        assert provenance["type"] in {"official excerpt", "written by the readout-watch project"}, line["doc_id"]
        assert provenance["licence"] and provenance["sources"] and provenance["verbatim"], line["doc_id"]
        for passage in provenance["verbatim"]:
            assert passage in line["text"], (line["doc_id"], passage)
        if provenance["type"] == "official excerpt":
            assert line["kind"] == "official_readout" and line.get("government")
            # an excerpt is nothing but the official passages
            assert normalised(line["text"]) == normalised(" ".join(provenance["verbatim"])), line["doc_id"]


def test_the_seed_event_carries_both_sides_points() -> None:
    by_id = {line["doc_id"]: line for line in LINES}
    jp = by_id["demo-2025-12-koizumi-hegseth-jp"]["text"]
    us = by_id["demo-2025-12-koizumi-hegseth-us"]["text"]
    for phrase in ("radar incident", "December 6", "serious concern", "not conducive to regional peace and stability"):
        assert phrase in jp and phrase not in us
    for phrase in ("defense spending", "China's military activities", "realistic training and exercises across Japan"):
        assert phrase in us


def test_events_cover_agreement_divergence_and_repeat_meetings() -> None:
    groups: dict[str, set[str]] = {}
    for line in LINES:
        event = line["doc_id"].rsplit("-", 1)[0]  # demo-YYYY-MM-<people>-<side>
        groups.setdefault(event, set()).add(line.get("government") or "news")
    assert len(groups) >= 4
    assert all(len(sides - {"news"}) >= 2 for sides in groups.values())  # each event has two governments
    people = [event.split("-", 3)[3] for event in groups]
    assert any(people.count(p) >= 2 for p in people)  # the same people on different dates


@needs_shared(CORPUS)
@pytest.mark.parametrize("line", LINES, ids=[line["doc_id"] for line in LINES])
def test_every_official_passage_is_verbatim_from_a_real_readout(line: dict[str, object]) -> None:
    sources = [json.loads(raw)["text"] for raw in CORPUS.read_text(encoding="utf-8").splitlines() if raw.strip()]
    sources += [path.read_text(encoding="utf-8") for path in SEEDS]
    haystack = "\n".join(normalised(text) for text in sources)
    for passage in line["provenance"]["verbatim"]:  # type: ignore[index]
        # a news article quoting a sentence turns its final full stop into a comma: compare without it
        assert normalised(passage).rstrip(".,") in haystack, (line["doc_id"], passage)


@needs_shared(SHARED)
def test_no_shared_text_is_copied_wholesale() -> None:
    for raw in CORPUS.read_text(encoding="utf-8").splitlines():
        source = normalised(json.loads(raw)["text"])
        for line in LINES:
            assert len(normalised(str(line["text"]))) < 0.8 * len(source) or normalised(str(line["text"])) not in source
    for path in SEEDS:
        seed = normalised(path.read_text(encoding="utf-8"))
        assert all(len(str(line["text"])) < len(seed) / 2 for line in LINES)


def test_demo_files_are_only_the_corpus_and_its_readme() -> None:
    assert sorted(p.name for p in DEMO.iterdir()) == ["README.md", "readouts.jsonl"]
    assert Path(DEMO / "README.md").read_text(encoding="utf-8").count("demo-") >= len(LINES)
