"""Every place untrusted input enters readout-watch, as fuzz targets: a hypothesis strategy of inputs
and a check that calls the real code and asserts its contract.

The contract everywhere: no exception escapes except the one a function documents for bad input
(`FeedError`, `OptionError`, `UnsafeURLError`), and every error a person can see — a rejection
reason, an error message, an error reply — is one clear line (no traceback, no newline, bounded).

Used twice: `tests/reliability/test_fuzz.py` runs each target in the test suite (a few dozen cases
each; `READOUT_FUZZ_EXAMPLES=N` for more) and `bench/fuzz.py` runs them all at volume (10,000+
cases) and reports the case count and every crash.
"""

from __future__ import annotations

import asyncio
import io
import json
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

Check = Callable[[Any], None]


@dataclass(frozen=True)
class Target:
    """`open()` yields the check; targets that need a store or an event loop set them up once per run."""

    name: str
    area: str  # JSONL, HTML, feeds, text files, text analysis, commands, rendering, URLs
    strategy: st.SearchStrategy[Any]
    check: Check | None = None
    setup: Callable[[], Any] | None = None  # a context manager factory yielding the check

    @contextmanager
    def open(self) -> Iterator[Check]:
        if self.setup is None:
            assert self.check is not None
            yield self.check
        else:
            with self.setup() as check:
                yield check


def clear_message(text: Any, *, limit: int = 500) -> None:
    """What a user reads when something was wrong with their input."""
    assert isinstance(text, str) and text.strip(), f"empty message: {text!r}"
    assert "\n" not in text.strip(), f"multi-line message: {text!r}"
    assert "Traceback" not in text and 'File "' not in text, f"traceback in message: {text!r}"
    assert len(text) <= limit, f"message of {len(text)} characters"


# --- shared strategies ----------------------------------------------------------------------------

_chars = st.characters(codec="utf-8", exclude_categories=("Cs",))
_text = st.text(alphabet=_chars, max_size=80)

READOUT_PIECES = [
    " ", "\n", "\n\n", ". ", "? ", "! ", ", ", "; ", ": ", '"', "“", "”", "«", "»", "「", "」", "'", "’", "。", "(", ")",
    "U.S.", "Mr.", "Dec. 6", "December 6, 2025", "on Wednesday", "last week", "2025-12-12", "21 октября", "12月6日",
    "Japan", "Japanese", "China", "Chinese", "the United States", "Russia", "Russian", "Ukraine", "Beijing", "Tokyo",
    "the White House", "the Kremlin", "the Ministry of Foreign Affairs", "South China Sea", "Taiwan", "США", "России",
    "日米", "Secretary of War Pete Hegseth", "Hegseth", "Minister Koizumi", "President Xi Jinping", "Xi", "Putin",
    "Foreign Minister Wang Yi", "spokesperson Guo Jiakun", "said", "he said", "she noted", "stressed that",
    "told reporters", "the US readout said", "according to the Chinese readout", "expressed serious concern",
    "firmly opposes", "not conducive to regional peace and stability", "did not mention", "no", "not", "never",
    "agreed to", "held a telephone call", "video call", "met with", "at the request of", "30 minutes", "two hours",
    "@everyone", "<!channel>", "<@&123>", "**", "__", "`", "```", "[x](https://evil.example)", "\\", "\u200b",
    "\u202e", "\x00", "\t", "—", "-", "…", "%", "'; DROP TABLE documents; --",
]
readout_text = st.lists(st.sampled_from(READOUT_PIECES) | st.text(alphabet=_chars, max_size=6), max_size=80).map("".join)
any_text = st.one_of(_text, readout_text, st.text(max_size=300))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=10,
)
CONTRACT_FIELDS = ["text", "doc_id", "government", "issuer", "kind", "title", "date", "url", "language"]
FIELD_VALUES = {
    "government": st.sampled_from(["JP", "jp", "US", "Japan", "XX", "", " ", "J P", "日本", "USA", "EU"]),
    "kind": st.sampled_from(["official_readout", "quoted_in_news", "news", "statement", "NEWS", "rumour", ""]),
    "date": st.sampled_from(["2025-12-11", "2025-12-11T03:04:05Z", "2025-02-30", "12/11/2025", "yesterday", "",
                             "0000-01-01", "9999-12-31T23:59:59+14:00", "2025-13-01"]),
    "url": st.sampled_from(["https://www.mod.go.jp/x", "http://127.0.0.1/", "javascript:alert(1)", "", "not a url"]),
}
json_records = st.dictionaries(
    st.sampled_from(CONTRACT_FIELDS) | st.text(max_size=8),
    st.one_of(json_values, readout_text, *FIELD_VALUES.values()),
    max_size=8,
)


def _run(loop: asyncio.AbstractEventLoop, awaitable: Any) -> Any:
    return loop.run_until_complete(awaitable)


@contextmanager
def _store(documents: list[Any] | None = None) -> Iterator[tuple[asyncio.AbstractEventLoop, Any]]:
    """A real SQLite file store in a temporary folder, and the loop to drive it."""
    from bot.store.sqlite import SQLiteStore

    loop = asyncio.new_event_loop()
    with tempfile.TemporaryDirectory() as folder:
        store = _run(loop, SQLiteStore.open(Path(folder) / "fuzz.db"))
        try:
            if documents:
                from bot.ingest.importer import import_documents

                _run(loop, import_documents(store, documents))
            yield loop, store
        finally:
            _run(loop, store.close())
            loop.close()


# --- JSONL ----------------------------------------------------------------------------------------


def check_jsonl_bytes(line: bytes) -> None:
    from bot.ingest.inputs import Rejection
    from bot.ingest.jsonl import parse_line
    from bot.models import DocumentInput

    item = parse_line(line, origin="f.jsonl:1")
    assert item is None or isinstance(item, DocumentInput | Rejection)
    if isinstance(item, Rejection):
        clear_message(item.reason)


def check_jsonl_record(record: dict[str, Any]) -> None:
    from bot.ingest.inputs import Rejection
    from bot.ingest.jsonl import parse_line
    from bot.models import DocumentInput

    try:
        line = json.dumps(record, allow_nan=True).encode()
    except (TypeError, ValueError):
        return
    item = parse_line(line, origin="f.jsonl:7")
    assert isinstance(item, DocumentInput | Rejection)
    if isinstance(item, Rejection):
        clear_message(item.reason)
        assert item.origin == "f.jsonl:7"
    else:
        assert isinstance(record.get("text"), str) and item.text == record["text"]
        json.dumps(item.metadata)  # what the store will serialise


jsonl_files = st.lists(
    st.one_of(json_records.map(lambda r: json.dumps(r, allow_nan=True).encode()), st.binary(max_size=60),
              st.sampled_from([b"", b"   ", b"{", b"[]", b"null", b'{"text": ""}', b'{"text": "x"}' * 2, b"\xff\xfe"])),
    max_size=12,
).flatmap(lambda lines: st.tuples(st.just(lines), st.sampled_from([b"\n", b"\r\n"])))


def check_jsonl_file(case: tuple[list[bytes], bytes]) -> None:
    from bot.ingest.inputs import Rejection
    from bot.ingest.jsonl import parse_jsonl
    from bot.models import DocumentInput

    lines, newline = case
    stream = io.BytesIO(newline.join(line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines))
    items = list(parse_jsonl(stream, name="upload.jsonl"))
    assert len(items) <= max(len(lines), 1)
    for item in items:
        assert isinstance(item, DocumentInput | Rejection)
        if isinstance(item, Rejection):
            clear_message(item.reason)
            name, _, number = item.origin.rpartition(":")
            assert name == "upload.jsonl" and 1 <= int(number) <= max(len(lines), 1), item.origin


def _nonblank(line: bytes) -> bool:
    """A line the reader must account for: anything but Unicode whitespace (str.strip, which also
    counts the separators \x1c-\x1f and \x85), after an optional byte-order mark."""
    try:
        return bool(line.removeprefix(b"\xef\xbb\xbf").decode("utf-8").strip())
    except UnicodeDecodeError:
        return True


@contextmanager
def import_jsonl_setup() -> Iterator[Check]:
    """The whole import path (reader, field checks, analysis, dedupe, store, grouping, divergence,
    alerts) into one store: every non-blank line is imported, a duplicate, or rejected — none lost."""
    from bot.ingest.importer import import_documents
    from bot.ingest.jsonl import parse_jsonl

    with _store() as (loop, store):
        def check(case: tuple[list[bytes], bytes]) -> None:
            lines, newline = case
            lines = [line.replace(b"\n", b" ").replace(b"\r", b" ") for line in lines]
            items = parse_jsonl(io.BytesIO(newline.join(lines)), name="upload.jsonl")
            report = _run(loop, import_documents(store, items))
            for rejection in report.rejected:
                clear_message(rejection.reason)
            counted = report.imported + report.duplicates + len(report.rejected)
            assert counted == sum(1 for line in lines if _nonblank(line)), (report, lines)

        yield check


# --- HTML and text files --------------------------------------------------------------------------

_tags = st.sampled_from(["p", "div", "article", "main", "nav", "footer", "script", "style", "h1", "span", "a", "table",
                         "td", "br", "meta", "title", "time", "ul", "li", "iframe", "svg", "!--", "![CDATA["])
html_pages = st.recursive(
    st.one_of(readout_text, st.sampled_from(["&amp;", "&lt;", "&#0;", "&#x110000;", "&bogus;", "<", ">", "]]>"])),
    lambda inner: st.builds(
        lambda tag, attrs, body, closed: f"<{tag}{attrs}>{''.join(body)}" + (f"</{tag}>" if closed else ""),
        _tags, st.sampled_from(["", ' class="x"', " lang=ja", ' href="javascript:alert(1)"', ' charset="koi8-r"',
                                ' property="article:published_time" content="2025-12-11"', " a='"]),
        st.lists(inner, max_size=5), st.booleans()),
    max_leaves=25,
).map(lambda body: f"<!doctype html><html><head><title>T</title></head><body>{body}</body></html>")
html_inputs = st.one_of(html_pages, html_pages.map(lambda s: s.encode("utf-8")), st.binary(max_size=400),
                        html_pages.map(lambda s: s.encode("utf-16")))


def check_html(page: str | bytes) -> None:
    from bot.ingest.html import html_to_input
    from bot.ingest.inputs import Rejection
    from bot.models import DocumentInput

    item = html_to_input(page, origin="page.html", stem="page", url="https://example.org/a")
    assert isinstance(item, DocumentInput | Rejection)
    if isinstance(item, Rejection):
        clear_message(item.reason)
    else:
        assert item.text.strip()


def check_text_file(case: tuple[bytes, bool]) -> None:
    from bot.ingest.inputs import InputDefaults, Rejection
    from bot.ingest.text import text_to_input
    from bot.models import DocumentInput

    raw, markdown = case
    item = text_to_input(raw, name="note.md" if markdown else "note.txt", stem="note", defaults=InputDefaults(), markdown=markdown)
    assert isinstance(item, DocumentInput | Rejection)
    if isinstance(item, Rejection):
        clear_message(item.reason)


# --- feeds ----------------------------------------------------------------------------------------

_feed_text = st.one_of(readout_text, html_pages, st.sampled_from(["", "<![CDATA[x]]>", "&", "]]>", "<b>bold</b>"]))


def _xml(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def feeds(draw: st.DrawFn) -> tuple[bytes, str | None, str]:
    kind = draw(st.sampled_from(["rss", "atom", "jsonfeed", "junk"]))
    items = draw(st.lists(st.fixed_dictionaries({
        "title": _feed_text, "link": st.sampled_from(["https://a.example/1", "", "not a link", "javascript:x", "/relative"]),
        "guid": st.sampled_from(["tag:x,2025:1", "urn:uuid:1", "1", ""]), "date": st.sampled_from(
            ["Thu, 11 Dec 2025 03:04:05 GMT", "2025-12-11T03:04:05Z", "yesterday", "", "Thu, 31 Feb 2025 99:99:99"]),
        "body": _feed_text}), max_size=4))
    escape = draw(st.booleans())
    field = _xml if escape else (lambda v: v)
    if kind == "rss":
        entries = "".join(f"<item><title>{field(i['title'])}</title><link>{field(i['link'])}</link><guid>{field(i['guid'])}</guid>"
                          f"<pubDate>{i['date']}</pubDate><description>{field(i['body'])}</description></item>" for i in items)
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{entries}</channel></rss>'
        ctype = draw(st.sampled_from(["application/rss+xml", "text/xml", None, "text/html"]))
    elif kind == "atom":
        entries = "".join(f"<entry><title>{field(i['title'])}</title><link href=\"{_xml(i['link'])}\"/><id>{field(i['guid'])}</id>"
                          f"<updated>{i['date']}</updated><content type=\"html\">{field(i['body'])}</content></entry>" for i in items)
        body = f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>F</title>{entries}</feed>'
        ctype = draw(st.sampled_from(["application/atom+xml", None]))
    elif kind == "jsonfeed":
        doc: Any = {"version": "https://jsonfeed.org/version/1.1", "title": "F",
                    "items": [{"id": i["guid"], "url": i["link"], "title": i["title"], "date_published": i["date"],
                               draw(st.sampled_from(["content_html", "content_text", "summary"])): i["body"]} for i in items]}
        if draw(st.booleans()):
            doc = draw(json_values) if draw(st.booleans()) else {**doc, "items": draw(json_values)}
        body = json.dumps(doc, allow_nan=True)
        ctype = draw(st.sampled_from(["application/feed+json", "application/json", None]))
    else:
        return draw(st.binary(max_size=300)), draw(st.sampled_from([None, "text/html", "application/json", "application/xml"])), \
            draw(st.sampled_from(["auto", "rss", "atom", "jsonfeed", "html"]))
    raw = body.encode("utf-8")
    if draw(st.booleans()):  # damage it: cut it short or splice junk in
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + draw(st.binary(max_size=20))
    return raw, ctype, draw(st.sampled_from(["auto", "auto", kind if kind != "jsonfeed" else "jsonfeed"]))


def check_feed(case: tuple[bytes, str | None, str]) -> None:
    from bot.ingest.feeds import FeedError, ParsedFeed, parse_body, to_input
    from bot.ingest.inputs import InputDefaults, Rejection
    from bot.models import DocumentInput

    body, ctype, source_type = case
    try:
        parsed = parse_body(body, url="https://feeds.example/rss", content_type=ctype, source_type=source_type)
    except FeedError as exc:
        clear_message(str(exc))
        return
    assert isinstance(parsed, ParsedFeed)
    for item in parsed.items:
        if item.link_only:
            continue
        made = to_input(item, InputDefaults(government="JP", kind="official_readout"), source_id=None,
                        origin="feed", fmt=parsed.format)
        assert isinstance(made, DocumentInput | Rejection)
        if isinstance(made, Rejection):
            clear_message(made.reason)


# --- text analysis --------------------------------------------------------------------------------


def check_analyse(case: tuple[str, str | None, str | None, str]) -> None:
    from bot.models import DocumentInput
    from bot.nlp.analyse import analyse

    text, doc_date, government, kind = case
    from tests.nlp.shared import check_offsets

    result = analyse(DocumentInput(text=text, date=doc_date, government=government, kind=kind))
    check_offsets(text, result)
    for statement in result.statements:
        assert statement.government and statement.text


def check_nlp_functions(text: str) -> None:
    from bot.nlp import dates, governments, people, quotes, roles, sentences, translit

    for start, end in sentences.sentence_spans(text):
        assert 0 <= start <= end <= len(text)
    for sentence in sentences.split_sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text
        for start, end in sentences.split_clauses(sentence.text):
            assert 0 <= start <= end <= len(sentence.text)
    for span in quotes.quote_spans(text):
        assert 0 <= span.start <= span.end <= len(text)
    quotes.is_scare_quote(text)
    for mention in governments.find_governments(text):
        assert text[mention.start:mention.end] == mention.surface
    governments.normalise_government(text)
    found = people.find_people(text)
    for mention in found:
        assert text[mention.start:mention.end] == mention.surface
        people.person_key(mention.value)
    people.same_person(text, found[0].value if found else text[::-1])
    for mention in dates.find_dates(text, date(2025, 12, 12)):
        assert text[mention.start:mention.end] == mention.surface
    dates.find_dates(text, None)
    dates.parse_iso_date(text)
    roles.role_is_official(text)
    roles.title_country(text)
    translit.has_cyrillic(text)
    assert isinstance(translit.to_ascii(text), str)


def check_divergence_text(text: str) -> None:
    from bot import divergence_items, divergence_text

    divergence_text.normalise(text)
    divergence_text.words(text)
    divergence_text.content_tokens(text)
    for value, unit in divergence_text.quantities(text):
        assert isinstance(value, float) and isinstance(unit, str)
    divergence_text.proper_names(text)
    divergence_items.strip_frame(text)
    for item in divergence_items.split_items(text):
        assert isinstance(item.text, str)


statements = st.lists(
    st.tuples(st.sampled_from(["JP", "US", "CN", "RU", "KR"]), readout_text, st.integers(1, 4),
              st.sampled_from(["official", "quoted_in_news"]), st.none() | st.sampled_from(["Koizumi", "Hegseth", ""])),
    max_size=12,
)


def check_compute_divergence(case: tuple[list[tuple[str, str, int, str, str | None]], list[str] | None]) -> None:
    from bot.divergence import EventStatement, compute_divergence

    rows, parties = case
    given = [EventStatement(gov, text, doc, f"doc-{doc}", i, voice, speaker) for i, (gov, text, doc, voice, speaker) in enumerate(rows)]
    result = compute_divergence(given, governments=parties, participants=["Shinjiro Koizumi", "Pete Hegseth"])
    assert 0.0 <= result.score <= 1.0
    assert "denies" not in result.summary.lower() and "denied" not in result.summary.lower()
    doc_ids = {s.doc_id for s in given}
    for finding in result.findings:
        assert finding.type in ("omission", "contradiction", "unechoed_wording", "framing")
        assert finding.doc_id in doc_ids


def check_grouping(case: tuple[list[tuple[str, str | None, str | None, str]], int]) -> None:
    """Profiles of random documents, then grouping decisions between them: pure and total."""
    from bot.events import EventState, choose_event, describe, match_score, profile_document
    from bot.models import Document, DocumentInput
    from bot.nlp.analyse import analyse

    docs, _ = case
    states: list[EventState] = []
    for number, (text, doc_date, government, kind) in enumerate(docs, start=1):
        doc = Document(id=number, doc_id=f"d{number}", text=text, kind=kind, content_hash=str(number), government=government,
                       date=doc_date)
        profile = profile_document(doc, analyse(DocumentInput(text=text, date=doc_date, government=government, kind=kind)))
        for state in states:
            score = match_score(profile, state)
            assert score is None or isinstance(score, float)
        chosen = choose_event(profile, states)
        if chosen:
            merged = EventState(chosen[0].id, tuple(p for e in chosen for p in e.profiles) + (profile,))
            states = [s for s in states if s not in chosen] + [merged]
        else:
            states.append(EventState(number, (profile,)))
        json.dumps(describe(states[-1]), default=str)


# --- commands -------------------------------------------------------------------------------------


def _command_names() -> list[str]:
    from commands.all import load_commands

    return sorted(load_commands())


ARG_PIECES = ['"', "“", "”", "'", "*", "NEAR(", "OR", "AND", "NOT", "--", "-", ":", "=", "(", ")", "\\", "**", "^", "{", "}",
              "government:", "since:", "speaker:", "min_score:", "governments:", "every:", "kind:", "url:", "E1", "#1",
              "JP", "jp,us", "7d", "2w", "yesterday", "2025-13-45", "serious", "concern", " ", " ", "\n", "\t", "é", "日本",
              "'; DROP TABLE documents; --", "%", "_", "\x00", "sentences_fts", "text:", "1e309", "-1", "0", "NaN"]
arg_text = st.lists(st.sampled_from(ARG_PIECES) | st.text(max_size=5), max_size=30).map("".join)


def command_lines() -> st.SearchStrategy[str]:
    names = [n for n in _command_names() if n != "sources test"] + ["qoute", "sources", "readout quote", ""]
    return st.one_of(
        st.text(max_size=200),
        st.builds(lambda name, rest: f"/{name} {rest}", st.sampled_from(names), arg_text),
        st.builds(lambda name, n: f"/{name} " + "x" * n, st.sampled_from(names), st.integers(0, 5000)),
    )


def check_parse(line: str) -> None:
    from commands.all import load_commands
    from commands.parse import Invocation, parse_invocation

    got = parse_invocation(line)
    assert isinstance(got, Invocation)
    if got.error is not None:
        clear_message(got.error)
    else:
        assert set(got.args) <= {o.name for o in load_commands()[got.name].options}


def option_cases() -> st.SearchStrategy[tuple[str, str, Any]]:
    from commands.all import load_commands

    pairs = [(name, option.name) for name, spec in load_commands().items() for option in spec.options]
    raw = st.one_of(arg_text, st.text(max_size=40), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.none(), st.booleans(), st.just("x" * 10_000))
    return st.tuples(st.sampled_from(pairs), raw).map(lambda t: (t[0][0], t[0][1], t[1]))


def check_option(case: tuple[str, str, Any]) -> None:
    from commands.all import load_commands
    from commands.options import OptionError, coerce

    command, option_name, raw = case
    option = next(o for o in load_commands()[command].options if o.name == option_name)
    try:
        coerce(option, raw, today=date(2025, 12, 12))
    except OptionError as exc:
        clear_message(str(exc))


SEED_DOCS_JSON = [
    {"doc_id": "jp-1", "government": "JP", "kind": "official_readout", "date": "2025-12-11", "url": "https://e.org/jp",
     "text": "Minister Koizumi held a telephone call with Secretary Hegseth. The Ministers expressed serious concern over "
             "the radar incident of December 6. @everyone <!channel> **look**"},
    {"doc_id": "us-1", "government": "US", "kind": "official_readout", "date": "2025-12-11", "url": "https://e.org/us",
     "text": "Secretary Hegseth spoke with Japanese Minister Koizumi. They reaffirmed the alliance."},
]


@contextmanager
def run_text_setup() -> Iterator[Check]:
    """Any line a person types, through the dispatcher, the handlers and a real store (FTS5 search)."""
    from bot.models import DocumentInput
    from commands.context import CommandContext
    from commands.dispatch import run_text
    from commands.markup import parse as parse_markup
    from commands.reply import Reply, Severity

    with _store([DocumentInput(**d) for d in SEED_DOCS_JSON]) as (loop, store):
        contexts = [CommandContext(store=store, platform=p, user_id="U1", channel_id="C1", workspace_id="G1",
                                   is_admin=admin, now=datetime(2025, 12, 12, tzinfo=UTC))
                    for p in ("discord", "slack", "console") for admin in (True, False)]

        def check(case: tuple[str, int]) -> None:
            line, which = case
            reply = _run(loop, run_text(contexts[which % len(contexts)], line))
            assert isinstance(reply, Reply)
            json.dumps(reply.to_dict())
            if reply.severity == Severity.ERROR:
                assert reply.ephemeral
                clear_message(reply.description, limit=400)
                assert not any(span.bold or span.url for span in parse_markup(reply.description))

        yield check


@contextmanager
def autocomplete_setup() -> Iterator[Check]:
    from bot.models import DocumentInput
    from commands.all import load_commands
    from commands.autocomplete import suggest
    from commands.context import CommandContext

    options = [o for spec in load_commands().values() for o in spec.options if o.type in ("event", "government", "governments")]
    with _store([DocumentInput(**d) for d in SEED_DOCS_JSON]) as (loop, store):
        ctx = CommandContext(store=store, platform="discord", user_id="U1", channel_id="C1", workspace_id="G1",
                             is_admin=False, now=datetime(2025, 12, 12, tzinfo=UTC))

        def check(case: tuple[int, str]) -> None:
            which, current = case
            choices = _run(loop, suggest(ctx, options[which % len(options)], current))
            assert len(choices) <= 25
            for choice in choices:
                assert 1 <= len(choice.label) <= 100 and len(str(choice.value)) <= 100

        yield check


# --- rendering ------------------------------------------------------------------------------------


def _replies() -> st.SearchStrategy[Any]:
    from tests.platforms.test_render import _replies as replies

    return replies


def check_discord_render(reply: Any) -> None:
    from bot.platforms import discord_render
    from tests.platforms.test_render import assert_discord_limits

    assert_discord_limits(discord_render.render(reply))


def check_slack_render(reply: Any) -> None:
    from bot.platforms import slack_render
    from tests.platforms.test_render import assert_slack_limits

    assert_slack_limits(slack_render.render(reply))


alert_payloads = st.one_of(
    st.dictionaries(st.sampled_from(["title", "date", "governments", "score", "divergent", "summary", "findings", "shared",
                                     "urls", "event_id", "doc_ids"]) | st.text(max_size=6), json_values, max_size=10),
    st.fixed_dictionaries({
        "title": readout_text, "summary": readout_text, "score": st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=4),
        "governments": st.lists(st.text(max_size=4), max_size=3) | json_values,
        "findings": st.lists(st.dictionaries(st.sampled_from(["type", "government", "text", "doc_id", "counterpart_text"]),
                                             st.one_of(readout_text, json_values), max_size=5), max_size=6) | json_values,
        "urls": st.dictionaries(st.text(max_size=8), st.sampled_from(["https://a.example/x", "javascript:alert(1)", "", "x"]),
                                max_size=3) | json_values,
    }),
)


def check_alert(payload: dict[str, Any]) -> None:
    from bot.delivery.messages import alert_message
    from bot.platforms import discord_render, slack_render
    from bot.store.outbox import OutboxItem
    from tests.platforms.test_render import assert_discord_limits, assert_slack_limits

    for kind in ("divergence", "source_paused", "unknown"):
        reply = alert_message(OutboxItem(1, kind, None, "f", payload, (), 0.5, "2025-12-12T00:00:00Z"))
        assert_discord_limits(discord_render.render(reply))
        assert_slack_limits(slack_render.render(reply))


# --- URLs -----------------------------------------------------------------------------------------

urls = st.one_of(
    st.text(max_size=60),
    st.builds(lambda scheme, user, host, port, path: f"{scheme}{user}{host}{port}{path}",
              st.sampled_from(["http://", "https://", "ftp://", "file://", "javascript:", "HTTP://", "", "//"]),
              st.sampled_from(["", "user:pass@", "@", "a@b@"]),
              st.sampled_from(["example.org", "127.0.0.1", "[::1]", "[fe80::1%25eth0]", "0x7f.1", "localhost.", "",
                               "xn--e1afmkfd.xn--p1ai", "例え.jp", "a" * 300, "2130706433"]),
              st.sampled_from(["", ":80", ":0", ":65536", ":-1", ":abc", ":"]),
              st.sampled_from(["", "/", "/feed.xml?x=1#f", "/../../etc/passwd", "/%00", " /x"])),
)


def check_url(url: str) -> None:
    from bot.ingest.netguard import UnsafeURLError, check_url_syntax

    try:
        scheme, host, port = check_url_syntax(url)
    except UnsafeURLError as exc:
        clear_message(str(exc))
        return
    assert scheme in ("http", "https") and host and 0 < port < 65536


# --- the list -------------------------------------------------------------------------------------


def targets() -> list[Target]:
    analysis_cases = st.tuples(any_text, st.none() | st.sampled_from(["2025-12-12", "2025-12-12T03:00:00Z", "junk", ""]),
                               st.none() | st.sampled_from(["JP", "US", "CN", "XX"]),
                               st.sampled_from(["official_readout", "quoted_in_news", "news", "statement"]))
    return [
        Target("jsonl-line-bytes", "JSONL", st.binary(max_size=300), check_jsonl_bytes),
        Target("jsonl-line-records", "JSONL", json_records, check_jsonl_record),
        Target("jsonl-file", "JSONL", jsonl_files, check_jsonl_file),
        Target("jsonl-import-into-store", "JSONL", jsonl_files, setup=import_jsonl_setup),
        Target("html-page", "HTML", html_inputs, check_html),
        Target("text-file", "text files", st.tuples(st.binary(max_size=300) | any_text.map(str.encode), st.booleans()),
               check_text_file),
        Target("feed-body", "feeds", feeds(), check_feed),
        Target("nlp-analyse", "text analysis", analysis_cases, check_analyse),
        Target("nlp-functions", "text analysis", any_text, check_nlp_functions),
        Target("divergence-text", "text analysis", any_text, check_divergence_text),
        Target("divergence-compute", "text analysis",
               st.tuples(statements, st.none() | st.lists(st.sampled_from(["JP", "US", "CN", "RU"]), max_size=3)),
               check_compute_divergence),
        Target("event-grouping", "text analysis", st.tuples(st.lists(analysis_cases, max_size=4), st.just(0)), check_grouping),
        Target("command-parse", "commands", command_lines(), check_parse),
        Target("command-options", "commands", option_cases(), check_option),
        Target("command-run-text", "commands", st.tuples(command_lines(), st.integers(0, 5)), setup=run_text_setup),
        Target("command-autocomplete", "commands", st.tuples(st.integers(0, 50), arg_text), setup=autocomplete_setup),
        Target("render-discord", "rendering", _replies(), check_discord_render),
        Target("render-slack", "rendering", _replies(), check_slack_render),
        Target("alert-payload", "rendering", alert_payloads, check_alert),
        Target("source-url", "URLs", urls, check_url),
    ]
