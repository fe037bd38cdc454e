"""The side-by-side view of how readouts of one event differ, shared by /divergence and alerts.

Both callers start from different shapes (an `EventDetail` from the store, an outbox payload dict from
the engine), so each is first turned into one `DivergenceView` and a single function writes the
sections. Wording rule (DESIGN.md): a readout "does not mention" something; no government "denies".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.models import EventDetail
from commands.format import join_and, quoted, short
from commands.markup import link, plain, safe_url
from commands.reply import Field, Link, Section

MAX_BULLETS = 10
_WORDING = re.compile(r"wording: (.+?); not used by .+", re.DOTALL)
SIDE_TYPES = ("omission", "framing")


@dataclass(frozen=True)
class FindingView:
    type: str
    government: str
    text: str
    doc_id: str | None
    counterpart_text: str | None = None
    counterpart_doc_id: str | None = None
    detail: str | None = None
    new: bool = False


@dataclass
class DivergenceView:
    """Everything the side-by-side sections need, whatever it was built from."""

    event_id: int | None
    title: str
    date: str | None
    governments: list[str]
    score: float | None
    divergent: bool | None
    summary: str
    findings: list[FindingView] = field(default_factory=list)
    shared: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    urls: dict[str, str] = field(default_factory=dict)
    doc_labels: dict[str, str] = field(default_factory=dict)  # doc_id -> "JP · title"
    doc_governments: dict[str, str] = field(default_factory=dict)


def from_detail(detail: EventDetail) -> DivergenceView:
    event, divergence = detail.event, detail.divergence
    docs = detail.documents
    return DivergenceView(
        event_id=event.id,
        title=event.title,
        date=event.date,
        governments=list(event.governments),
        score=divergence.score if divergence else event.score,
        divergent=divergence.divergent if divergence else event.divergent,
        summary=divergence.summary if divergence else "",
        findings=[
            FindingView(f.type, f.government, f.text, f.doc_id, f.counterpart_text, f.counterpart_doc_id, f.detail)
            for f in (divergence.findings if divergence else ())
        ],
        shared=[(s.text, tuple(s.doc_ids)) for s in (divergence.shared if divergence else ())],
        urls={d.doc_id: d.url for d in docs if d.url},
        doc_labels={d.doc_id: f"{d.government or '?'} · {short(d.title or d.issuer or d.doc_id, 90)}" for d in docs},
        doc_governments={d.doc_id: d.government for d in docs if d.government},
    )


def from_payload(payload: Mapping[str, Any]) -> DivergenceView:
    """An outbox payload (the `divergences --json` event object plus `urls` and `new_findings`).

    Tolerant of missing or mistyped keys: an alert must render even from an older payload.
    """
    findings_raw = _dicts(payload.get("findings"))
    new_raw = payload.get("new_findings")
    new_keys = {_finding_key(f) for f in _dicts(new_raw)} if isinstance(new_raw, list) else set()
    if all(_finding_key(f) in new_keys for f in findings_raw):
        new_keys = set()  # a first alert: everything is new, so marking it says nothing
    findings = [
        FindingView(
            type=str(f.get("type") or "omission"),
            government=str(f.get("government") or "?"),
            text=str(f.get("text") or ""),
            doc_id=_str_or_none(f.get("doc_id")),
            counterpart_text=_str_or_none(f.get("counterpart_text")),
            counterpart_doc_id=_str_or_none(f.get("counterpart_doc_id")),
            detail=_str_or_none(f.get("detail")),
            new=_finding_key(f) in new_keys,
        )
        for f in findings_raw
    ]
    urls_raw = payload.get("urls")
    urls = {str(k): str(v) for k, v in urls_raw.items() if v} if isinstance(urls_raw, Mapping) else {}
    governments = [str(g) for g in _items(payload.get("governments")) if g]
    score = payload.get("score")
    return DivergenceView(
        event_id=_int_or_none(payload.get("event_id")),
        title=str(payload.get("title") or "Untitled event"),
        date=_str_or_none(payload.get("date")),
        governments=governments or sorted({f.government for f in findings}),
        score=float(score) if isinstance(score, int | float) and not isinstance(score, bool) and math.isfinite(score) else None,
        divergent=bool(payload.get("divergent")) if payload.get("divergent") is not None else None,
        summary=str(payload.get("summary") or ""),
        findings=findings,
        shared=[(str(s.get("text") or ""), tuple(str(d) for d in _items(s.get("doc_ids")))) for s in _dicts(payload.get("shared"))],
        urls=urls,
        doc_labels={str(d): str(d) for d in _items(payload.get("doc_ids")) if isinstance(d, str | int)},
    )


def sections(view: DivergenceView) -> list[Section]:
    """One section per government ("What the JP readout says that the US readout does not mention"),
    then contradictions, wording not echoed and shared points. Empty groups are left out, except the
    per-government ones, which say plainly that nothing was found."""
    result: list[Section] = []
    for government in view.governments or ["?"]:
        others = [g for g in view.governments if g != government]
        mine = [f for f in view.findings if f.type in SIDE_TYPES and f.government == government]
        heading = f"What the {government} readout says that {_readouts(others)} not mention"
        lines = [_side_line(view, f) for f in mine]
        body = _bullets(lines) if lines else f"Nothing found that {_readouts(others)} not also mention."
        result.append(Section(heading=heading, body=body))
    contradictions = [f for f in view.findings if f.type == "contradiction"]
    if contradictions:
        result.append(Section(heading="Contradictions", body=_bullets([_contradiction_line(view, f) for f in contradictions])))
    unechoed = [f for f in view.findings if f.type == "unechoed_wording"]
    if unechoed:
        result.append(Section(heading="Wording not echoed", body=_bullets([_unechoed_line(view, f) for f in unechoed])))
    other = [f for f in view.findings if f.type not in (*SIDE_TYPES, "contradiction", "unechoed_wording")]
    if other:
        result.append(Section(heading="Other differences", body=_bullets([_side_line(view, f) for f in other])))
    if view.shared:
        lines = [f"{quoted(text, 300)} {_doc_links(view, doc_ids)}".rstrip() for text, doc_ids in view.shared]
        result.append(Section(heading="What both sides said", body=_bullets(lines)))
    return result


def score_fields(view: DivergenceView) -> list[Field]:
    from commands.format import day, event_ref, governments_label, score_label

    fields = [
        Field("Divergence score", score_label(view.score, view.divergent), inline=True),
        Field("Governments", plain(governments_label(view.governments)), inline=True),
        Field("Date", day(view.date), inline=True),
    ]
    if view.event_id is not None:
        fields.append(Field("Event", event_ref(view.event_id), inline=True))
    return fields


def document_links(view: DivergenceView) -> list[Link]:
    """A link to every document of the event that has a URL, labelled with its government."""
    ordered = list(view.doc_labels) + [d for d in view.urls if d not in view.doc_labels]
    links = [(view.doc_labels.get(d, d), safe_url(view.urls.get(d))) for d in ordered]
    return [Link(label, url) for label, url in links if url]


def _side_line(view: DivergenceView, finding: FindingView) -> str:
    line = f"{quoted(finding.text)} {_doc_links(view, [finding.doc_id])}".rstrip()
    if finding.type == "framing" and finding.detail:
        line += f"\n  Framing: {plain(short(finding.detail, 200))}"
    return line + (" **new**" if finding.new else "")


def _contradiction_line(view: DivergenceView, finding: FindingView) -> str:
    other = _counterpart_government(view, finding)
    line = f"The {plain(finding.government)} readout: {quoted(finding.text, 300)} {_doc_links(view, [finding.doc_id])}".rstrip()
    if finding.counterpart_text:
        line += f"\n  The {plain(other)} readout: {quoted(finding.counterpart_text, 300)} {_doc_links(view, [finding.counterpart_doc_id])}".rstrip()
    if finding.detail:
        line += f"\n  ({plain(short(finding.detail, 200))})"
    return line + (" **new**" if finding.new else "")


def _unechoed_line(view: DivergenceView, finding: FindingView) -> str:
    other = _counterpart_government(view, finding)
    phrases = wording_of(finding.detail)
    if phrases:
        said = ", ".join(quoted(p, 80) for p in phrases)
        line = f"The {plain(finding.government)} readout says {said}; the {plain(other)} readout does not use such wording."
        line += f"\n  In: {quoted(finding.text, 300)} {_doc_links(view, [finding.doc_id])}".rstrip()
    else:
        line = (
            f"The {plain(finding.government)} readout uses wording that the {plain(other)} readout does not use: "
            f"{quoted(finding.text, 300)} {_doc_links(view, [finding.doc_id])}".rstrip()
        )
    return line + (" **new**" if finding.new else "")


def wording_of(detail: str | None) -> list[str]:
    """The strong phrases of an unechoed-wording finding. The engine's detail reads
    "wording: serious concern, not conducive to; not used by US"; a bare phrase is taken as is."""
    if not detail:
        return []
    match = _WORDING.fullmatch(detail.strip())
    if match:
        return [p.strip() for p in match.group(1).split(",") if p.strip()]
    return [] if ";" in detail else [detail.strip()]


def _counterpart_government(view: DivergenceView, finding: FindingView) -> str:
    if finding.counterpart_doc_id and finding.counterpart_doc_id in view.doc_governments:
        return view.doc_governments[finding.counterpart_doc_id]
    others = [g for g in view.governments if g != finding.government]
    return others[0] if len(others) == 1 else "other"


def _readouts(others: list[str]) -> str:
    if not others:
        return "the other readouts do"
    if len(others) == 1:
        return f"the {others[0]} readout does"
    return f"the {join_and(others)} readouts do"


def _doc_links(view: DivergenceView, doc_ids: Iterable[str | None]) -> str:
    links = [link(d, view.urls.get(d)) for d in doc_ids if d]
    return f"({', '.join(links)})" if links else ""


def _bullets(lines: list[str]) -> str:
    shown = [f"• {line}" for line in lines[:MAX_BULLETS]]
    if len(lines) > MAX_BULLETS:
        shown.append(f"… and {len(lines) - MAX_BULLETS} more")
    return "\n".join(shown)


def _finding_key(finding: Mapping[str, Any]) -> tuple[str, str, str]:
    return (str(finding.get("type")), str(finding.get("government")), str(finding.get("text")))


def _items(value: Any) -> list[Any]:
    """A payload list, or nothing when the key holds something else (an older or damaged payload)."""
    return list(value) if isinstance(value, list | tuple) else []


def _dicts(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _str_or_none(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an infinite float
        return None
