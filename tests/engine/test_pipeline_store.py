"""The pipeline against a real SQLite file: events, findings, and the outbox row written with them."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.events import ContactProfile
from bot.pipeline import process_documents
from bot.store.events import Alert, AlertBuilder, DivergenceRecord, EventDescription
from tests.engine.helpers import add

JP_TEXT = ("On December 12, Defense Minister Shinjiro Koizumi held a telephone conference with US Secretary of War "
           "Pete Hegseth. The Ministers exchanged views on the radar incident against Self-Defense Force aircraft by "
           "Chinese military aircraft on December 6. The Ministers expressed serious concern over any actions to "
           "increase regional tensions.")
US_TEXT = ("Secretary of War Pete Hegseth spoke with Japanese Defense Minister Shinjiro Koizumi today. The two leaders "
           "discussed Japan's efforts to increase its defense spending, China's military activities, and the importance "
           "of realistic training and exercises across Japan.")
US_NEWS = ("Hegseth and Koizumi also agreed to hold a face-to-face meeting in Washington early next year, "
           "the Pentagon said in a statement on Friday. US Secretary of War Pete Hegseth spoke with Japanese "
           "Defense Minister Shinjiro Koizumi on Thursday.")
CONTRACT_KEYS = {"event_id", "title", "date", "governments", "doc_ids", "score", "divergent", "summary", "findings", "shared"}


async def outbox_rows(store):  # type: ignore[no-untyped-def]
    return await store.fetchall("SELECT * FROM outbox ORDER BY id")


async def seed_event(store, *, muted: bool = False):  # type: ignore[no-untyped-def]
    jp = await add(store, "JP-1", JP_TEXT, government="JP", date="2025-12-12", muted=muted)
    us = await add(store, "US-1", US_TEXT, government="US", date="2025-12-11", muted=muted)
    return jp, us


async def test_divergent_event_queues_one_alert_with_the_contract_payload(store) -> None:  # type: ignore[no-untyped-def]
    ids = await seed_event(store)
    result = await process_documents(store, list(ids))
    assert result.alerts_queued == 1 and len(result.events_touched) == 1
    rows = await outbox_rows(store)
    assert len(rows) == 1
    row = rows[0]
    payload = json.loads(row["payload"])
    assert row["kind"] == "divergence" and row["event_id"] == result.events_touched[0]
    assert CONTRACT_KEYS <= set(payload) and {"urls", "new_findings"} <= set(payload)
    assert payload["divergent"] is True and payload["score"] == pytest.approx(row["score"])
    assert json.loads(row["governments"]) == ["JP", "US"]
    assert payload["urls"] == {"JP-1": "https://example.org/JP-1", "US-1": "https://example.org/US-1"}
    assert len(payload["new_findings"]) == len(payload["findings"]) > 0
    for f in payload["findings"]:
        assert {"type", "government", "text", "doc_id", "counterpart_text"} <= set(f)
        assert f["doc_id"] in {"JP-1", "US-1"}


async def test_unchanged_divergence_never_alerts_twice(store) -> None:  # type: ignore[no-untyped-def]
    ids = await seed_event(store)
    await process_documents(store, list(ids))
    again = await process_documents(store, list(ids))
    assert again.alerts_queued == 0
    assert len(await outbox_rows(store)) == 1


async def test_new_findings_alert_again_with_only_the_new_ones(store) -> None:  # type: ignore[no-untyped-def]
    ids = await seed_event(store)
    await process_documents(store, list(ids))
    before = {f.text for f in (await store.events.get((await store.events.all_events())[0].id)).divergence.findings}
    extra = await add(store, "US-2", US_NEWS, government="US", kind="quoted_in_news", date="2025-12-12")
    result = await process_documents(store, [extra])
    rows = await outbox_rows(store)
    assert result.alerts_queued == 1 and len(rows) == 2
    second = json.loads(rows[1]["payload"])
    assert "US-2" in second["doc_ids"]
    new = {f["text"] for f in second["new_findings"]}
    assert new and not (new & before)
    assert rows[0]["fingerprint"] != rows[1]["fingerprint"]


async def test_backfill_records_findings_without_alerts(store) -> None:  # type: ignore[no-untyped-def]
    ids = await seed_event(store)
    result = await process_documents(store, list(ids), alerts=False)
    assert result.alerts_queued == 0 and await outbox_rows(store) == []
    event = (await store.events.all_events())[0]
    assert (await store.events.get(event.id)).divergence.findings


async def test_documents_all_muted_never_alert(store) -> None:  # type: ignore[no-untyped-def]
    ids = await seed_event(store, muted=True)
    await process_documents(store, list(ids))
    assert await outbox_rows(store) == []


async def test_findings_and_alert_commit_together(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = await seed_event(store)

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("payload failure")

    monkeypatch.setattr("bot.divergence_json.alert_payload", broken)
    with pytest.raises(RuntimeError):
        await process_documents(store, list(ids))
    assert await store.fetchall("SELECT * FROM findings") == []
    assert await store.fetchall("SELECT * FROM divergences") == []
    assert await outbox_rows(store) == []


async def test_queries_for_commands(store) -> None:  # type: ignore[no-untyped-def]
    ids = await seed_event(store)
    await process_documents(store, list(ids))
    assert await store.events.count() == 1
    [event] = await store.events.list_events()
    assert event.title == "Hegseth–Koizumi phone call" and event.governments == ("JP", "US")
    assert event.divergent is True and set(event.doc_ids) == {"JP-1", "US-1"}
    assert [e.id for e in await store.events.list_events(query="koizumi")] == [event.id]
    assert await store.events.list_events(query="%") == []  # LIKE wildcards are escaped
    assert await store.events.list_events(query="_") == []
    assert await store.events.list_events(government="JP") and not await store.events.list_events(government="RU")
    assert await store.events.list_events(since="2025-12-01") and not await store.events.list_events(since="2026-01-01")
    assert [e.id for e in await store.events.suggest(str(event.id))] == [event.id]
    assert [e.id for e in await store.events.suggest("koiz")] == [event.id]
    assert await store.events.suggest("zzz") == []
    detail = await store.events.get(event.id)
    assert detail is not None and {d.doc_id for d in detail.documents} == {"JP-1", "US-1"}
    assert detail.divergence is not None and detail.divergence.summary
    assert await store.events.get(999) is None


async def test_documents_without_people_dates_or_statements_do_not_break_anything(store) -> None:  # type: ignore[no-untyped-def]
    ids = [
        await add(store, "junk", "\x00\x01 ??? ### \n\n ...", kind="news", date="not a date"),
        await add(store, "lonely", "The ministry published its annual report.", government="JP"),
        await add(store, "one-side", JP_TEXT, government="JP", date="2025-12-12"),
    ]
    result = await process_documents(store, ids)
    assert result.documents_grouped == 3 and result.alerts_queued == 0
    for event in await store.events.all_events():
        detail = await store.events.get(event.id)
        assert detail is not None and detail.divergence is not None
        assert not detail.divergence.divergent
    assert await process_documents(store, []) == type(result)()


class _AlwaysAlert(AlertBuilder):
    """Alerts on every changed state, so the test sees exactly when the store queues one."""

    def build(self, fingerprint, new_findings, was_divergent):  # type: ignore[no-untyped-def]
        return Alert(payload={"fingerprint": fingerprint}, governments=("JP", "US"), score=1.0)


async def test_recording_many_events_at_once_keeps_each_events_rules(store) -> None:  # type: ignore[no-untyped-def]
    # record_divergences writes a list of events in one transaction; each event still gets its own
    # "changed?" test against what was stored before, and the outbox at most one row per state.
    ids = await seed_event(store)
    await process_documents(store, list(ids), alerts=False)
    a = (await store.events.all_events())[0].id
    divergence = (await store.events.get(a)).divergence
    assert divergence.findings
    other = await add(store, "FR-1", "The French minister met the press in Paris.", government="FR", date="2024-01-01")
    b = await store.events.create(ContactProfile(other, (), (), ("FR",), None, None, None),
                                  EventDescription("Other event", "2024-01-01", None, (), ("FR",)), [])
    fewer = replace(divergence, findings=divergence.findings[:-1])
    results = await store.events.record_divergences([
        DivergenceRecord(a, divergence, _AlwaysAlert()),  # the state stored already: nothing new
        DivergenceRecord(b, fewer, _AlwaysAlert()),  # first state of b: recorded and announced
    ])
    assert [(r.changed, r.alert_queued, r.was_divergent) for r in results] == [(False, False, True), (True, True, None)]
    assert len(results[1].new_findings) == len(fewer.findings)
    assert [r["event_id"] for r in await outbox_rows(store)] == [b]
    stored = await store.fetchall("SELECT event_id, count(*) AS n FROM findings GROUP BY event_id ORDER BY event_id")
    assert [(r["event_id"], r["n"]) for r in stored] == [(a, len(divergence.findings)), (b, len(fewer.findings))]

    # The same event twice in one list: the second record sees the first (one at a time).
    twice = await store.events.record_divergences([DivergenceRecord(b, divergence, _AlwaysAlert()),
                                                   DivergenceRecord(b, divergence, _AlwaysAlert())])
    assert [(r.changed, r.alert_queued) for r in twice] == [(True, True), (False, False)]
    assert len(await outbox_rows(store)) == 2

    # A state announced before is not queued again, even when its findings were rewritten since.
    async with store.transaction() as conn:
        await conn.execute("DELETE FROM divergences WHERE event_id = ?", (b,))
    again = await store.events.record_divergences([DivergenceRecord(b, divergence, _AlwaysAlert())])
    assert (again[0].changed, again[0].alert_queued) == (True, False)
    assert len(await outbox_rows(store)) == 2


async def _grouped(db_path, corpus):  # type: ignore[no-untyped-def]
    """Each event's documents, row and index keys after importing `corpus` (inline, no pool)."""
    from bot.ingest.importer import import_documents
    from bot.ingest.jsonl import read_jsonl
    from bot.store.sqlite import SQLiteStore

    store = await SQLiteStore.open(db_path)
    try:
        report = await import_documents(store, read_jsonl(corpus), workers=1, batch_size=100)
        assert report.imported > 0 and not report.rejected
        members = await store.fetchall(
            "SELECT ed.event_id, group_concat(d.doc_id, ' ') AS docs FROM event_documents ed"
            " JOIN documents d ON d.id = ed.document_id GROUP BY ed.event_id ORDER BY ed.event_id")
        events = await store.fetchall("SELECT id, title, date, contact_kind, participants, governments FROM events ORDER BY id")
        keys = await store.fetchall("SELECT key, date, event_id FROM event_keys ORDER BY event_id, key")
        return [[tuple(r) for r in rows] for rows in (members, events, keys)]
    finally:
        await store.close()


async def test_grouping_in_the_database_thread_matches_one_call_at_a_time(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The SQLite backend groups a batch in its database thread (`SQLiteEvents.group_each`); the
    repository's default awaits each lookup and write in turn. Same corpus, same events, rows, keys."""
    from bench.generate import write_corpus
    from bot.store.events import EventRepository, SQLiteEvents
    from bot.store.sqlite import SQLiteStore

    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 300, seed=3)
    threaded_batches = []
    run_in_thread = SQLiteStore.run_in_thread

    async def counted(self, work):  # type: ignore[no-untyped-def]
        threaded_batches.append(work)
        return await run_in_thread(self, work)

    monkeypatch.setattr(SQLiteStore, "run_in_thread", counted)
    threaded = await _grouped(tmp_path / "threaded.db", corpus)
    assert len(threaded_batches) >= 3  # every batch of 100 went through the thread
    monkeypatch.setattr(SQLiteEvents, "group_each", EventRepository.group_each)
    one_at_a_time = await _grouped(tmp_path / "awaited.db", corpus)
    assert len(threaded[0]) > 50 and any(" " in docs for _, docs in threaded[0])  # events, several with 2+ documents
    assert threaded == one_at_a_time


async def _compared(db_path, corpus, read_back):  # type: ignore[no-untyped-def]
    """Divergences, findings and alerts after importing `corpus` inline in batches of 100, with the
    ids of the documents whose statements were read back from the store (into `read_back`)."""
    from bot.ingest.importer import import_documents
    from bot.ingest.jsonl import read_jsonl
    from bot.store.sqlite import SQLiteStore

    store = await SQLiteStore.open(db_path)
    statements = store.documents.statements

    async def spied(document_ids):  # type: ignore[no-untyped-def]
        read_back.extend(document_ids)
        return await statements(document_ids)

    store.documents.statements = spied  # type: ignore[method-assign]
    try:
        report = await import_documents(store, read_jsonl(corpus), workers=1, batch_size=100)
        assert report.imported > 0 and not report.rejected
        queries = ("SELECT event_id, score, divergent, summary, fingerprint, shared FROM divergences ORDER BY event_id",
                   "SELECT event_id, type, government, text, document_id, counterpart_text, counterpart_document_id,"
                   " detail, fingerprint, position FROM findings ORDER BY event_id, position",
                   "SELECT kind, event_id, fingerprint, payload, governments, score FROM outbox ORDER BY id")
        return [[tuple(r) for r in await store.fetchall(q)] for q in queries]
    finally:
        await store.close()


async def test_statements_kept_from_the_import_compare_as_the_stored_ones_do(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The importer hands the pipeline the statement rows it just stored; only members from earlier
    batches are read back. Same divergences, findings and alerts as reading every member back."""
    from bench.generate import write_corpus
    from bot.ingest import importer

    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 300, seed=3)
    kept_read: list[int] = []
    kept = await _compared(tmp_path / "kept.db", corpus, kept_read)
    add = importer._Known.add

    def without_statements(self, document_id, analysis, profile):  # type: ignore[no-untyped-def]
        add(self, document_id, analysis, profile)
        del self.statements[document_id]

    monkeypatch.setattr(importer._Known, "add", without_statements)
    all_read: list[int] = []
    read_back = await _compared(tmp_path / "read.db", corpus, all_read)
    assert len(kept[0]) > 50 and sum(divergent for _, _, divergent, *_ in kept[0]) > 10 and kept[2]
    assert kept == read_back
    assert len(set(all_read)) == 300 and len(kept_read) < 30  # only members of events spanning two batches


async def test_a_failure_while_grouping_in_the_database_thread_keeps_nothing_of_the_batch(store) -> None:  # type: ignore[no-untyped-def]
    """A batch grouped in the database thread is one transaction: an error on its second document
    rolls back the event its first created, and the store goes on working."""
    from bot.pipeline import group_document

    jp = await add(store, "JP-1", JP_TEXT, government="JP", date="2025-12-12")
    us = await add(store, "US-1", US_TEXT, government="US", date="2025-12-11")
    profiles = [await _profile_of(store, jp), await _profile_of(store, us)]
    placed = []

    async def place_then_fail(session, profile):  # type: ignore[no-untyped-def]
        if placed:
            raise RuntimeError("grouping broke")
        placed.append(await group_document(session, profile))
        return placed[-1]

    with pytest.raises(RuntimeError, match="grouping broke"):
        await store.events.group_each(profiles, place_then_fail)
    assert placed and placed[0][1]  # the first document created an event ...
    assert await store.events.count() == 0  # ... which the rollback took back
    assert await store.fetchall("SELECT * FROM event_keys") == []
    result = await process_documents(store, [jp, us])
    assert result.documents_grouped == 2 and await store.events.count() == 1


async def _profile_of(store, document_id):  # type: ignore[no-untyped-def]
    from bot.events import profile_document

    doc = (await store.documents.get_many([document_id]))[0]
    return profile_document(doc, await store.documents.analysis(document_id))
