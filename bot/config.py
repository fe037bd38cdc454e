"""Typed settings from the environment (and an optional `.env` file), per DESIGN.md.

Tokens are `SecretStr`: they never print in reprs, logs or error messages. Import this module lazily
(pydantic costs import time the CLI's --help should not pay).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    discord_guild_id: int | None = Field(default=None, alias="DISCORD_GUILD_ID")
    slack_bot_token: SecretStr | None = Field(default=None, alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, alias="SLACK_SIGNING_SECRET")
    slack_port: int = Field(default=3000, alias="SLACK_PORT")
    readout_db: str | None = Field(default=None, alias="READOUT_DB")
    readout_admins: Annotated[frozenset[str], NoDecode] = Field(default=frozenset(), alias="READOUT_ADMINS")
    discord_api_base: str | None = Field(default=None, alias="DISCORD_API_BASE")
    discord_gateway_url: str | None = Field(default=None, alias="DISCORD_GATEWAY_URL")
    slack_api_url: str | None = Field(default=None, alias="SLACK_API_URL")
    allow_private_urls: bool = Field(default=False, alias="READOUT_ALLOW_PRIVATE_URLS")
    # Source fetching limits (docs/sources.md); unset = the defaults in bot/ingest/fetch.py and bot/watch.py.
    fetch_timeout: float | None = Field(default=None, gt=0, alias="READOUT_FETCH_TIMEOUT")
    fetch_max_bytes: int | None = Field(default=None, gt=0, alias="READOUT_FETCH_MAX_BYTES")
    fetch_host_delay: float | None = Field(default=None, ge=0, alias="READOUT_FETCH_HOST_DELAY")
    source_max_failures: int | None = Field(default=None, ge=1, alias="READOUT_SOURCE_MAX_FAILURES")

    @field_validator("readout_admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        """READOUT_ADMINS is a comma- or space-separated list of Slack user ids."""
        if isinstance(value, str):
            return frozenset(part for part in value.replace(",", " ").split() if part)
        return value

    @field_validator("discord_guild_id", "discord_api_base", "discord_gateway_url", "slack_api_url", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
