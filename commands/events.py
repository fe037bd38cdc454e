"""/events, /event and /divergence: browsing the events the engine grouped and how their readouts differ.

The store's event repository answers the questions (`list_events`, `get`); this module only decides
what a person sees. An event is shown as "E12" everywhere, and that is also what users type back.
"""

from __future__ import annotations

from typing import Any

from bot.models import Document, EventDetail, EventSummary, Finding
from commands.context import CommandContext
from commands.format import day, event_ref, governments_label, join_and, kind_label, quoted, score_label, short
from commands.markup import bold, link, plain
from commands.registry import Option, command
from commands.reply import Field, Reply, Section, Severity
from commands.sidebyside import document_links, from_detail, score_fields, sections

LIST_LIMIT = 20
FINDING_LABELS = {
    "omission": "not mentioned by the other side",
    "contradiction": "contradiction",
    "unechoed_wording": "wording not echoed",
    "framing": "framing",
}


@command(
    "events",
    "Recent events (calls, meetings), newest first, with their governments and a divergence marker.",
    options=(
        Option("query", "Words from the event's title or participants, e.g. Koizumi", max_length=200),
        Option("government", "Only events with a readout from this government (e.g. JP)", type="government"),
        Option("since", "Only events on or after this date (2025-01-01, 30d, 2w)", type="date"),
    ),
    defer=True,
    examples=("/events", "/events government:JP since:90d"),
)
async def events(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    found: list[EventSummary] = await ctx.store.events.list_events(
        query=args.get("query"), government=args.get("government"), since=args.get("since"), limit=LIST_LIMIT
    )
    filters = {k: args[k] for k in ("query", "government", "since") if args.get(k)}
    data = {"filters": filters, "events": [_summary_data(e) for e in found]}
    if not found:
        return Reply(
            title="No events found",
            description="No stored event matches that. Try /events with no filters, or import readouts first."
            if filters
            else "No events yet: import some readouts, then the watcher groups them into events.",
            data=data,
        )
    divergent = sum(1 for e in found if e.divergent)
    lines = [_event_line(e) for e in found]
    return Reply(
        title="Events, newest first",
        description="\n".join(lines),
        footer=f"{len(found)} shown, {divergent} with diverging readouts. /divergence E<id> shows what differs.",
        data=data,
    )


@command(
    "event",
    "One event: its documents (government, issuer, kind, date, link) and its findings.",
    options=(Option("event", "The event id, e.g. E12 (see /events)", type="event", required=True),),
    examples=("/event E12",),
)
async def event(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    detail = await ctx.store.events.get(args["event"])
    if detail is None:
        return _no_event(args["event"])
    summary, divergence = detail.event, detail.divergence
    reply = Reply(
        title=short(f"{event_ref(summary.id)} · {summary.title}", 256),
        description=_event_description(summary),
        fields=[
            Field("Date", day(summary.date), inline=True),
            Field("Governments", plain(governments_label(summary.governments)), inline=True),
            Field("Divergence", score_label(divergence.score if divergence else summary.score,
                                            divergence.divergent if divergence else summary.divergent), inline=True),
        ],
        sections=[Section(heading=f"Documents ({len(detail.documents)})", body=_documents_body(detail.documents))],
        links=document_links(from_detail(detail)),
        severity=Severity.WARNING if (divergence and divergence.divergent) else Severity.INFO,
        data=_detail_data(detail),
    )
    if divergence and divergence.findings:
        urls = {d.doc_id: d.url for d in detail.documents}
        reply.sections.append(
            Section(heading=f"Findings ({len(divergence.findings)})", body=_findings_body(divergence.findings, urls))
        )
        reply.footer = f"/divergence {event_ref(summary.id)} shows them side by side."
    elif divergence is None:
        reply.footer = "Not analysed for divergence yet."
    return reply


@command(
    "divergence",
    "Side by side: what each government's readout says that the other's does not, shared points, score, links.",
    options=(Option("event", "The event id, e.g. E12 (see /events)", type="event", required=True),),
    defer=True,
    examples=("/divergence E12",),
)
async def divergence(ctx: CommandContext, args: dict[str, Any]) -> Reply:
    detail = await ctx.store.events.get(args["event"])
    if detail is None:
        return _no_event(args["event"])
    view = from_detail(detail)
    summary = detail.event
    title = short(f"{event_ref(summary.id)} · {summary.title}", 256)
    if detail.divergence is None:
        return Reply(
            title=title,
            description="This event has not been compared yet; the watcher compares readouts after each import.",
            fields=score_fields(view),
            links=document_links(view),
            data=_detail_data(detail),
        )
    if len(view.governments) < 2:
        body = f"Only {plain(governments_label(view.governments))} has a readout of this event, so there is nothing to compare yet."
        return Reply(title=title, description=body, fields=score_fields(view), links=document_links(view), data=_detail_data(detail))
    return Reply(
        title=title,
        description=plain(view.summary) if view.summary else _default_summary(view.governments),
        sections=sections(view),
        fields=score_fields(view),
        links=document_links(view),
        severity=Severity.WARNING if detail.divergence.divergent else Severity.INFO,
        footer="A readout that does not mention something is not a denial of it.",
        data=_detail_data(detail),
    )


def _no_event(event_id: int) -> Reply:
    return Reply.error(f"There is no event {event_ref(event_id)}. /events lists the recent ones.", title="No such event")


def _event_line(e: EventSummary) -> str:
    if e.divergent:
        marker = "⚠ " + bold("diverging readouts") + (f" (score {e.score:.2f})" if e.score is not None else "")
    elif e.divergent is False:
        marker = "readouts agree" + (f" (score {e.score:.2f})" if e.score is not None else "")
    else:
        marker = "not compared yet"
    title = plain(short(e.title, 120))
    return f"{bold(event_ref(e.id))} · {day(e.date)} · {title} · {plain(governments_label(e.governments))} · {marker}"


def _event_description(e: EventSummary) -> str:
    parts = []
    if e.contact_kind:
        parts.append(plain(e.contact_kind.replace("_", " ")))
    if e.participants:
        parts.append("between " + plain(join_and(list(e.participants))))
    text = " ".join(parts)
    return (text[:1].upper() + text[1:] + ".") if text else ""


def _documents_body(documents: tuple[Document, ...]) -> str:
    if not documents:
        return "No documents stored for this event."
    lines = []
    for d in documents:
        who = plain(short(d.issuer, 80)) if d.issuer else "unknown issuer"
        lines.append(
            f"• {plain(d.government or '?')} · {who} · {kind_label(d.kind)} · {day(d.date)} · "
            f"{link(short(d.title or d.doc_id, 120), d.url)} ({plain(d.doc_id)})"
        )
    return "\n".join(lines)


def _findings_body(findings: tuple[Finding, ...], urls: dict[str, str | None]) -> str:
    lines = []
    for f in findings[:15]:
        label = FINDING_LABELS.get(f.type, f.type)
        lines.append(f"• {plain(f.government)} readout ({label}): {quoted(f.text, 250)} ({link(f.doc_id, urls.get(f.doc_id))})")
    if len(findings) > 15:
        lines.append(f"… and {len(findings) - 15} more")
    return "\n".join(lines)


def _default_summary(governments: list[str]) -> str:
    return f"How the {plain(join_and(governments))} readouts of this event compare."


def _summary_data(e: EventSummary) -> dict[str, Any]:
    return {
        "event_id": e.id,
        "title": e.title,
        "date": e.date,
        "contact_kind": e.contact_kind,
        "governments": list(e.governments),
        "participants": list(e.participants),
        "doc_ids": list(e.doc_ids),
        "score": e.score,
        "divergent": e.divergent,
    }


def _detail_data(detail: EventDetail) -> dict[str, Any]:
    data = _summary_data(detail.event)
    data["documents"] = [
        {"doc_id": d.doc_id, "government": d.government, "issuer": d.issuer, "kind": d.kind,
         "title": d.title, "date": d.date, "url": d.url}
        for d in detail.documents
    ]
    div = detail.divergence
    if div is not None:
        data.update(
            score=div.score,
            divergent=div.divergent,
            summary=div.summary,
            findings=[
                {"type": f.type, "government": f.government, "text": f.text, "doc_id": f.doc_id,
                 "counterpart_text": f.counterpart_text, "counterpart_doc_id": f.counterpart_doc_id, "detail": f.detail}
                for f in div.findings
            ],
            shared=[{"text": s.text, "doc_ids": list(s.doc_ids)} for s in div.shared],
        )
    return data
