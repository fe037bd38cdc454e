"""Outbox row -> Reply: a payload the formatter cannot read still makes a readable alert."""

from __future__ import annotations

import logging

import pytest

from bot.delivery.messages import alert_message
from bot.platforms import discord_render, slack_render
from bot.store.outbox import OutboxItem


def _item(payload: dict, kind: str = "divergence") -> OutboxItem:
    return OutboxItem(7, kind, None, "f", payload, (), 0.5, "2025-12-12T00:00:00Z")


def test_malformed_payload_becomes_a_plain_notice_and_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    # Found by bench/fuzz.py: `governments` that is not a list made the formatter raise, and the
    # delivery failed on every attempt without telling the channel anything.
    reply = alert_message(_item({"title": "Koizumi–Hegseth call", "summary": "The US readout does not mention it.",
                                 "governments": True, "findings": [], "score": 0.0, "urls": {}}))
    assert reply.title == "Readouts diverge: Koizumi–Hegseth call"
    assert "does not mention" in reply.description
    assert "alert 7 (divergence) has a payload the formatter cannot read" in caplog.text
    assert discord_render.render(reply) and slack_render.render(reply)


def test_well_formed_payload_is_formatted_normally(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    reply = alert_message(_item({"title": "Koizumi–Hegseth call", "summary": "x", "governments": ["JP", "US"],
                                 "findings": [], "score": 0.8, "divergent": True, "urls": {}}))
    assert "Koizumi" in reply.title and not caplog.text
