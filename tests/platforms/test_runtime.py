"""`bot.runtime.run` in-process: settings checks, a rejected Discord token, Socket Mode start and
stop on the event, and the log filter that keeps tokens out of every log line."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from bot.config import Settings
from bot.runtime import RuntimeConfigError, SecretFilter, check_settings, run
from tests.fakes.discord_server import FakeDiscord
from tests.fakes.slack_server import FakeSlack

pytestmark = pytest.mark.slow


def _settings(**values: object) -> Settings:
    return Settings.model_validate(values)


def test_settings_without_a_platform_are_refused() -> None:
    with pytest.raises(RuntimeConfigError, match="no platform configured"):
        check_settings(_settings())
    with pytest.raises(RuntimeConfigError, match="SLACK_APP_TOKEN"):
        check_settings(_settings(SLACK_BOT_TOKEN="xoxb-1"))
    assert check_settings(_settings(DISCORD_TOKEN="d", SLACK_BOT_TOKEN="x", SLACK_SIGNING_SECRET="s")) == ["discord", "slack"]


def test_secret_filter_redacts_tokens_in_any_logger(caplog: pytest.LogCaptureFixture) -> None:
    token = "xoxb-super-secret-token"
    flt = SecretFilter([token])
    caplog.handler.addFilter(flt)
    try:
        logging.getLogger("slack_sdk.web").warning("request failed with headers %s", {"Authorization": f"Bearer {token}"})
    finally:
        caplog.handler.removeFilter(flt)
    assert token not in caplog.text and "[redacted]" in caplog.text


async def test_rejected_discord_token_stops_with_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = await FakeDiscord().start()
    fake.valid_token = "the-right-token"
    try:
        settings = _settings(DISCORD_TOKEN="a-wrong-token-123456", DISCORD_API_BASE=fake.api_base, DISCORD_GATEWAY_URL=fake.gateway_url)
        assert await asyncio.wait_for(run(settings, str(tmp_path / "x.db")), 30) == 1
    finally:
        await fake.close()
    err = capsys.readouterr().err
    assert "Discord rejected DISCORD_TOKEN" in err and "a-wrong-token-123456" not in err


async def test_socket_mode_runs_until_stopped(tmp_path: Path) -> None:
    fake = await FakeSlack().start()
    stop = asyncio.Event()
    settings = _settings(SLACK_BOT_TOKEN="xoxb-run", SLACK_APP_TOKEN="xapp-run", SLACK_API_URL=fake.api_url, READOUT_ADMINS="UADMIN")
    task = asyncio.create_task(run(settings, str(tmp_path / "x.db"), stop=stop, poll_interval=0.1))
    try:
        await asyncio.wait_for(fake.socket_connected.wait(), 15)
        payload = fake.slash_payload("subscribe", user_id="UADMIN")
        await fake.socket_command(payload)
        responses = await fake.wait_responses(payload)
        assert responses[0]["blocks"]
    finally:
        stop.set()
        status = await asyncio.wait_for(task, 20)
        await fake.close()
    assert status == 0
