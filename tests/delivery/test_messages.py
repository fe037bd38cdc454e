"""Outbox row -> Reply: a payload the formatter cannot read still makes a readable alert."""

from __future__ import annotations

import logging

import pytest

from bot.delivery.messages import alert_message
from bot.platforms import discord_render, slack_render
from bot.store.outbox import OutboxItem


def _item(payload: dict, kind: str = "divergence") -> OutboxItem:
    return OutboxItem(7, kind, None, "f", payload, (), 0.5, "2025-12-12T00:00:00Z")


def test_a_payload_of_the_wrong_shape_still_makes_the_full_alert(caplog: pytest.LogCaptureFixture) -> None:
    # Found by bench/fuzz.py: `governments` that is not a list made the formatter raise. The formatter
    # now reads such a payload itself (tests/commands/test_alerts.py), so no fallback is needed.
    caplog.set_level(logging.ERROR)
    reply = alert_message(_item({"title": "Koizumi–Hegseth call", "summary": "The US readout does not mention it.",
                                 "governments": True, "findings": [], "score": 0.0, "urls": {}}))
    assert reply.title == "Readouts diverge: Koizumi–Hegseth call"
    assert "does not mention" in reply.description and reply.footer
    assert not caplog.text


def test_a_formatter_failure_becomes_a_plain_notice_and_is_logged(caplog: pytest.LogCaptureFixture,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever bug the formatter may have next, the channel still learns that something diverged."""
    import commands.alerts

    def broken(payload: object) -> object:
        raise KeyError("a formatter bug")

    monkeypatch.setattr(commands.alerts, "alert_reply", broken)
    reply = alert_message(_item({"title": "Koizumi–Hegseth call", "summary": "The US readout does not mention it."}))
    assert reply.title == "Readouts diverge: Koizumi–Hegseth call"
    assert "does not mention" in reply.description
    assert "alert 7 (divergence) has a payload the formatter cannot read" in caplog.text
    assert discord_render.render(reply) and slack_render.render(reply)


def test_well_formed_payload_is_formatted_normally(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    reply = alert_message(_item({"title": "Koizumi–Hegseth call", "summary": "x", "governments": ["JP", "US"],
                                 "findings": [], "score": 0.8, "divergent": True, "urls": {}}))
    assert "Koizumi" in reply.title and not caplog.text
