"""Injection, end to end: what the fake Discord and the fake Slack actually receive.

1. FTS5 syntax and SQL metacharacters typed into command arguments are searched for as words (or
   refused with a clear message): never an error, never a changed database.
2. Mentions and markup inside quoted readout text — `@everyone`, `@here`, `<@&role>`, `<@user>`,
   `<#channel>`, `<t:…>`, `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>`, disguised links,
   code fences, spoilers, headings, quotes — arrive inert: Discord bodies carry
   `allowed_mentions` with nothing allowed and escaped markdown; Slack text has `& < >` escaped and
   formatting characters replaced, and the bot never asks Slack to parse names.
Both through slash commands (the real discord.py client and the real Bolt app) and through alert
delivery (the delivery loop with the real clients), from documents imported like any other."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from bot.models import DocumentInput
from tests.fakes.delivery_env import open_env
from tests.reliability.harness import Platforms, platforms, snapshot

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.slow]

HOSTILE = ("@everyone @here <@&111> <@222> <@!333> <#444> <t:1700000000:R> <!channel> <!here> <!everyone> "
           "<!subteam^S1> <@U123ABC> <#C123|general> <https://evil.example|click me> [click me](https://evil.example) "
           "``` `code` ||spoiler|| **bold** __under__ ~~strike~~ *it* _it_ & &amp; &lt;!here&gt;")
JP_READOUT = (
    "Japan's Minister of Defense Koizumi held a telephone call with U.S. Secretary of War Hegseth on December 11, 2025. "
    f"The Ministers expressed serious concern over the radar incident {HOSTILE}.\n"
    "# Heading line\n> quoted line\n-# small print\n"
    "Minister Koizumi stated that Japan firmly opposes any unilateral change to the status quo."
)
US_READOUT = ("Secretary of War Pete Hegseth spoke with Japanese Minister of Defense Shinjiro Koizumi on December 11, 2025. "
              "The two leaders reaffirmed the strength of the alliance.")
DOCS = [
    DocumentInput(text=JP_READOUT, doc_id="jp-hostile", government="JP", kind="official_readout", date="2025-12-11",
                  title="@everyone <!channel> Japan–U.S. call", url="https://www.mod.go.jp/hostile"),
    DocumentInput(text=US_READOUT, doc_id="us-plain", government="US", kind="official_readout", date="2025-12-11",
                  title="Readout", url="https://www.war.gov/plain"),
]

FTS_AND_SQL = [
    '"unterminated', "NEAR(serious concern", "serious OR 1=1", "' OR '1'='1", "concern'; DROP TABLE documents; --",
    "text:serious", "sentences_fts:serious", "*", "^concern", "serious -concern", "(((", "serious\"concern",
    "{text}: concern", "concern*", "AND", "%", "_", "\\", "1; DELETE FROM subscriptions",
]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platforms]:
    async with platforms(tmp_path_factory.mktemp("injection"), DOCS) as opened:
        yield opened


# --- what counts as inert -----------------------------------------------------------------------


def discord_texts(body: dict[str, Any]) -> list[str]:
    out = [body.get("content") or ""]
    for embed in body.get("embeds") or []:
        out += [embed.get("title", ""), embed.get("description", ""), (embed.get("footer") or {}).get("text", ""),
                (embed.get("author") or {}).get("name", "")]
        for field in embed.get("fields", []):
            out += [field["name"], field["value"]]
    return [t for t in out if t]


def assert_discord_inert(body: dict[str, Any]) -> None:
    mentions = body.get("allowed_mentions")
    assert mentions is not None and mentions["parse"] == [] and not mentions.get("users") and not mentions.get("roles")
    for text in discord_texts(body):
        assert "@everyone" not in text and "@here" not in text, text  # a zero-width space follows every @
        assert not re.search(r"(?<!\\)<(?:@|#|t:|!|a?:\w)", text), text  # no mention/channel/timestamp token
        assert not re.search(r"(?<!\\)\[[^\]]*\]\(https?://evil", text), text  # no disguised link
        assert not re.search(r"(?<!\\)``", text) and not re.search(r"(?<!\\)\|\|", text), text  # no fence/spoiler
        assert not re.search(r"(?<![\\*])~~|(?<!\\)__", text), text
        for line in text.splitlines():
            assert not re.match(r"(#|>|-#)\s", line), line  # no heading, quote or subtext line


def slack_texts(message: dict[str, Any]) -> list[str]:
    """Every text object in the blocks (what Slack formats as mrkdwn)."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                out.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(message.get("blocks") or [])
    return [t for t in out if t]


def assert_slack_inert(message: dict[str, Any]) -> None:
    assert not message.get("link_names") and message.get("parse") in (None, "none")
    # The fallback `text` (notifications) is not formatted beside blocks; it must still form no token.
    fallback = message.get("text") or ""
    assert "<" not in fallback and ">" not in fallback and not re.search(r"&(?!amp;|lt;|gt;)", fallback), fallback
    for text in slack_texts(message):
        # Our own links are <https://...|label>; take them out, then nothing may open a token.
        bare = re.sub(r"<https?://[^|>\s]+(?:\|[^>]*)?>", "", text)
        assert "<" not in bare and ">" not in bare, text
        assert not re.search(r"&(?!amp;|lt;|gt;)", bare), text
        assert "evil.example|" not in text, text
        assert "```" not in text and "`" not in bare and "~" not in bare, text
        assert not re.search(r"(?<![\w*])_\S[^_]*_(?!\w)", bare), text  # no italic run from quoted text


# --- commands -------------------------------------------------------------------------------------


async def test_discord_command_answers_quote_hostile_text_inertly(env: Platforms) -> None:
    record = await env.discord.invoke("quote", [{"name": "text", "type": 3, "value": "serious concern"}], timeout=20)
    messages = record.messages()
    assert messages and "radar incident" in json.dumps(messages)  # the hostile sentence is in the answer
    for body in messages:
        assert_discord_inert(body)
    for name, options in [("events", []), ("event", [{"name": "event", "type": 3, "value": "1"}]),
                          ("divergence", [{"name": "event", "type": 3, "value": "1"}])]:
        for body in (await env.discord.invoke(name, options, timeout=20)).messages():
            assert_discord_inert(body)


async def test_slack_command_answers_quote_hostile_text_inertly(env: Platforms) -> None:
    for text in ("quote serious concern", "events", "event 1", "divergence 1"):
        responses = await env.slack_command(text)
        assert responses
        for message in responses:
            assert_slack_inert(message)
    assert "radar incident" in json.dumps(await env.slack_command("quote serious concern"))


@pytest.mark.parametrize("query", FTS_AND_SQL)
async def test_fts_and_sql_syntax_in_arguments_is_just_text(env: Platforms, query: str) -> None:
    before = await snapshot(env.store)
    record = await env.discord.invoke("quote", [{"name": "text", "type": 3, "value": query}], timeout=20)
    events = await env.discord.invoke("events", [{"name": "query", "type": 3, "value": query}], timeout=20)
    slack = await env.slack_command(f'quote "{query}"' if '"' not in query else f"quote {query}")
    for body in record.messages() + events.messages():
        titles = " ".join(e.get("title", "") for e in body.get("embeds", []))
        assert "Something went wrong" not in titles, body
        assert_discord_inert(body)
    for message in slack:
        assert "Something went wrong" not in json.dumps(message)
        assert_slack_inert(message)
    assert await snapshot(env.store) == before
    assert (await env.store.fetchone("PRAGMA integrity_check"))[0] == "ok"
    async with env.store.transaction() as conn:  # FTS5's own consistency check raises if the index broke
        await conn.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')")


async def test_sql_metacharacters_in_admin_arguments_are_refused_clearly(env: Platforms) -> None:
    before = await snapshot(env.store)
    for name, options in [
        ("sources remove", [{"name": "id", "type": 3, "value": "1 OR 1=1"}]),
        ("sources pause", [{"name": "id", "type": 3, "value": "1; DROP TABLE sources"}]),
        ("subscribe", [{"name": "governments", "type": 3, "value": "JP'); DROP TABLE subscriptions; --"}]),
    ]:
        record = await env.discord.invoke(name, options, timeout=20)
        [body] = record.messages()
        description = body["embeds"][0].get("description", "")
        assert "Something went wrong" not in json.dumps(body) and "\n" not in description and description, body
        assert_discord_inert(body)
    assert await snapshot(env.store) == before


# --- alerts ---------------------------------------------------------------------------------------


async def test_alert_quoting_hostile_text_is_delivered_inert_on_both_platforms(env: Platforms) -> None:
    """The engine found the divergence in the imported readouts and queued the alert; the delivery
    loop posts it through the real clients, and the fakes record exactly what was sent."""
    alerts = [item for item in await env.store.outbox.not_fanned_out(100) if item.kind == "divergence"]
    assert alerts and any("radar incident" in json.dumps(a.payload) for a in alerts)
    await env.store.subscriptions.upsert("discord", "555")
    await env.store.subscriptions.upsert("slack", "C555")
    async with open_env(env.store) as delivery:
        await delivery.drain(delivery.worker())
        posted_discord = delivery.discord.post_bodies["555"]
        posted_slack = delivery.slack.posts["C555"]
        raw_slack = [args for method, args in delivery.slack.calls if method == "chat.postMessage"]
    assert len(posted_discord) == len(alerts) and len(posted_slack) == len(alerts)
    assert "radar incident" in json.dumps(posted_discord) and "radar incident" in json.dumps(posted_slack)
    for body in posted_discord:
        assert_discord_inert(body)
    for message in posted_slack:
        assert_slack_inert(message)
    for args in raw_slack:  # what the bot asked Slack to do with the text
        assert args.get("link_names") in (None, "false", False) and args.get("parse") in (None, "none")
        assert str(args.get("unfurl_links")).lower() == "false"
