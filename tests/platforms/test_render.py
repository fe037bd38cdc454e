"""Discord and Slack renderers: limits hold for any reply, mentions and markup in quoted text are inert."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.platforms import discord_render, fit, slack_render
from commands.markup import bold, link, plain
from commands.reply import Field, Link, Reply, Section, Severity

HOSTILE = "@everyone @here <@&123> <@456> <!channel> <!here> <#C1> **not bold** [x](https://evil.example) `c` & > <"

# --- strategies ---------------------------------------------------------------------------------

_alphabet = st.characters(codec="utf-8", exclude_categories=("Cs",))
_words = st.text(alphabet=_alphabet, max_size=60) | st.sampled_from(
    ["@everyone", "<!channel>", "**", "\\", "[a](https://x.org/y)", "https://example.org/a_b?c=1&d=2", "\n", " ", "*"]
)


@st.composite
def _markup(draw: st.DrawFn, max_parts: int = 15) -> str:
    parts = draw(st.lists(st.tuples(st.sampled_from(["plain", "bold", "link", "raw"]), _words), max_size=max_parts))
    repeat = draw(st.sampled_from([1, 1, 1, 10, 80]))
    out = []
    for kind, text in parts:
        if kind == "plain":
            out.append(plain(text))
        elif kind == "bold":
            out.append(bold(text))
        elif kind == "link":
            out.append(link(text, "https://example.org/" + str(len(text))))
        else:
            out.append(text)  # raw markup, possibly malformed
    return " ".join(out) * repeat


_fields = st.lists(st.builds(Field, name=_words, value=_markup(6), inline=st.booleans()), max_size=30)
_replies = st.builds(
    Reply,
    title=st.text(alphabet=_alphabet, max_size=400),
    description=_markup(),
    sections=st.lists(st.builds(Section, heading=st.none() | _words, body=_markup(), fields=_fields), max_size=8),
    fields=_fields,
    links=st.lists(st.builds(Link, label=_words, url=st.sampled_from(["https://a.example/x", "javascript:alert(1)", "https://b.example/" + "y" * 3000])), max_size=30),
    severity=st.sampled_from(list(Severity)),
    url=st.none() | st.just("https://example.org/event/1"),
    footer=st.none() | st.text(alphabet=_alphabet, max_size=3000),
)


# --- Discord ------------------------------------------------------------------------------------


def assert_discord_limits(messages: list[dict], max_messages: int = discord_render.DEFAULT_MAX_MESSAGES) -> None:
    assert 1 <= len(messages) <= max_messages
    for message in messages:
        assert message["allowed_mentions"]["parse"] == []
        embeds = message["embeds"]
        assert 1 <= len(embeds) <= 10
        assert sum(discord_render.embed_size(e) for e in embeds) <= 6000
        for embed in embeds:
            assert fit.size(embed.get("title", "")) <= 256
            assert fit.size(embed.get("description", "")) <= 4096
            assert fit.size(embed.get("footer", {}).get("text", "")) <= 2048
            assert len(embed.get("fields", [])) <= 25
            for f in embed.get("fields", []):
                assert 1 <= fit.size(f["name"]) <= 256 and f["name"].strip() != ""
                assert 1 <= fit.size(f["value"]) <= 1024 and f["value"].strip() != ""
            if "description" in embed:
                assert embed["description"].strip()


def _no_live_mentions(text: str) -> None:
    assert "@everyone" not in text and "@here" not in text
    assert not re.search(r"(?<!\\)<[@#!]", text), text


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_replies)
def test_discord_any_reply_fits_limits(reply: Reply) -> None:
    messages = discord_render.render(reply)
    assert_discord_limits(messages)
    for message in messages:
        for embed in message["embeds"]:
            for text in [embed.get("title", ""), embed.get("description", "")] + [f["value"] for f in embed.get("fields", [])]:
                _no_live_mentions(text)


def test_discord_huge_reply_is_split_then_trimmed_with_a_link() -> None:
    body = "\n".join(f"Line {i}: " + plain("the readout said x " * 20) for i in range(2000))
    reply = Reply(title="Big", description=body, url="https://example.org/event/9")
    messages = discord_render.render(reply)
    assert_discord_limits(messages)
    assert len(messages) == discord_render.DEFAULT_MAX_MESSAGES
    last_field = messages[-1]["embeds"][-1]["fields"][-1]
    assert last_field["name"] == "…" and "https://example.org/event/9" in last_field["value"]
    # Splits fall on line breaks: every continuation description starts at a "Line" boundary.
    for message in messages:
        for embed in message["embeds"]:
            if "description" in embed:
                assert embed["description"].startswith("Line ")


def test_discord_keeps_command_bold_and_links_but_escapes_quoted_text() -> None:
    reply = Reply(title="t", description=bold("serious concern") + " in " + plain("a *b* _c_ ~~d~~ `e` > f") + " " + link("MOD", "https://mod.go.jp/a"))
    description = discord_render.render(reply)[0]["embeds"][0]["description"]
    assert description.startswith("**serious concern** in ")
    assert r"a \*b\* \_c\_ \~\~d\~\~ \`e\` \> f" in description
    assert description.endswith("[MOD](https://mod.go.jp/a)")


def test_discord_mentions_in_quoted_text_are_inert() -> None:
    reply = Reply(title=HOSTILE, description=plain(HOSTILE), fields=[Field(HOSTILE, plain(HOSTILE))], footer=HOSTILE)
    embed = discord_render.render(reply)[0]["embeds"][0]
    for text in (embed["title"], embed["description"], embed["fields"][0]["name"], embed["fields"][0]["value"], embed["footer"]["text"]):
        assert "@everyone" not in text and "@here" not in text
    _no_live_mentions(embed["description"])
    assert "[x](https://evil.example)" not in embed["description"]  # a link only the command may make


def test_discord_severity_colours_and_bad_urls() -> None:
    alert = discord_render.render(Reply(title="a", severity=Severity.ALERT, url="javascript:alert(1)"))[0]["embeds"][0]
    info = discord_render.render(Reply(title="a"))[0]["embeds"][0]
    assert alert["color"] != info["color"]
    assert "url" not in alert


def test_discord_long_field_value_is_split_into_continuation_fields() -> None:
    reply = Reply(title="t", fields=[Field("Quote", plain("word " * 600))])
    fields = discord_render.render(reply)[0]["embeds"][0]["fields"]
    assert len(fields) >= 3 and fields[0]["name"] == "Quote" and fields[1]["name"] == discord_render.BLANK
    assert_discord_limits(discord_render.render(reply))


# --- Slack --------------------------------------------------------------------------------------


def _texts(block: dict) -> list[str]:
    out = []
    if "text" in block:
        out.append(block["text"]["text"])
    out.extend(f["text"] for f in block.get("fields", []))
    out.extend(e["text"] for e in block.get("elements", []))
    return out


def assert_slack_limits(messages: list[dict], max_messages: int = slack_render.DEFAULT_MAX_MESSAGES) -> None:
    assert 1 <= len(messages) <= max_messages
    for message in messages:
        assert message["text"].strip() and fit.size(message["text"]) <= 3000
        assert 1 <= len(message["blocks"]) <= 50
        for block in message["blocks"]:
            if block["type"] == "header":
                assert 1 <= fit.size(block["text"]["text"]) <= 150
            if block["type"] == "section":
                if "text" in block:
                    assert 1 <= fit.size(block["text"]["text"]) <= 3000
                assert len(block.get("fields", [])) <= 10
                for f in block.get("fields", []):
                    assert 1 <= fit.size(f["text"]) <= 2000


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(_replies)
def test_slack_any_reply_fits_limits(reply: Reply) -> None:
    messages = slack_render.render(reply)
    assert_slack_limits(messages)
    for message in messages:
        for block in message["blocks"]:
            for text in _texts(block):
                assert "<!" not in text and "<@" not in text and "<#" not in text


def test_slack_escapes_and_converts_bold() -> None:
    reply = Reply(title="t", description=bold("serious concern") + " " + plain(HOSTILE) + " " + link("US", "https://war.gov/r?a=1&b=2"))
    message = slack_render.render(reply)[0]
    text = message["blocks"][1]["text"]["text"]
    assert text.startswith("*serious concern* ")
    assert "&lt;!channel&gt;" in text and "&lt;!here&gt;" in text and "&lt;@&amp;123&gt;" in text
    assert "∗∗not bold∗∗" in text
    assert text.endswith("<https://war.gov/r?a=1&amp;b=2|US>")
    assert message["blocks"][1]["text"]["verbatim"] is True
    assert "<!" not in message["text"]


def test_slack_huge_reply_is_split_and_trimmed() -> None:
    reply = Reply(title="Big", description=plain("x " * 200_000), url="https://example.org/e/1",
                  sections=[Section(f"Part {i}", plain("y " * 100)) for i in range(400)])
    messages = slack_render.render(reply)
    assert_slack_limits(messages)
    # The 400 KB description was cut to a readable prefix ending in "…" before rendering.
    assert any(b["type"] == "section" and b["text"]["text"].endswith("…") for b in messages[0]["blocks"])
    assert len(messages) == slack_render.DEFAULT_MAX_MESSAGES
    assert "Read the full text" in messages[-1]["blocks"][-1]["elements"][0]["text"]
