"""Property: whatever a person types, run_text answers with a Reply; errors are one plain line."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.models import DocumentInput
from bot.store.sqlite import SQLiteStore
from commands.all import load_commands
from commands.dispatch import run_text
from commands.markup import parse
from commands.reply import Reply, Severity

from .conftest import add_documents, make_ctx

PIECES = ['"', "“", "”", "'", "*", "NEAR(", "OR", "--", "-", ":", "=", "(", ")", "\\", "**", "[x](https://e.org)",
          "government:", "since:", "speaker:", "min_score:", "E1", "JP", "7d", "serious", "concern", " ", " ", "\n", "\t", "é", "日本"]
# "sources test" fetches its URL: left out so this test can never touch the network.
NAMES = sorted(n for n in load_commands() if n != "sources test") + ["qoute", "sources", "readout quote", ""]
LINES = st.one_of(
    st.text(max_size=200),
    st.builds(lambda name, rest: f"/{name} {rest}", st.sampled_from(NAMES), st.lists(st.sampled_from(PIECES), max_size=30).map("".join)),
    st.builds(lambda name, n: f"/{name} " + "x" * n, st.sampled_from(NAMES), st.integers(0, 12_000)),
)


def test_run_text_never_raises_and_errors_are_one_plain_line(tmp_path: Path) -> None:
    loop = asyncio.new_event_loop()
    store = loop.run_until_complete(SQLiteStore.open(tmp_path / "prop.db"))
    try:
        loop.run_until_complete(add_documents(store, [DocumentInput(
            doc_id="d1", government="JP", date="2025-12-12", url="https://e.org/1",
            text="The Ministers expressed serious concern.")]))
        ctx = make_ctx(store, platform="console")
        member = make_ctx(store, admin=False)

        @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
        @given(LINES, st.booleans())
        def check(line: str, admin: bool) -> None:
            reply = loop.run_until_complete(run_text(ctx if admin else member, line))
            assert isinstance(reply, Reply)
            json.dumps(reply.to_dict())  # always serialisable for --json
            if reply.severity == Severity.ERROR:
                assert reply.ephemeral and reply.description and "\n" not in reply.description
                assert len(reply.description) < 400
                assert "Traceback" not in reply.description
                assert not any(span.bold or span.url for span in parse(reply.description))

        check()
    finally:
        loop.run_until_complete(store.close())
        loop.close()
