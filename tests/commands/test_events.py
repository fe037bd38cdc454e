"""/events, /event and /divergence over an event repository (a fake until the engine's lands)."""

from __future__ import annotations

import re

import pytest

from bot.models import Divergence, Document, EventDetail, EventSummary, Finding, SharedPoint
from bot.store.sqlite import SQLiteStore
from commands.context import CommandContext
from commands.dispatch import run_text
from commands.markup import parse, strip
from commands.reply import Severity

from .conftest import FakeEvents

DENIAL = re.compile(r"\bden(y|ies|ied|ial)\b", re.IGNORECASE)


def _doc(id: int, doc_id: str, government: str, issuer: str, url: str, title: str) -> Document:
    return Document(id=id, doc_id=doc_id, text="...", kind="official_readout", content_hash=str(id),
                    government=government, issuer=issuer, title=title, date="2025-12-12", url=url)


SEED_DOCS = (
    _doc(1, "jp-mod", "JP", "Japan Ministry of Defense", "https://www.mod.go.jp/en/a", "Japan-U.S. Defense Ministerial Telephone Talk"),
    _doc(2, "us-dow", "US", "U.S. Department of War", "https://www.war.gov/b", "Readout of Secretary Hegseth's Call"),
)
SEED = EventDetail(
    event=EventSummary(id=7, title="Koizumi–Hegseth phone call", date="2025-12-11", contact_kind="phone_call",
                       governments=("JP", "US"), participants=("Shinjiro Koizumi", "Pete Hegseth"),
                       doc_ids=("jp-mod", "us-dow"), score=0.81, divergent=True),
    documents=SEED_DOCS,
    divergence=Divergence(
        score=0.81, divergent=True,
        summary="The JP readout names the December 6 radar incident and voices serious concern; the US readout does not mention either.",
        findings=(
            Finding("omission", "JP", "They discussed the radar incident of December 6.", 1, "jp-mod"),
            Finding("unechoed_wording", "JP", "The Ministers expressed serious concern over any actions to increase regional tensions.",
                    1, "jp-mod", detail="serious concern"),
            Finding("omission", "US", "They discussed realistic training and exercises across Japan.", 2, "us-dow"),
            Finding("framing", "US", "The call was held at the request of Japan.", 2, "us-dow",
                    detail="says who requested the call (“at the request of”); JP does not say"),
            Finding("contradiction", "JP", "The call lasted 40 minutes.", 1, "jp-mod",
                    counterpart_text="The call lasted 20 minutes.", counterpart_document_id=2, counterpart_doc_id="us-dow",
                    detail="40 minutes vs 20 minutes"),
        ),
        shared=(SharedPoint("Both reaffirmed the importance of the alliance.", ("jp-mod", "us-dow")),),
    ),
)
AGREEING = EventDetail(
    event=EventSummary(id=3, title="Austin–Kishi call", date="2021-01-23", contact_kind="phone_call",
                       governments=("JP", "US"), participants=(), doc_ids=("a", "b"), score=0.1, divergent=False),
    documents=(), divergence=None,
)


@pytest.fixture
def events(store: SQLiteStore) -> FakeEvents:
    fake = FakeEvents({7: SEED, 3: AGREEING})
    store.events = fake  # type: ignore[assignment]
    return fake


async def test_events_lists_newest_first_with_markers(events: FakeEvents, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/events")
    lines = strip(reply.description).splitlines()
    assert lines[0].startswith("E7 · 2025-12-11 · Koizumi–Hegseth phone call · JP, US · ⚠ diverging readouts (score 0.81)")
    assert lines[1] == "E3 · 2021-01-23 · Austin–Kishi call · JP, US · readouts agree (score 0.10)"
    assert [e["event_id"] for e in (reply.data or {})["events"]] == [7, 3]
    assert "1 with diverging readouts" in (reply.footer or "")


async def test_events_filters_are_validated_and_passed_on(events: FakeEvents, ctx: CommandContext) -> None:
    reply = await run_text(ctx, '/events "phone call" government:japan since:2025-06-01')
    assert events.calls[-1] == ("list_events", {"query": "phone call", "government": "JP", "since": "2025-06-01", "limit": 20})
    assert [e["event_id"] for e in (reply.data or {})["events"]] == [7]


async def test_events_empty(events: FakeEvents, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/events government:CN")
    assert reply.title == "No events found" and reply.severity == Severity.INFO


async def test_event_shows_documents_and_findings(events: FakeEvents, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/event E7")
    assert reply.title == "E7 · Koizumi–Hegseth phone call"
    docs = next(s for s in reply.sections if (s.heading or "").startswith("Documents"))
    text = strip(docs.body)
    assert "JP · Japan Ministry of Defense · official readout · 2025-12-12 · Japan-U.S. Defense Ministerial Telephone Talk: https://www.mod.go.jp/en/a" in text
    assert "US · U.S. Department of War" in text
    findings = next(s for s in reply.sections if (s.heading or "").startswith("Findings (5)"))
    assert "radar incident of December 6" in findings.body
    assert {link.url for link in reply.links} == {"https://www.mod.go.jp/en/a", "https://www.war.gov/b"}
    assert reply.severity == Severity.WARNING


async def test_event_by_title_when_it_names_one_event(events: FakeEvents, ctx: CommandContext) -> None:
    assert (await run_text(ctx, "/event Koizumi")).title == "E7 · Koizumi–Hegseth phone call"
    several = await run_text(ctx, "/event call")
    assert several.severity == Severity.ERROR and "matches several events" in several.description


async def test_unknown_event_is_a_clear_error(events: FakeEvents, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/divergence E99")
    assert reply.severity == Severity.ERROR and "There is no event E99" in reply.description


async def test_divergence_side_by_side(events: FakeEvents, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/divergence 7")
    headings = [s.heading for s in reply.sections]
    assert headings == [
        "What the JP readout says that the US readout does not mention",
        "What the US readout says that the JP readout does not mention",
        "Contradictions",
        "Wording not echoed",
        "What both sides said",
    ]
    jp, us, contradictions, wording, shared = (strip(s.body) for s in reply.sections)
    assert "“They discussed the radar incident of December 6.” (jp-mod: https://www.mod.go.jp/en/a)" in jp
    assert "realistic training" in us and "radar" not in us
    assert "Framing: says who requested the call (“at the request of”); JP does not say" in us
    assert "The JP readout: “The call lasted 40 minutes.”" in contradictions
    assert "The US readout: “The call lasted 20 minutes.” (us-dow: https://www.war.gov/b)" in contradictions
    assert "The JP readout says “serious concern”; the US readout does not use such wording." in wording
    assert "Both reaffirmed the importance of the alliance." in shared
    fields = {f.name: f.value for f in reply.fields}
    assert fields["Divergence score"] == "0.81 (divergent)" and fields["Event"] == "E7"
    assert {link.url for link in reply.links} == {"https://www.mod.go.jp/en/a", "https://www.war.gov/b"}
    assert reply.severity == Severity.WARNING
    assert not DENIAL.search(strip(reply.description) + " ".join(strip(s.body) for s in reply.sections))
    assert [f["type"] for f in (reply.data or {})["findings"]] == ["omission", "unechoed_wording", "omission", "framing", "contradiction"]


async def test_divergence_quotes_are_escaped(events: FakeEvents, ctx: CommandContext) -> None:
    odd = Finding("omission", "JP", "A **bold** claim with [a link](https://evil.example).", 1, "jp-mod")
    detail = EventDetail(SEED.event, SEED.documents, Divergence(0.5, True, "x", (odd,), ()))
    events.details[7] = detail
    reply = await run_text(ctx, "/divergence E7")
    spans = parse(reply.sections[0].body)
    assert not any(s.bold for s in spans)
    assert [s.url for s in spans if s.url] == ["https://www.mod.go.jp/en/a"]


async def test_divergence_not_analysed_yet(events: FakeEvents, ctx: CommandContext) -> None:
    reply = await run_text(ctx, "/divergence E3")
    assert "has not been compared yet" in reply.description and reply.severity == Severity.INFO
