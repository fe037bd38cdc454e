"""The neutral markup: outside text survives escaping exactly; only command markup is formatting."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from commands.markup import Span, bold, link, parse, plain, render, safe_url, strip


@given(st.text())
def test_plain_text_round_trips_as_one_unformatted_span(text: str) -> None:
    spans = parse(plain(text))
    assert "".join(s.text for s in spans) == text
    assert not any(s.bold or s.url for s in spans)


@given(st.text(), st.text())
def test_bold_and_plain_never_leak_into_each_other(outside: str, inner: str) -> None:
    spans = parse(plain(outside) + bold(inner))
    assert "".join(s.text for s in spans if s.bold) == inner
    assert "".join(s.text for s in spans if not s.bold) == outside


def test_document_text_that_looks_like_markup_stays_literal() -> None:
    sentence = "Use **bold** and [click](https://evil.example) \\ here"
    assert strip(plain(sentence)) == sentence
    assert parse(plain(sentence)) == [Span(sentence)]


def test_command_bold_and_links_parse() -> None:
    markup = "said " + bold("serious concern") + " in " + link("MOD readout", "https://mod.go.jp/a b")
    assert parse(markup) == [
        Span("said "),
        Span("serious concern", bold=True),
        Span(" in "),
        Span("MOD readout", url="https://mod.go.jp/a%20b"),
    ]
    assert strip(markup) == "said serious concern in MOD readout: https://mod.go.jp/a%20b"


def test_unclosed_bold_and_broken_links_are_literal() -> None:
    assert strip("a ** b") == "a ** b"
    assert strip("[x](not a url)") == "[x](not a url)"
    assert strip("[x](javascript:alert(1))") == "[x](javascript:alert(1))"


def test_only_http_links_are_links() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("ftp://x") is None
    assert safe_url("https://") is None
    assert safe_url("https://x.org/a)b") == "https://x.org/a%29b"
    assert link("label", "javascript:alert(1)") == "label"
    assert link("label", None) == "label"


def test_render_escapes_each_literal_and_keeps_command_formatting() -> None:
    markup = plain("<b>") + bold("x<y") + link("a&b", "https://e.org")
    out = render(
        markup,
        escape=lambda s: s.replace("&", "&amp;").replace("<", "&lt;"),
        bold=lambda s: f"*{s}*",
        link=lambda label, url: f"<{url}|{label}>",
    )
    assert out == "&lt;b>*x&lt;y*<https://e.org|a&amp;b>"


def test_empty_bold_is_nothing() -> None:
    assert bold("") == ""
