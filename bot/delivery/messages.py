"""Outbox row -> the `Reply` a channel receives. Platform-neutral; renderers do the rest."""

from __future__ import annotations

import logging

from bot.store.outbox import OutboxItem
from commands.markup import plain
from commands.reply import Field, Reply, Severity

log = logging.getLogger(__name__)


def alert_message(item: OutboxItem) -> Reply:
    """The message for one alert; never raises (a malformed payload still yields a readable one).

    Why the guard: a payload the formatter cannot read (a bug, an old row, a hand-edited database)
    would otherwise fail its delivery on every attempt until it gives up, and say nothing to the
    channel. It is logged with the traceback, and the channel still learns that something diverged."""
    try:
        if item.kind == "divergence":
            from commands.alerts import alert_reply

            return alert_reply(item.payload)
        if item.kind == "source_paused":
            return source_paused_message(item.payload)
    except Exception:
        log.exception("alert %d (%s) has a payload the formatter cannot read; posting a plain notice", item.id, item.kind)
        return _fallback(item)
    return Reply(title="readout-watch notice", description=plain(f"Unrecognised alert kind {item.kind!r}."))


def _fallback(item: OutboxItem) -> Reply:
    payload = item.payload if isinstance(item.payload, dict) else {}
    title = payload.get("title") if isinstance(payload.get("title"), str) and payload["title"].strip() else None
    summary = payload.get("summary") if isinstance(payload.get("summary"), str) and payload["summary"].strip() else None
    return Reply(
        title=(f"Readouts diverge: {title}" if title else "readout-watch alert")[:256],
        description=plain(summary or "An alert could not be formatted; see the bot's log."),
        severity=Severity.ALERT if item.kind == "divergence" else Severity.WARNING,
    )


def source_paused_message(payload: dict) -> Reply:
    """Tell the admins which source stopped being polled and why."""
    source_id = payload.get("source_id")
    url = str(payload.get("url") or "?")
    reason = str(payload.get("reason") or payload.get("last_error") or "too many failures")
    fields = [Field("Source", plain(f"#{source_id}" if source_id is not None else "?"), True)]
    if payload.get("consecutive_failures") is not None:
        fields.append(Field("Failures in a row", plain(payload["consecutive_failures"]), True))
    if payload.get("last_error"):
        fields.append(Field("Last error", plain(payload["last_error"])))
    resume = f"/sources resume {source_id}" if source_id is not None else "/sources resume <id>"
    return Reply(
        title=f"Source paused: {url}"[:256],
        description=plain(f"Stopped polling {url}: {reason}.") + f"\nFix it, then run {plain(resume)}.",
        fields=fields,
        severity=Severity.WARNING,
    )
