"""/quote on documents stored in a real SQLite file, and on the shared development corpus."""

from __future__ import annotations

import json

import pytest

from bot.models import Analysis, DocumentInput, Quotation, Sentence
from bot.store.sqlite import SQLiteStore
from commands.context import CommandContext
from commands.dispatch import run_text
from commands.markup import parse, strip
from commands.reply import Severity
from tests.conftest import CORPUS, SEEDS, needs_shared

from .conftest import add_documents, make_ctx, read_corpus

JP = DocumentInput(
    doc_id="jp-1", government="JP", issuer="Japan Ministry of Defense", kind="official_readout",
    title="Japan-U.S. Defense Ministerial Telephone Talk", date="2025-12-12", url="https://www.mod.go.jp/en/1",
    text="The Ministers exchanged views on the regional security situation.\n"
    "The Ministers expressed serious concern over any actions to increase regional tensions.",
)
US = DocumentInput(
    doc_id="us-1", government="US", issuer="U.S. Department of War", kind="official_readout",
    title="Readout of Secretary Hegseth's Call", date="2025-12-11", url="https://www.war.gov/1",
    text="Secretary Hegseth noted serious concerns about coercive activity.\nThey discussed defense spending.",
)
OLD = DocumentInput(
    doc_id="cn-old", government="CN", issuer="PRC Ministry of Foreign Affairs", kind="statement",
    title="Remarks", date="2021-03-01", url="https://www.fmprc.gov.cn/1",
    text="China expressed serious concern about the remarks.",
)


@pytest.fixture
async def docs(store: SQLiteStore) -> SQLiteStore:
    await add_documents(store, [JP, US, OLD])
    return store


async def test_hits_cite_sentence_issuer_government_date_title_and_url(docs: SQLiteStore, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/quote serious concern")
    assert reply.severity == Severity.INFO
    data = reply.data or {}
    assert data["total"] == 3 and data["shown"] == 3
    by_doc = {hit["doc_id"]: hit for hit in data["hits"]}
    assert set(by_doc) == {"jp-1", "us-1", "cn-old"}
    jp = by_doc["jp-1"]
    assert jp["sentence"].startswith("The Ministers expressed serious concern")
    assert (jp["issuer"], jp["government"], jp["date"], jp["url"]) == (
        "Japan Ministry of Defense", "JP", "2025-12-12", "https://www.mod.go.jp/en/1")
    assert "Showing 3 of 3" in reply.description
    # Each hit is a section: who and when in the heading, the sentence and a link in the body.
    jp_section = next(s for s in reply.sections if "Japan Ministry of Defense (JP) · 2025-12-12" in (s.heading or ""))
    links = [span for span in parse(jp_section.body) if span.url]
    assert [(s.text, s.url) for s in links] == [("Japan-U.S. Defense Ministerial Telephone Talk", "https://www.mod.go.jp/en/1")]


async def test_matched_words_are_bold_including_other_word_forms(docs: SQLiteStore, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/quote serious concern")
    bolds = {span.text for section in reply.sections for span in parse(section.body) if span.bold}
    assert bolds == {"serious concern", "serious concerns"}


async def test_government_filter(docs: SQLiteStore, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/quote serious concern government:Japan")
    assert [h["doc_id"] for h in (reply.data or {})["hits"]] == ["jp-1"]
    assert "attributed to JP" in reply.description


async def test_since_filter_absolute_and_relative(docs: SQLiteStore, ctx: CommandContext) -> None:
    absolute = await run_text(ctx, "/quote serious concern since:2025-01-01")
    assert {h["doc_id"] for h in (absolute.data or {})["hits"]} == {"jp-1", "us-1"}
    relative = await run_text(ctx, "/quote serious concern since:60d")  # ctx.now is 2026-02-01
    assert {h["doc_id"] for h in (relative.data or {})["hits"]} == {"jp-1", "us-1"}
    assert (relative.data or {})["filters"] == {"since": "2025-12-03"}


async def test_speaker_filter_matches_quoted_speaker_and_issuer(store: SQLiteStore, ctx: CommandContext) -> None:
    text = 'Guo Jiakun said: "Japan should stop its provocations." China voiced serious concern.'
    doc = DocumentInput(doc_id="mfa-1", government="CN", issuer="PRC Ministry of Foreign Affairs", kind="statement",
                        date="2025-12-10", url="https://www.mfa.gov.cn/1", text=text)
    first = text.index(".") + 2
    analysis = Analysis(
        sentences=(Sentence(0, text[: first - 1], 0, first - 1), Sentence(1, text[first:], first, len(text))),
        quotations=(Quotation("Japan should stop its provocations.", "Guo Jiakun", "spokesperson", "CN", 0, 17, 52),),
    )
    await store.documents.add(doc, analysis)
    await add_documents(store, [JP])
    by_speaker = await run_text(ctx, '/quote provocations speaker:"guo jiakun"')
    hits = (by_speaker.data or {})["hits"]
    assert [(h["doc_id"], h["speaker"]) for h in hits] == [("mfa-1", "Guo Jiakun")]
    assert by_speaker.sections[0].heading.startswith("1. Guo Jiakun (CN)")
    by_issuer = await run_text(ctx, '/quote serious concern speaker:"Ministry of Defense"')
    assert [h["doc_id"] for h in (by_issuer.data or {})["hits"]] == ["jp-1"]


async def test_no_hits_is_a_friendly_answer_not_an_error(docs: SQLiteStore, ctx: CommandContext) -> None:
    reply = await run_text(ctx, '/quote "grave provocation"')
    assert reply.severity == Severity.INFO and not reply.ephemeral
    assert reply.title == "No readout says “grave provocation”"
    assert (reply.data or {})["hits"] == []


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ('/quote "unterminated', "empty"),
        ("/quote ' OR 1=1 --", "empty"),
        ("/quote NEAR(", "empty"),
        ("/quote *", "error"),
        ("/quote", "error"),
        ('/quote ""', "error"),
        ("/quote " + "concern " * 1300, "error"),
    ],
)
async def test_hostile_arguments_give_one_line_or_empty_results(docs: SQLiteStore, ctx: CommandContext, line: str, kind: str) -> None:
    reply = await run_text(ctx, line)
    if kind == "error":
        assert reply.severity == Severity.ERROR and "\n" not in reply.description and len(reply.description) < 300
    else:
        assert reply.severity == Severity.INFO and (reply.data or {})["hits"] == []
    assert "Traceback" not in json.dumps(reply.to_dict())


async def test_document_text_is_escaped_not_interpreted(store: SQLiteStore, ctx: CommandContext) -> None:
    doc = DocumentInput(doc_id="odd", government="US", text="They flagged **serious concern** about [links](https://x.org).")
    await add_documents(store, [doc])
    reply = await run_text(ctx, "/quote serious concern")
    body = reply.sections[0].body
    assert "They flagged **serious concern** about [links](https://x.org)." in strip(body)
    assert [s.text for s in parse(body) if s.bold] == ["serious concern"]  # only the highlight is bold
    assert not any(s.url for s in parse(body))


@needs_shared(CORPUS)
async def test_corpus_hits_from_japanese_and_us_documents(store: SQLiteStore) -> None:
    await add_documents(store, read_corpus(CORPUS))
    reply = await run_text(make_ctx(store, platform="console"), "/quote alliance")
    hits = (reply.data or {})["hits"]
    governments = {h["government"] for h in hits}
    assert {"JP", "US"} <= governments
    for hit in hits:
        assert hit["issuer"] and hit["date"] and hit["url"].startswith("https://")
        assert "allianc" in hit["sentence"].lower()
    us_only = await run_text(make_ctx(store), "/quote alliance government:US")
    assert {h["government"] for h in (us_only.data or {})["hits"]} == {"US"}


@needs_shared(CORPUS)
async def test_corpus_close_variant_of_serious_concern(store: SQLiteStore, ctx: CommandContext) -> None:
    """The corpus has no "serious concern" verbatim; the Japanese readout's "deep concerns" is found by
    the single word, and the two-word phrase gives the friendly empty answer rather than an error."""
    await add_documents(store, read_corpus(CORPUS))
    word = await run_text(ctx, "/quote concerns government:JP")
    assert [h["doc_id"] for h in (word.data or {})["hits"]] == ["EV25-JP-1"]
    phrase = await run_text(ctx, "/quote serious concern")
    assert phrase.severity == Severity.INFO


@pytest.mark.skipif(len(SEEDS) < 2, reason="the seed articles are not beside the repository")
async def test_seed_articles_quote_serious_concern(store: SQLiteStore, ctx: CommandContext) -> None:
    docs = [DocumentInput(text=path.read_text(encoding="utf-8"), doc_id=path.stem, kind="news", date="2025-12-12")
            for path in SEEDS]
    await add_documents(store, docs)
    reply = await run_text(ctx, "/quote serious concern")
    hits = (reply.data or {})["hits"]
    assert {h["doc_id"] for h in hits} == {p.stem for p in SEEDS}
    assert any("The Ministers expressed serious concern" in h["sentence"] for h in hits)


@pytest.mark.skipif(len(SEEDS) < 2, reason="the seed articles are not beside the repository")
async def test_seed_articles_speaker_filter_finds_the_quoted_experts(store: SQLiteStore, ctx: CommandContext) -> None:
    await add_documents(store, [DocumentInput(text=p.read_text(encoding="utf-8"), doc_id=p.stem, kind="news") for p in SEEDS])
    for speaker in ("Li Haidong", "Shen Yi"):
        reply = await run_text(ctx, f'/quote Japan speaker:"{speaker}"')
        hits = (reply.data or {})["hits"]
        assert hits and {h["speaker"] for h in hits} == {speaker}
        assert all(s.heading.split(". ", 1)[1].startswith(speaker) for s in reply.sections)


def _numbered(n: int, government: str) -> DocumentInput:
    return DocumentInput(doc_id=f"{government.lower()}-{n}", government=government, kind="official_readout",
                         issuer=f"{government} ministry", title=f"Readout {n}", date=f"2025-01-{n % 28 + 1:02d}",
                         text=f"Statement number {n} of the ministry. The ministry voiced serious concern in case {n}.")


async def test_a_common_phrase_is_ranked_over_the_newest_window_and_counted_up_to_a_cap(
        store: SQLiteStore, ctx: CommandContext, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cost of /quote must not grow with the corpus: beyond the window only the newest matches are
    ranked, and the count stops at a cap the reply calls "more than"."""
    import bot.store.documents as documents

    await add_documents(store, [_numbered(n, "JP") for n in range(12)])
    monkeypatch.setattr(documents, "SEARCH_WINDOW", 5)
    monkeypatch.setattr(documents, "COUNT_CAP", 100)
    reply = await run_text(ctx, "/quote serious concern")
    data = reply.data or {}
    assert data["total"] == 12 and not data["total_is_lower_bound"] and data["examined"] == 5
    assert {hit["doc_id"] for hit in data["hits"]} == {f"jp-{n}" for n in range(7, 12)}  # the newest five
    assert "Showing 5 of 12 matching sentences" in reply.description
    assert "Ranked among the 5 most recently stored" in reply.description

    monkeypatch.setattr(documents, "COUNT_CAP", 8)
    capped = await run_text(ctx, "/quote serious concern")
    assert (capped.data or {})["total"] == 8 and (capped.data or {})["total_is_lower_bound"]
    assert "Showing 5 of more than 8 matching sentences" in capped.description


async def test_a_filter_examines_a_bounded_number_of_matches_and_says_when_it_stopped(
        store: SQLiteStore, ctx: CommandContext, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.store.documents as documents

    await add_documents(store, [_numbered(n, "CN" if n < 3 else "JP") for n in range(10)])
    exact = await run_text(ctx, "/quote serious concern government:CN")
    assert (exact.data or {})["total"] == 3 and not (exact.data or {})["total_is_lower_bound"]
    monkeypatch.setattr(documents, "SCAN_LIMIT", 6)  # the three CN matches are the oldest: not examined
    bounded = await run_text(ctx, "/quote serious concern government:CN")
    assert (bounded.data or {})["total_is_lower_bound"] and not (bounded.data or {})["hits"]
    assert bounded.description.startswith("None of the 6 most recently stored sentences with “serious concern” "
                                           "is attributed to CN.")
    monkeypatch.setattr(documents, "SCAN_LIMIT", 8)  # one CN match within reach
    partial = await run_text(ctx, "/quote serious concern government:CN")
    assert [hit["doc_id"] for hit in (partial.data or {})["hits"]] == ["cn-2"]
    assert partial.description.startswith("Showing 1 of the 1 matching sentence attributed to CN among the 8 most "
                                          "recently stored matches")


async def test_other_wordings_of_the_same_formula_are_listed_apart(store: SQLiteStore, ctx: CommandContext) -> None:
    """"serious concern", "deep concerns" and "gravely concerned" are one diplomatic formula: asked for
    one, /quote lists the others after the hits, labelled, and never a sentence that merely has the word."""
    deep = DocumentInput(doc_id="jp-2", government="JP", issuer="Japan Ministry of Defense", kind="official_readout",
                         date="2025-12-13", text="They expressed deep concerns over China's moves near Japan.")
    worded = DocumentInput(doc_id="cn-2", government="CN", issuer="PRC MFA", kind="statement", date="2025-12-14",
                           text="China is gravely concerned about the deployment.")
    plain_word = DocumentInput(doc_id="us-2", government="US", issuer="U.S. Department of War", kind="official_readout",
                               date="2025-12-15", text="They discussed issues of mutual concern.")
    await add_documents(store, [JP, deep, worded, plain_word])
    reply = await run_text(ctx, "/quote serious concern")
    data = reply.data or {}
    assert [hit["doc_id"] for hit in data["hits"]] == ["jp-1"]
    assert [hit["doc_id"] for hit in data["related"]] == ["cn-2", "jp-2"]  # newest first
    related_headings = [s.heading for s in reply.sections if "same formula, other words" in (s.heading or "")]
    assert len(related_headings) == 2 and related_headings[0].startswith("2. PRC MFA (CN)")

    none_exact = await run_text(ctx, "/quote serious concern government:CN")
    assert none_exact.title == "No readout says “serious concern” in those words"
    assert [hit["doc_id"] for hit in (none_exact.data or {})["related"]] == ["cn-2"]

    ordinary = await run_text(ctx, "/quote regional security situation")
    assert (ordinary.data or {})["related"] == []
