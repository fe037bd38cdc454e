"""Property-based fuzzing of every input surface (see fuzz_targets.py for the targets and contracts).

CI runs each target with a few dozen generated cases; `READOUT_FUZZ_EXAMPLES=N` raises that to N a
target, and `bench/fuzz.py` runs every target at volume (10,000+ cases) with a report."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings

from tests.reliability.fuzz_targets import Target, targets

EXAMPLES = int(os.environ.get("READOUT_FUZZ_EXAMPLES", "40"))


def run_target(target: Target, examples: int, *, database: object = None, counter: list[int] | None = None) -> None:
    """Run one target's check over `examples` generated cases (hypothesis shrinks any failure to a
    minimal input and raises it)."""
    with target.open() as check:
        @settings(max_examples=examples, deadline=None, database=database, derandomize=False,  # type: ignore[arg-type]
                  suppress_health_check=list(HealthCheck))
        @given(target.strategy)
        def property_holds(value: object) -> None:
            if counter is not None:
                counter[0] += 1
            check(value)

        property_holds()


@pytest.mark.parametrize("target", targets(), ids=lambda t: t.name)
def test_no_exception_escapes_and_errors_are_one_clear_line(target: Target) -> None:
    calls = [0]
    run_target(target, EXAMPLES, counter=calls)
    assert calls[0] >= 1  # the target really ran


def test_every_input_surface_has_a_target() -> None:
    areas = {t.area for t in targets()}
    assert {"JSONL", "HTML", "feeds", "text analysis", "commands", "rendering"} <= areas
    # Every registered command's options are fuzzed (command-options samples from all of them).
    from commands.all import load_commands

    assert all(spec.options is not None for spec in load_commands().values())


# --- what the fuzzing found, kept as plain regression tests ------------------------------------------


def test_feed_with_an_out_of_range_character_reference_is_a_feed_error() -> None:
    from bot.ingest.feeds import FeedError, parse_body

    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>t</title>'
            b"<link>https://a.example/1</link><description><html><body>&#x110000;</body></html></description>"
            b"</item></channel></rss>")
    with pytest.raises(FeedError, match="malformed feed") as caught:  # was: ValueError from feedparser
        parse_body(body, url="https://feeds.example/rss")
    assert "\n" not in str(caught.value)


def test_feed_item_html_with_control_characters_is_read() -> None:
    from bot.ingest.feeds import html_to_text, parse_body

    assert html_to_text("<p>before\x1fafter</p><p>next\x00</p>") == "before after\nnext"  # was: ValueError from lxml
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>t</title>'
            b"<link>https://a.example/1</link><description><![CDATA[<p>The ministers\x1f met.</p>]]></description>"
            b"</item></channel></rss>")
    [item] = parse_body(body, url="https://feeds.example/rss").items
    assert item.text == "The ministers met."
