"""Parsing typed command lines: options in both syntaxes, positional words, groups, hostile input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commands.parse import Invocation, parse_invocation, tokenize
from commands.registry import CommandSpec, Option
from commands.reply import Reply


async def _noop(ctx, args) -> Reply:  # pragma: no cover - never called by the parser
    return Reply("ok")


def _spec(name: str, *options: Option) -> CommandSpec:
    return CommandSpec(name, f"{name} things", _noop, tuple(options))


# A registry of its own, so group parsing is tested even before `commands.sources` exists.
REGISTRY = {
    spec.name: spec
    for spec in (
        _spec("quote", Option("text", "words", required=True), Option("government", "g", type="government"),
              Option("speaker", "s"), Option("since", "d", type="date")),
        _spec("sources add", Option("url", "u", required=True), Option("government", "g", type="government", required=True),
              Option("kind", "k", type="choice", choices=("official_readout", "news"), required=True), Option("every", "e")),
        _spec("sources list"),
        _spec("sources remove", Option("id", "i", type="integer", required=True)),
        _spec("subscribe", Option("governments", "g", type="governments"), Option("min_score", "m", type="number")),
        _spec("help", Option("command", "c")),
    )
}


def parse(text: str) -> Invocation:
    return parse_invocation(text, REGISTRY)


def test_key_value_options_and_positional_text() -> None:
    got = parse("/quote serious concern government:JP since:2025-01-01")
    assert got == Invocation("quote", {"text": "serious concern", "government": "JP", "since": "2025-01-01"})


def test_quoted_text_and_quoted_option_value() -> None:
    got = parse('quote "serious concern" speaker:"Guo Jiakun"')
    assert got == Invocation("quote", {"text": "serious concern", "speaker": "Guo Jiakun"})


def test_typographic_quotes_group_words() -> None:
    assert parse("/quote “serious concern” speaker:“Li Haidong”").args == {"text": "serious concern", "speaker": "Li Haidong"}


def test_two_word_group_with_dash_dash_options_and_url() -> None:
    got = parse("sources add https://x.example/feed?a=1 --government JP --kind news --every=15m")
    assert got.name == "sources add"
    assert got.args == {"url": "https://x.example/feed?a=1", "government": "JP", "kind": "news", "every": "15m"}


def test_positional_words_fill_required_options_in_order() -> None:
    got = parse("/sources add https://x JP official_readout")
    assert got.args == {"url": "https://x", "government": "JP", "kind": "official_readout"}


def test_positional_words_fill_the_first_option_when_none_is_required() -> None:
    assert parse("/subscribe JP US min-score:0.5").args == {"governments": "JP US", "min_score": "0.5"}


def test_url_and_sentence_colons_are_not_options() -> None:
    assert parse("/quote https://example.org/a:b").args == {"text": "https://example.org/a:b"}
    assert parse("/quote Note: talks were frank").args == {"text": "Note: talks were frank"}


def test_option_names_ignore_case_and_dashes() -> None:
    assert parse("/subscribe MIN_SCORE:0.3 --Min-Score 0.4").args == {"min_score": "0.4"}


def test_option_value_after_a_space() -> None:
    assert parse("/quote concern government: JP").args == {"text": "concern", "government": "JP"}


def test_slack_echo_of_the_command_name_is_dropped() -> None:
    assert parse("/readout quote concern").args == {"text": "concern"}


def test_empty_line_means_help() -> None:
    assert parse("") == Invocation("help")
    assert parse("   \t ") == Invocation("help")


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ('/quote "unterminated', '"unterminated'),
        ("/quote *", "*"),
        ("/quote ' OR 1=1 --", "' OR 1=1 --"),
        ("/quote NEAR(", "NEAR("),
        ('/quote a " b', 'a " b'),
    ],
)
def test_hostile_text_is_just_text(line: str, text: str) -> None:
    assert parse(line) == Invocation("quote", {"text": text})


def test_ten_kilobytes_of_quotes_parse_quickly_as_text() -> None:
    line = "/quote " + "“a " * 3500
    got = parse(line)
    assert got.name == "quote" and len(got.args["text"]) > 9000


def test_unknown_command_suggests_the_closest() -> None:
    got = parse("/qoute serious concern")
    assert got.name == "" and got.error is not None
    assert "Unknown command /qoute" in got.error and "Did you mean /quote?" in got.error


def test_unknown_command_without_a_close_match_points_to_help() -> None:
    got = parse("/zzzzzz")
    assert got.error is not None and "Did you mean" not in got.error and "/help" in got.error


def test_group_without_or_with_a_wrong_subcommand() -> None:
    missing = parse("/sources")
    assert missing.error is not None and "add, list, remove" in missing.error
    wrong = parse("/sources lst")
    assert wrong.error is not None and "Did you mean /sources list?" in wrong.error


def test_unknown_dash_dash_option_suggests_the_closest() -> None:
    got = parse("/quote concern --govt JP")
    assert got.error is not None and "--govt" in got.error and "Did you mean --government?" in got.error


def test_dash_dash_option_without_value() -> None:
    got = parse("/quote concern --government")
    assert got.error is not None and "--government needs a value" in got.error


def test_errors_echo_long_input_briefly() -> None:
    got = parse("/" + "x" * 10_000)
    assert got.error is not None and len(got.error) < 200 and "\n" not in got.error


def test_tokenize_keeps_unterminated_quotes_literal() -> None:
    assert [t.text for t in tokenize('a "b c" "d')] == ["a", "b c", '"d']


def test_real_registry_is_used_by_default() -> None:
    assert parse_invocation("/quote concern") == Invocation("quote", {"text": "concern"})


LINE = st.one_of(
    st.text(max_size=300),
    st.builds(
        lambda name, rest: f"/{name} {rest}",
        st.sampled_from(["quote", "sources", "sources add", "subscribe", "help", "x"]),
        st.lists(st.sampled_from(list('ab :-"“”\'*()=/\\\n\t') + ["--", "government:", "since:", "NEAR("]), max_size=40).map("".join),
    ),
)


@settings(max_examples=300, deadline=None)
@given(LINE)
def test_parse_never_raises(line: str) -> None:
    got = parse(line)
    assert isinstance(got, Invocation)
    assert (got.error is None) == bool(got.name)
    if got.name:
        assert set(got.args) <= {o.name for o in REGISTRY[got.name].options}


def test_words_after_a_named_main_option_extend_it() -> None:
    assert parse("/quote text:serious concern since:7d").args == {"text": "serious concern", "since": "7d"}


def test_words_for_a_command_without_options_are_refused() -> None:
    got = parse_invocation("/unsubscribe JP")
    assert got.error is not None and "/unsubscribe takes no options" in got.error
