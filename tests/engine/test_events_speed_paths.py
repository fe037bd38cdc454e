"""Fast paths of `bot.events.profile_document`, each against the plain definition it replaces, on
the corpus, generated documents and adversarial pieces."""

from __future__ import annotations

import random

from bot.events import _contact_kind
from bot.ingest.jsonl import read_jsonl
from bot.models import DocumentInput
from tests.conftest import REPO
from tests.nlp.test_speed_paths_scans import _corpus_texts

# --- the kind of contact ----------------------------------------------------------------------------


def _kinds_named_plainly(piece: str) -> list[str]:
    """The kinds of contact a piece names: each pattern asked of the piece, a meeting or visit only
    when the piece does not speak of the future."""
    from bot.events import _FUTURE, _IN_PERSON, CONTACT_KINDS

    future = _FUTURE.search(piece)
    return [name for name, words in CONTACT_KINDS if words.search(piece) and not (future and name in _IN_PERSON)]


def _contact_kind_plainly(text: str, lead: list[tuple[int, int]], title: str | None) -> str | None:
    """The definition `events._contact_kind` answers: every kind named by every piece, then decided."""
    found = [kind for piece in [title or "", *(text[s:e] for s, e in lead)] for kind in _kinds_named_plainly(piece)]
    if "video_call" in found:
        return "video_call"
    remote = [k for k in found if k in ("call", "video_call")]
    in_person = [k for k in found if k in ("meeting", "visit")]
    if remote and not in_person:
        return remote[0]
    if in_person and not remote:
        return "visit" if "visit" in in_person and "meeting" not in in_person else "meeting"
    return None


_KIND_WORDS = ["met", "meeting", "Met", "phone", "CALL", "called", "video", "call", "visit", "trip", "will", "next",
               "week", "virtual", "summit", "talks", "held", "at", "Встреча", "телефону", "会談", "spoke", "by",
               "the", "agreed", "to", "hold", "x", "face-to-face", "in", "person", "Visited", "hosted", "電話会談"]
_SEPARATORS = [" ", " ", "  ", "-", ", ", ".", "", "\n"]


def _random_piece(rng: random.Random) -> str:
    return "".join(rng.choice(_KIND_WORDS) + rng.choice(_SEPARATORS) for _ in range(rng.randint(0, 6)))


def test_contact_kind_is_the_plain_decision_over_generated_pieces() -> None:
    rng = random.Random(41)
    for _ in range(6000):
        pieces = [_random_piece(rng) for _ in range(rng.randint(0, 5))]
        text = " ".join(pieces)
        lead, at = [], 0
        for piece in pieces:
            lead.append((at, at + len(piece)))
            at += len(piece) + 1
        title = rng.choice([None, "", _random_piece(rng)])
        assert _contact_kind(text, lead, title) == _contact_kind_plainly(text, lead, title), (title, pieces)


def _documents() -> list[DocumentInput]:
    """The development corpus, the demo readouts and 400 generated documents."""
    from bench.generate import generate

    texts = [DocumentInput(text=t) for t in _corpus_texts()]
    demo = [d for d in read_jsonl(REPO / "data" / "demo" / "readouts.jsonl") if isinstance(d, DocumentInput)]
    records, _labels = generate(400, seed=5)
    generated = [DocumentInput(text=r["text"], title=r.get("title")) for r in records]
    return texts + demo + generated


def test_contact_kind_is_the_plain_decision_on_documents() -> None:
    from bot.events import _lead_spans
    from bot.models import Document
    from bot.nlp import analyse_document

    kinds = set()
    for doc in _documents():
        stored = Document(id=0, doc_id="", text=doc.text, kind="official_readout", content_hash="", government=None,
                          issuer=None, title=doc.title, date=None, url=None, language=None)
        lead = _lead_spans(stored, analyse_document(doc))
        kind = _contact_kind(doc.text, lead, doc.title)
        assert kind == _contact_kind_plainly(doc.text, lead, doc.title), doc.text[:200]
        kinds.add(kind)
    assert kinds == {None, "call", "video_call", "meeting", "visit"}  # every answer seen
