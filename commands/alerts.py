"""The divergence ALERT a subscribed channel receives, built from an outbox payload.

The engine writes the payload (the `divergences --json` event object plus `urls` and `new_findings`)
into the outbox in the same transaction as the findings; the delivery loop calls `alert_reply` for
each channel. It is pure and tolerant: a payload missing keys still yields a readable alert, never
an exception in the delivery loop. Wording follows DESIGN.md: a readout "does not mention".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from commands.format import event_ref, join_and, short
from commands.markup import plain
from commands.reply import Reply, Severity
from commands.sidebyside import document_links, from_payload, score_fields, sections


def alert_reply(payload: Mapping[str, Any]) -> Reply:
    """The alert message for one divergent event (or new findings on one)."""
    view = from_payload(payload if isinstance(payload, Mapping) else {})
    new = payload.get("new_findings") if isinstance(payload, Mapping) else None
    new_count = len(new) if isinstance(new, list) else (int(new) if isinstance(new, int) and not isinstance(new, bool) else 0)
    is_update = bool(new_count) and new_count < len(view.findings)
    governments = join_and(view.governments)
    lead = "New differences" if is_update else "Readouts diverge"
    title = short(f"{lead}: {view.title}", 256)
    summary = (
        plain(view.summary)
        if view.summary
        else f"The {plain(governments)} readouts of this event differ." if governments else "The readouts of this event differ."
    )
    if is_update:
        summary += f"\n{new_count} new finding{'s' if new_count != 1 else ''} since the last alert (marked **new**)."
    more = f" /divergence {event_ref(view.event_id)} shows the full comparison." if view.event_id is not None else ""
    return Reply(
        title=title,
        description=summary,
        sections=sections(view),
        fields=score_fields(view),
        links=document_links(view),
        severity=Severity.ALERT,
        footer=f"A readout that does not mention something is not a denial of it.{more}",
        data={"alert": dict(payload) if isinstance(payload, Mapping) else {}},
    )
