"""Outbox row -> the `Reply` a channel receives. Platform-neutral; renderers do the rest."""

from __future__ import annotations

from bot.store.outbox import OutboxItem
from commands.markup import plain
from commands.reply import Field, Reply, Severity


def alert_message(item: OutboxItem) -> Reply:
    """The message for one alert; never raises (a malformed payload still yields a readable one)."""
    if item.kind == "divergence":
        from commands.alerts import alert_reply

        return alert_reply(item.payload)
    if item.kind == "source_paused":
        return source_paused_message(item.payload)
    return Reply(title="readout-watch notice", description=plain(f"Unrecognised alert kind {item.kind!r}."))


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
