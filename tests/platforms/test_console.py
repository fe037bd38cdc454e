"""The console renderer: plain text, no markup, links as "label: url", wrapped without breaking URLs."""

from __future__ import annotations

from bot.platforms.console import render_text
from commands.markup import bold, link, plain
from commands.reply import Field, Link, Reply, Section, Severity

LONG_URL = "https://www.example.org/" + "very-long-path-segment/" * 8


def test_markup_is_stripped_and_links_read_label_colon_url() -> None:
    reply = Reply(
        title="Who said “serious concern”",
        description="They expressed " + bold("serious concern") + " " + plain("about **this** [x](y)") + ".",
        sections=[Section(heading="1. Japan Ministry of Defense (JP)", body=link("MOD readout", "https://mod.go.jp/a"))],
        fields=[Field("Score", bold("0.8"))],
        links=[Link("JP · readout", "https://mod.go.jp/a")],
        footer="footer text",
    )
    text = render_text(reply)
    assert text.splitlines()[:2] == ["Who said “serious concern”", "=" * len("Who said “serious concern”")]
    assert "They expressed serious concern about **this** [x](y)." in text
    assert "MOD readout: https://mod.go.jp/a" in text
    assert "Score: 0.8" in text
    assert "Links:\n• JP · readout: https://mod.go.jp/a" in text
    assert text.rstrip().endswith("footer text")


def test_wraps_prose_with_hanging_bullets_and_never_breaks_urls() -> None:
    body = "• " + "word " * 40 + "\n• " + link("source", LONG_URL)
    text = render_text(Reply(title="t", sections=[Section(heading="h", body=body)]), width=60)
    lines = text.splitlines()
    bullet = [line for line in lines if line.startswith("• word")]
    assert bullet and all(len(line) <= 60 for line in lines if "http" not in line)
    continuation = lines[lines.index(bullet[0]) + 1]
    assert continuation.startswith("  word")  # hanging indent under the bullet text
    assert any(LONG_URL in line for line in lines)  # the URL stays whole on one line


def test_errors_and_alerts_are_labelled() -> None:
    assert render_text(Reply.error("bad input")).startswith("Error: Sorry, that did not work")
    assert render_text(Reply(title="Readouts diverge", severity=Severity.ALERT)).startswith("ALERT: Readouts diverge")


def test_titles_with_newlines_stay_on_one_line() -> None:
    text = render_text(Reply(title="a\nb", sections=[Section(heading="x\n\ny", body="")]))
    assert text.splitlines()[0] == "a b" and "x y" in text
