"""A grouping session (`bot.store.events._SQLiteGrouping`) against a real SQLite file: the candidate
states it keeps between lookups are forgotten by its own writes (assign, a document moving out,
merge), so a lookup always sees what the database holds; and moving documents inside one
transaction works (migration 011)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.events import ContactProfile, EventState, describe
from bot.store import events as store_events
from bot.store.events import EventDescription
from tests.engine.helpers import add

KEYS = ["govpair:CN-RU"]
WINDOW = ("2025-03-01", "2025-03-09")


def profile(document_id: int) -> ContactProfile:
    return ContactProfile(document_id=document_id, people=("lavrov", "wang yi"), names=("Lavrov", "Wang Yi"),
                          governments=("RU", "CN"), date_lo=date(2025, 3, 4), date_hi=date(2025, 3, 4), kind="call")


def description(*profiles: ContactProfile) -> EventDescription:
    return EventDescription.from_dict(describe(EventState(0, profiles)))


async def documents(store, n: int) -> list[int]:  # type: ignore[no-untyped-def]
    return [await add(store, f"D-{i}", f"Foreign Minister Sergey Lavrov spoke with Wang Yi, note {i}.",
                      government="RU", date="2025-03-04") for i in range(n)]


def members(states: list[EventState]) -> dict[int, list[int]]:
    return {s.id: [p.document_id for p in s.profiles] for s in states}


async def database_members(store) -> dict[int, list[int]]:  # type: ignore[no-untyped-def]
    rows = await store.fetchall("SELECT event_id, document_id FROM event_documents ORDER BY event_id DESC, document_id")
    out: dict[int, list[int]] = {}
    for r in rows:
        out.setdefault(int(r["event_id"]), []).append(int(r["document_id"]))
    return out


async def in_session(store, steps):  # type: ignore[no-untyped-def]
    """Run `steps(session)` inside one grouping transaction (the way the pipeline groups a batch)."""
    async def place(session, _profile):  # type: ignore[no-untyped-def]
        return await steps(session)

    (result,) = await store.events.group_each([profile(0)], place)
    return result


async def test_lookups_reuse_states_and_see_every_write_of_the_session(store) -> None:  # type: ignore[no-untyped-def]
    a, b, c, d = await documents(store, 4)
    member_reads = []
    real = store_events._member_states

    async def counted(conn, event_ids):  # type: ignore[no-untyped-def]
        member_reads.append(list(event_ids))
        return await real(conn, event_ids)

    async def steps(session):  # type: ignore[no-untyped-def]
        seen = []
        first = await session.create(profile(a), description(profile(a)), KEYS)
        second = await session.create(profile(b), description(profile(b)), KEYS)
        seen.append(members(await session.candidates(KEYS, *WINDOW)))  # kept from the creates: no read
        seen.append(members(await session.candidates(KEYS, *WINDOW)))  # kept: no read
        await session.assign(first, profile(c), description(profile(a), profile(c)), KEYS)
        seen.append(members(await session.candidates(KEYS, *WINDOW)))  # `first` kept with c in: no read
        await session.assign(second, profile(c), description(profile(b), profile(c)), KEYS)  # c moves
        seen.append(members(await session.candidates(KEYS, *WINDOW)))
        await session.merge(second, [first])
        seen.append(members(await session.candidates(KEYS, *WINDOW)))
        await session.assign(second, profile(d), description(profile(b), profile(c), profile(d)), KEYS)
        seen.append(members(await session.candidates(KEYS, *WINDOW)))
        return first, second, seen

    store_events._member_states = counted
    try:
        first, second, seen = await in_session(store, steps)
    finally:
        store_events._member_states = real
    assert seen == [
        {second: [b], first: [a]},
        {second: [b], first: [a]},
        {second: [b], first: [a, c]},
        {second: [b, c], first: [a]},  # the event c left is read again too
        {second: [a, b, c]},
        {second: [a, b, c, d]},
    ]
    # only the event c left (its members are not known to the write) and the merged one are read
    assert member_reads == [[first], [second]]
    assert seen[-1] == await database_members(store)


async def test_a_full_session_forgets_its_states_and_stays_right(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids = await documents(store, 6)
    monkeypatch.setattr(store_events._SQLiteGrouping, "KEPT_STATES", 2)

    async def steps(session):  # type: ignore[no-untyped-def]
        events = [await session.create(profile(i), description(profile(i)), KEYS) for i in ids[:3]]
        looked = [members(await session.candidates(KEYS, *WINDOW))]
        await session.assign(events[0], profile(ids[3]), description(profile(ids[0]), profile(ids[3])), KEYS)
        looked.append(members(await session.candidates(KEYS, *WINDOW)))
        assert len(session._states) <= 3  # bounded: emptied before it grew past the limit plus one lookup
        return looked

    looked = await in_session(store, steps)
    assert looked[-1] == await database_members(store)
    assert len(looked[-1]) == 3 and sorted(looked[-1].values())[0] == [ids[0], ids[3]]


async def test_moving_documents_into_an_event_on_the_to_do_list_works(store) -> None:  # type: ignore[no-untyped-def]
    """Migration 011: the to-do trigger under an upsert. Before it, the second move into one event in
    a transaction failed with "UNIQUE constraint failed: events_uncompared.event_id"."""
    a, b, c = await documents(store, 3)

    async def steps(session):  # type: ignore[no-untyped-def]
        target = await session.create(profile(a), description(profile(a)), KEYS)
        other = await session.create(profile(b), description(profile(b)), KEYS)
        await session.assign(other, profile(c), description(profile(b), profile(c)), KEYS)
        await session.assign(target, profile(b), description(profile(a), profile(b)), KEYS)
        await session.assign(target, profile(c), description(profile(a), profile(b), profile(c)), KEYS)
        return target, other

    target, other = await in_session(store, steps)
    assert await database_members(store) == {target: [a, b, c]}
    uncompared = {int(r["event_id"]) for r in await store.fetchall("SELECT event_id FROM events_uncompared")}
    assert uncompared == {target, other}
    ungrouped = await store.fetchall("SELECT document_id FROM documents_ungrouped")
    assert ungrouped == []


async def test_a_tiny_limit_does_not_change_grouping(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A generated corpus grouped with two states kept (emptied on nearly every lookup) gives the
    events of every lookup going to the database (the repository's one-call-at-a-time session).
    The default limit is held to the same in tests/engine/test_pipeline_store.py."""
    from bench.generate import write_corpus
    from bot.store.events import EventRepository, SQLiteEvents
    from tests.engine.test_pipeline_store import _grouped

    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 300, seed=5)
    with monkeypatch.context() as m:
        m.setattr(store_events._SQLiteGrouping, "KEPT_STATES", 2)
        tiny = await _grouped(tmp_path / "tiny.db", corpus)
    with monkeypatch.context() as m:
        m.setattr(SQLiteEvents, "group_each", EventRepository.group_each)
        reference = await _grouped(tmp_path / "reference.db", corpus)
    assert len(tiny[0]) > 50 and tiny == reference


async def test_states_kept_from_writes_are_what_the_database_holds(store) -> None:  # type: ignore[no-untyped-def]
    """A seeded random sequence of creates, assigns (new documents, moves, re-assigning a member)
    and merges: after each, every kept state is the one `_member_states` reads from the database
    (the same members in the same order, equal profiles), so keeping a write's state instead of
    reading it back changes nothing grouping sees."""
    import random

    ids = await documents(store, 40)
    rng = random.Random(7)

    def varied(document_id: int) -> ContactProfile:  # profiles that differ, so equality means something
        return ContactProfile(document_id=document_id, people=("lavrov", f"p{document_id % 5}"),
                              names=("Lavrov", f"P{document_id % 5}"), governments=("RU", "CN"),
                              date_lo=date(2025, 3, 4), date_hi=date(2025, 3, 4 + document_id % 2),
                              kind=rng.choice(["call", None]), tokens=frozenset({f"t{document_id % 3}", "x"}),
                              aliases=frozenset({"lavrov"}), counterparts=("JP",) if document_id % 4 == 0 else ())

    async def steps(session):  # type: ignore[no-untyped-def]
        placed: list[int] = []
        events: list[int] = []
        checks = 0
        for _ in range(120):
            action = rng.random()
            if events and action < 0.1 and len(events) > 1:
                target, other = rng.sample(events, 2)
                await session.merge(target, [other])
                events.remove(other)
            elif events and placed and action < 0.3:  # move (or re-assign) a placed document
                document = rng.choice(placed)
                await session.assign(rng.choice(events), varied(document), description(varied(document)), KEYS)
            elif len(placed) < len(ids):
                document = ids[len(placed)]
                placed.append(document)
                if events and action < 0.7:
                    await session.assign(rng.choice(events), varied(document), description(varied(document)), KEYS)
                else:
                    events.append(await session.create(varied(document), description(varied(document)), KEYS))
            if rng.random() < 0.5:
                await session.candidates(KEYS, *WINDOW)
            kept = dict(session._states)
            read = {s.id: s for s in await store_events._member_states(session.conn, list(kept))}
            assert {i: s.profiles for i, s in kept.items()} == {i: s.profiles for i, s in read.items()}
            assert {d: e for e, s in kept.items() for d in (p.document_id for p in s.profiles)} == session._event_of
            checks += len(kept)
        return checks

    assert await in_session(store, steps) > 100


def test_a_written_profile_parses_back_equal(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """What lets a session keep the profile it wrote instead of reading it back: on a generated
    corpus's documents, the stored JSON of each contact profile parses to an equal profile, with
    the same index keys."""
    import json

    from bench.generate import write_corpus
    from bot.ingest.jsonl import read_jsonl
    from bot.ingest.pool_tasks import analysed
    from bot.store.jsontext import dumps_text

    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 150, seed=9)
    checked = 0
    for i, doc in enumerate(read_jsonl(corpus), start=1):
        _analysis, written = analysed(doc)
        assert written is not None
        written = ContactProfile(i, *(getattr(written, f) for f in ("people", "names", "governments", "date_lo", "date_hi",
                                                                    "kind", "tokens", "aliases", "counterparts")))
        read = store_events._profile(i, dumps_text(written.to_json()))
        assert read == written and read.keys() == written.keys() and read.lookup_keys() == written.lookup_keys()
        assert json.loads(dumps_text(read.to_json())) == json.loads(dumps_text(written.to_json()))
        checked += bool(written.counterparts) + bool(written.tokens)
    assert checked > 100


async def test_grouping_without_aiosqlites_thread_call_ends_with_the_same_events(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """An aiosqlite release without the private call `run_in_thread` uses must slow grouping down,
    not break it: the same import ends with the same events, keys and findings either way."""
    from bench.generate import write_corpus
    from bot.ingest.importer import import_documents
    from bot.ingest.jsonl import read_jsonl
    from bot.store.sqlite import SQLiteStore
    from tests.ingest.test_import_held import _final_state

    corpus, _ = write_corpus(tmp_path / "corpus.jsonl", 160, seed=5)
    called: list[int] = []
    in_thread = SQLiteStore.run_in_thread

    async def counted(self, work):  # type: ignore[no-untyped-def]
        called.append(1)
        return await in_thread(self, work)

    monkeypatch.setattr(SQLiteStore, "run_in_thread", counted)
    for name, available in (("thread.db", True), ("awaited.db", False)):
        monkeypatch.setattr(SQLiteStore, "runs_in_thread", property(lambda self, a=available: a))
        store = await SQLiteStore.open(tmp_path / name)
        try:
            report = await import_documents(store, read_jsonl(corpus), workers=1, batch_size=40)
        finally:
            await store.close()
        assert (report.imported, report.rejected) == (160, [])
        if available:
            assert called, "the thread path was not taken"
            called.clear()
    assert not called, "run_in_thread was called although unavailable"
    thread, awaited = _final_state(tmp_path / "thread.db"), _final_state(tmp_path / "awaited.db")
    assert thread["events"] and thread["findings"]
    assert awaited == thread


async def test_run_in_thread_without_aiosqlites_thread_call_says_so(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from bot.store.sqlite import SQLiteStore

    monkeypatch.setattr(SQLiteStore, "runs_in_thread", property(lambda self: False))
    with pytest.raises(RuntimeError, match="no call that runs work in its thread"):
        await store.run_in_thread(lambda conn: None)
