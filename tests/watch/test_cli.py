"""`readout-watch sources ...` and `readout-watch watch --once` end to end, through the real CLI entry
point, a real SQLite file and a feed served on 127.0.0.1 (on a thread: the CLI runs its own loop)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.store.sqlite import SQLiteStore
from tests.watch.feedserver import READOUTS, ThreadedFeedServer, rss


@pytest.fixture
def server() -> Iterator[ThreadedFeedServer]:
    with ThreadedFeedServer() as srv:
        yield srv


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.delenv("READOUT_ALLOW_PRIVATE_URLS", raising=False)


def run(capsys: pytest.CaptureFixture[str], db: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_add_then_watch_once_imports_new_items_once(
    server: ThreadedFeedServer, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READOUT_ALLOW_PRIVATE_URLS", "1")
    feed = server.serve("/feed.xml", rss(*READOUTS[:2]), etag='"v1"')
    code, out, err = run(capsys, db_path, "sources", "add", server.url("/feed.xml"), "--government", "JP",
                         "--issuer", "Japan Ministry of Defense", "--kind", "official_readout", "--every", "15m")
    assert code == 0, err
    assert out.startswith("added source 1: ") and "every 15m" in out

    code, out, err = run(capsys, db_path, "watch", "--once")
    assert code == 0, err
    assert "imported 2, duplicate 0, rejected 0 (backfill, no alerts)" in out

    code, out, _ = run(capsys, db_path, "watch", "--once")
    assert code == 0 and "not modified" in out
    assert server.hits("/feed.xml")[-1].status == 304

    feed.body = rss(*READOUTS).encode()
    feed.etag = '"v2"'
    code, out, _ = run(capsys, db_path, "watch", "--once")
    assert code == 0 and "imported 1, duplicate 2, rejected 0" in out and "backfill" not in out

    code, out, _ = run(capsys, db_path, "sources", "list", "--json")
    (listed,) = json.loads(out)
    assert listed["government"] == "JP" and listed["consecutive_failures"] == 0 and listed["last_success_at"]
    code, out, _ = run(capsys, db_path, "sources", "list")
    assert "ok; last success" in out and "next poll in" in out

    code, out, _ = run(capsys, db_path, "watch", "--once", "--due-only")
    assert code == 0 and out.strip() == "no sources due"


@pytest.mark.parametrize(
    "url, reason",
    [
        ("http://127.0.0.1:{port}/feed.xml", "127.0.0.1 is a loopback address"),
        ("http://169.254.169.254/latest/", "169.254.169.254 is a link-local address"),
        ("file:///etc/passwd", "file:// URLs are not accepted; only http and https"),
        ("ftp://ftp.example.org/pub/feed.xml", "ftp:// URLs are not accepted; only http and https"),
    ],
)
def test_unsafe_sources_are_refused_with_a_reason_and_nothing_is_stored(
    server: ThreadedFeedServer, db_path: Path, capsys: pytest.CaptureFixture[str], url: str, reason: str
) -> None:
    server.serve("/feed.xml", rss(*READOUTS))
    code, out, err = run(capsys, db_path, "sources", "add", url.format(port=server.port), "--government", "JP")
    assert code == 2 and out == ""
    assert err.startswith("readout-watch sources: ") and reason in err and err.count("\n") == 1
    assert "Traceback" not in err
    code, out, _ = run(capsys, db_path, "sources", "list", "--json")
    assert json.loads(out) == []
    assert server.requests == []


def test_test_shows_what_would_be_imported_and_imports_nothing(
    server: ThreadedFeedServer, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READOUT_ALLOW_PRIVATE_URLS", "1")
    server.serve("/feed.xml", rss(*READOUTS))
    server.serve("/broken.xml", status=500)
    code, out, err = run(capsys, db_path, "sources", "test", server.url("/feed.xml"))
    assert code == 0, err
    assert "rss, 3 document(s) would be imported" in out and "Japan-US Defense Ministerial Telephone Call" in out
    code, out, err = run(capsys, db_path, "sources", "test", server.url("/broken.xml"))
    assert code == 1 and "HTTP 500" in err
    code, out, _ = run(capsys, db_path, "sources", "list", "--json")
    assert json.loads(out) == []
    async def count() -> int:
        store = await SQLiteStore.open(db_path)
        try:
            return await store.documents.count()
        finally:
            await store.close()

    assert asyncio.run(count()) == 0


def test_pause_resume_remove_and_admin_channel(
    server: ThreadedFeedServer, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READOUT_ALLOW_PRIVATE_URLS", "1")
    server.serve("/feed.xml", rss(*READOUTS))
    assert run(capsys, db_path, "sources", "add", server.url("/feed.xml"), "--government", "JP")[0] == 0
    code, out, _ = run(capsys, db_path, "sources", "pause", "1")
    assert code == 0 and out.startswith("paused source 1")
    code, out, _ = run(capsys, db_path, "watch", "--once")
    assert out.strip() == "no enabled sources" and server.requests == []
    code, out, _ = run(capsys, db_path, "sources", "list")
    assert "paused (paused by cli)" in out
    assert run(capsys, db_path, "sources", "resume", "1")[0] == 0
    code, out, _ = run(capsys, db_path, "watch", "--once")
    assert "imported 3" in out
    code, out, err = run(capsys, db_path, "sources", "remove", "7")
    assert code == 2 and "no source with id 7" in err
    assert run(capsys, db_path, "sources", "remove", "1")[0] == 0
    code, out, err = run(capsys, db_path, "sources", "admin-channel", "slack:C0123ABCD")
    assert code == 0 and out.strip() == "admin channel: slack:C0123ABCD"
    code, out, _ = run(capsys, db_path, "sources", "admin-channel")
    assert out.strip() == "slack:C0123ABCD"
    code, out, err = run(capsys, db_path, "sources", "admin-channel", "#general")
    assert code == 2 and "must look like" in err


def test_a_failing_source_makes_watch_once_exit_nonzero(
    server: ThreadedFeedServer, db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READOUT_ALLOW_PRIVATE_URLS", "1")
    server.serve("/bad.xml", "<rss><channel><item><title>oops")
    server.serve("/good.xml", rss(*READOUTS))
    run(capsys, db_path, "sources", "add", server.url("/bad.xml"), "--government", "JP")
    run(capsys, db_path, "sources", "add", server.url("/good.xml"), "--government", "JP")
    code, out, _ = run(capsys, db_path, "watch", "--once")
    assert code == 1
    assert "failed: malformed feed" in out and "imported 3" in out
    code, out, _ = run(capsys, db_path, "sources", "list")
    assert "failing (1 in a row): malformed feed" in out


def test_bad_limits_in_the_environment_are_one_line_errors(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READOUT_FETCH_TIMEOUT", "soon")
    code, out, err = run(capsys, db_path, "watch", "--once")
    assert code == 2 and err.startswith("readout-watch watch: bad setting READOUT_FETCH_TIMEOUT") and err.count("\n") == 1


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.config import Settings
    from bot.ingest.fetch import FetchPolicy
    from bot.watch import pause_after_for

    monkeypatch.setenv("READOUT_FETCH_TIMEOUT", "2.5")
    monkeypatch.setenv("READOUT_FETCH_MAX_BYTES", "1000")
    monkeypatch.setenv("READOUT_SOURCE_MAX_FAILURES", "3")
    settings = Settings()
    policy = FetchPolicy.from_settings(settings)
    assert (policy.total_timeout, policy.max_bytes, policy.host_delay, policy.allow_private) == (2.5, 1000, 1.0, False)
    assert pause_after_for(settings) == 3


def test_watch_runs_until_sigterm(
    server: ThreadedFeedServer, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    server.serve("/feed.xml", rss(*READOUTS))
    monkeypatch.setenv("READOUT_ALLOW_PRIVATE_URLS", "1")
    env = {**os.environ, "READOUT_ALLOW_PRIVATE_URLS": "1", "READOUT_DB": str(db_path)}
    cli = [sys.executable, "-m", "bot"]
    assert main(["--db", str(db_path), "sources", "add", server.url("/feed.xml"), "--government", "JP"]) == 0
    proc = subprocess.Popen([*cli, "watch"], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while not server.hits("/feed.xml") and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert server.hits("/feed.xml"), "the watcher never polled"
        time.sleep(0.5)  # let the import finish
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "imported 3" in out and "stopped" in err
