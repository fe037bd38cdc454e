"""Events, their documents, the grouping index, divergences and findings — and the alert outbox row
written in the same transaction as the findings it announces.

Grouping never scans all events: a document's candidates come from `event_keys` (one row per
participant key or government pair of an event, with the event's date), looked up by key and date
window. Each member's contact profile is kept on `event_documents`, so an event's matching state is
one query away and no text is re-analysed.
"""

from __future__ import annotations

import abc
import json
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from bot.divergence_json import divergence_fingerprint_from_prints, finding_fingerprint
from bot.events import ContactProfile, EventState
from bot.models import Divergence, Document, EventDetail, EventSummary, Finding, SharedPoint
from bot.store.documents import _document, utc_now
from bot.store.fts import escape_like
from bot.store.jsontext import dumps_ascii, dumps_text
from bot.store.outbox import INSERT_OUTBOX, outbox_row
from bot.store.rows import in_chunks, insert_rows
from bot.store.sqlite import DirectConnection, fetch_rows, run_to_completion

_V = TypeVar("_V")

if TYPE_CHECKING:
    import sqlite3

    from bot.store.sqlite import SQLiteStore


@dataclass(frozen=True)
class EventDescription:
    """What an event row shows (derived by `bot.events.describe`)."""

    title: str
    date: str | None
    contact_kind: str | None
    participants: tuple[str, ...]
    governments: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "EventDescription":
        return cls(
            title=str(data.get("title") or "Untitled event"),
            date=data.get("date"),
            contact_kind=data.get("contact_kind"),
            participants=tuple(data.get("participants") or ()),
            governments=tuple(data.get("governments") or ()),
        )


@dataclass(frozen=True)
class Alert:
    """An outbox row to write with a divergence: the caller decides whether one is due."""

    payload: dict[str, Any]
    governments: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class DivergenceRecord:
    """One event's newly computed divergence, and who decides whether it alerts."""

    event_id: int
    divergence: Divergence
    alert: "AlertBuilder | None" = None


@dataclass(frozen=True)
class RecordResult:
    fingerprint: str
    changed: bool  # the set of findings differs from what was stored before
    new_findings: tuple[Finding, ...]
    was_divergent: bool | None  # None: never compared before
    alert_queued: bool


class EventRepository(abc.ABC):
    """What the rest of the bot may ask about events (chat commands, CLI, pipeline). A PostgreSQL
    backend implements the abstract methods; the batch helpers have per-call defaults."""

    # -- queries for commands --------------------------------------------------------------------

    @abc.abstractmethod
    async def list_events(
        self, *, query: str | None = None, government: str | None = None, since: str | None = None, limit: int = 20
    ) -> list[EventSummary]:
        """Events, newest first; `query` matches title or participants (a plain substring)."""

    @abc.abstractmethod
    async def get(self, event_id: int) -> EventDetail | None: ...

    @abc.abstractmethod
    async def count(self) -> int: ...

    @abc.abstractmethod
    async def suggest(self, prefix: str, limit: int = 25) -> list[EventSummary]:
        """Autocomplete: events whose id starts with `prefix` or whose title has a word starting with it."""

    @abc.abstractmethod
    async def all_events(self) -> list[EventSummary]:
        """Every event, oldest first (for `events --json`)."""

    @abc.abstractmethod
    async def divergences(self, *, min_score: float | None = None) -> list[tuple[EventSummary, Divergence]]:
        """Every compared event with its divergence, oldest first."""

    # -- grouping --------------------------------------------------------------------------------

    @abc.abstractmethod
    async def unassigned(self, document_ids: Sequence[int]) -> list[int]:
        """Those of `document_ids` that belong to no event yet."""

    @abc.abstractmethod
    async def event_of_document(self, document_id: int) -> int | None: ...

    @abc.abstractmethod
    async def candidates(self, keys: Sequence[str], date_from: str | None, date_to: str | None) -> list[EventState]:
        """Events sharing a key with a document, dated within the window (undated events always)."""

    @abc.abstractmethod
    async def state(self, event_id: int) -> EventState | None: ...

    @abc.abstractmethod
    async def create(self, profile: ContactProfile, description: EventDescription, keys: Sequence[str]) -> int:
        """A new event holding one document; returns its id."""

    @abc.abstractmethod
    async def assign(self, event_id: int, profile: ContactProfile, description: EventDescription, keys: Sequence[str]) -> None:
        """Put a document into an event (moving it if it was elsewhere) and rewrite the event's row."""

    @abc.abstractmethod
    async def merge(self, target_id: int, other_ids: Sequence[int]) -> None:
        """Move every document of `other_ids` into `target_id` and delete those events."""

    @abc.abstractmethod
    async def refresh(self, event_id: int, description: EventDescription, keys: Sequence[str]) -> None:
        """Rewrite an event's row and index keys after its membership changed."""

    @asynccontextmanager
    async def grouping(self) -> AsyncIterator["GroupingSession"]:
        """A session for grouping a batch; this default writes one call at a time."""
        yield GroupingSession(self)

    async def group_each(self, profiles: Sequence[ContactProfile],
                         place: Callable[["GroupingSession", ContactProfile], Coroutine[Any, Any, _V]]) -> list[_V]:
        """`place(session, profile)` for each profile in order, in one grouping session (each sees
        what the ones before it wrote); their results in the same order. The SQLite backend runs
        the whole batch in one transaction, in its database thread."""
        async with self.grouping() as session:
            return [await place(session, profile) for profile in profiles]

    # -- divergence ------------------------------------------------------------------------------

    @abc.abstractmethod
    async def member_documents(self, event_id: int) -> list[tuple[Document, bool]]:
        """The event's documents with their `alerts_muted` flag."""

    async def summaries(self, event_ids: Sequence[int]) -> dict[int, EventSummary]:
        """Summaries of the events that exist (backends may load them in one query)."""
        out: dict[int, EventSummary] = {}
        for event_id in event_ids:
            detail = await self.get(event_id)
            if detail is not None:
                out[int(event_id)] = detail.event
        return out

    async def members_of(self, event_ids: Sequence[int]) -> dict[int, list[tuple[Document, bool]]]:
        """`member_documents` of each event (backends may load them in one query)."""
        return {int(i): await self.member_documents(i) for i in event_ids}

    @abc.abstractmethod
    async def record_divergences(self, records: Sequence["DivergenceRecord"]) -> list[RecordResult]:
        """Replace each event's divergence and findings; when its `alert` says so, write the outbox
        row in the same transaction (at most once per fingerprint). One transaction for all."""


class GroupingSession:
    """Grouping a batch of documents: candidate lookup and the writes, in one transaction where the
    backend can (SQLite). This default delegates to the repository, one transaction a write."""

    def __init__(self, events: "EventRepository") -> None:
        self.events = events

    async def candidates(self, keys: Sequence[str], date_from: str | None, date_to: str | None) -> list[EventState]:
        return await self.events.candidates(keys, date_from, date_to)

    async def create(self, profile: ContactProfile, description: "EventDescription", keys: Sequence[str]) -> int:
        return await self.events.create(profile, description, keys)

    async def assign(self, event_id: int, profile: ContactProfile, description: "EventDescription", keys: Sequence[str]) -> None:
        await self.events.assign(event_id, profile, description, keys)

    async def merge(self, target_id: int, other_ids: Sequence[int]) -> None:
        await self.events.merge(target_id, other_ids)


class AlertBuilder(abc.ABC):
    """Decides, inside the recording transaction, whether to alert and with what payload."""

    @abc.abstractmethod
    def build(self, fingerprint: str, new_findings: tuple[Finding, ...], was_divergent: bool | None) -> Alert | None: ...


# Most candidate events one document is compared with (the newest first).
MAX_CANDIDATES = 200

_SUMMARY_SQL = """
    SELECT e.id, e.title, e.date, e.contact_kind, e.participants, e.governments,
           dv.score AS score, dv.divergent AS divergent,
           (SELECT json_group_array(doc_id) FROM (
                SELECT d.doc_id FROM event_documents ed JOIN documents d ON d.id = ed.document_id
                WHERE ed.event_id = e.id ORDER BY d.date, d.id)) AS doc_ids
    FROM events e LEFT JOIN divergences dv ON dv.event_id = e.id
"""


class SQLiteEvents(EventRepository):
    def __init__(self, store: "SQLiteStore") -> None:
        self.store = store

    # -- queries ---------------------------------------------------------------------------------

    async def list_events(
        self, *, query: str | None = None, government: str | None = None, since: str | None = None, limit: int = 20
    ) -> list[EventSummary]:
        where: list[str] = []
        params: list[Any] = []
        if query and query.strip():
            pattern = f"%{escape_like(query.strip().casefold())}%"
            where.append("(lower(e.title) LIKE ? ESCAPE '\\' OR lower(e.participants) LIKE ? ESCAPE '\\')")
            params += [pattern, pattern]
        if government:
            where.append("EXISTS (SELECT 1 FROM json_each(e.governments) WHERE json_each.value = ?)")
            params.append(government.upper())
        if since:
            where.append("e.date >= ?")
            params.append(since)
        # The newest matching ids first (walking the date index, DESC puts undated events last;
        # a text filter matching nothing walks all of it: ~60 ms at 100k), then the summary columns
        # for those alone: SQLite computes every selected column before it sorts, and the member
        # lists of all 40,000 events of a 100k corpus took 0.3 s for a plain `/events`.
        inner = "SELECT e.id FROM events e" + (" WHERE " + " AND ".join(where) if where else "")
        inner += " ORDER BY e.date DESC, e.id DESC LIMIT ?"
        params.append(max(0, int(limit)))
        sql = _SUMMARY_SQL + f" WHERE e.id IN ({inner}) ORDER BY e.date DESC, e.id DESC"
        return [_summary(r) for r in await self.store.fetchall(sql, params)]

    async def get(self, event_id: int) -> EventDetail | None:
        row = await self.store.fetchone(_SUMMARY_SQL + " WHERE e.id = ?", (int(event_id),))
        if row is None:
            return None
        docs = await self.store.fetchall(
            "SELECT d.* FROM event_documents ed JOIN documents d ON d.id = ed.document_id"
            " WHERE ed.event_id = ? ORDER BY d.date, d.id",
            (int(event_id),),
        )
        return EventDetail(event=_summary(row), documents=tuple(_document(d) for d in docs),
                           divergence=await self._divergence(int(event_id)))

    async def count(self) -> int:
        row = await self.store.fetchone("SELECT count(*) AS n FROM events")
        return int(row["n"]) if row else 0

    async def suggest(self, prefix: str, limit: int = 25) -> list[EventSummary]:
        prefix = (prefix or "").strip()
        limit = max(0, min(int(limit), 100))
        if not prefix:
            return await self.list_events(limit=limit)
        escaped = escape_like(prefix.casefold())
        order = " ORDER BY (CAST(e.id AS TEXT) = ?) DESC, e.date DESC, e.id DESC"
        inner = (
            "SELECT e.id FROM events e"
            " WHERE CAST(e.id AS TEXT) LIKE ? ESCAPE '\\' OR lower(e.title) LIKE ? ESCAPE '\\'"
            " OR lower(e.title) LIKE ? ESCAPE '\\' OR lower(e.title) LIKE ? ESCAPE '\\'" + order + " LIMIT ?"
        )
        params = [f"{escaped}%", f"{escaped}%", f"% {escaped}%", f"%–{escaped}%", prefix, limit, prefix]
        return [_summary(r) for r in await self.store.fetchall(_SUMMARY_SQL + f" WHERE e.id IN ({inner})" + order, params)]

    async def all_events(self) -> list[EventSummary]:
        rows = await self.store.fetchall(_SUMMARY_SQL + " ORDER BY e.date IS NULL, e.date, e.id")
        return [_summary(r) for r in rows]

    async def divergences(self, *, min_score: float | None = None) -> list[tuple[EventSummary, Divergence]]:
        sql = _SUMMARY_SQL + " WHERE dv.event_id IS NOT NULL"
        params: list[Any] = []
        if min_score is not None:
            sql += " AND dv.score >= ?"
            params.append(float(min_score))
        sql += " ORDER BY e.date IS NULL, e.date, e.id"
        out: list[tuple[EventSummary, Divergence]] = []
        for row in await self.store.fetchall(sql, params):
            divergence = await self._divergence(int(row["id"]))
            if divergence is not None:
                out.append((_summary(row), divergence))
        return out

    async def _divergence(self, event_id: int) -> Divergence | None:
        row = await self.store.fetchone("SELECT * FROM divergences WHERE event_id = ?", (event_id,))
        if row is None:
            return None
        findings = await self.store.fetchall(
            "SELECT f.*, d.doc_id AS doc_id, c.doc_id AS counterpart_doc_id FROM findings f"
            " JOIN documents d ON d.id = f.document_id LEFT JOIN documents c ON c.id = f.counterpart_document_id"
            " WHERE f.event_id = ? ORDER BY f.position, f.id",
            (event_id,),
        )
        try:
            shared_raw = json.loads(row["shared"] or "[]")
        except ValueError:
            shared_raw = []
        return Divergence(
            score=float(row["score"]),
            divergent=bool(row["divergent"]),
            summary=row["summary"],
            findings=tuple(_finding(f) for f in findings),
            shared=tuple(SharedPoint(str(s.get("text", "")), tuple(s.get("doc_ids") or ())) for s in shared_raw if isinstance(s, dict)),
        )

    # -- grouping --------------------------------------------------------------------------------

    async def unassigned(self, document_ids: Sequence[int]) -> list[int]:
        ids = [int(i) for i in document_ids]
        if not ids:
            return []
        assigned: set[int] = set()
        for chunk in in_chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = await self.store.fetchall(f"SELECT document_id FROM event_documents WHERE document_id IN ({marks})", chunk)
            assigned.update(int(r["document_id"]) for r in rows)
        return [i for i in dict.fromkeys(ids) if i not in assigned]

    async def event_of_document(self, document_id: int) -> int | None:
        row = await self.store.fetchone("SELECT event_id FROM event_documents WHERE document_id = ?", (int(document_id),))
        return int(row["event_id"]) if row else None

    async def candidates(self, keys: Sequence[str], date_from: str | None, date_to: str | None) -> list[EventState]:
        return await _candidates(self.store.conn, keys, date_from, date_to)

    async def states(self, event_ids: Sequence[int]) -> list[EventState]:
        """`state` of each event that exists, in the order given: one query for all of them (a
        query per candidate was most of grouping's time, profiled)."""
        ids = [int(i) for i in event_ids]
        members: dict[int, list[ContactProfile]] = {i: [] for i in ids}
        for chunk in in_chunks(ids):
            marks = ",".join("?" * len(chunk))
            rows = await self.store.fetchall(
                f"SELECT event_id, document_id, profile FROM event_documents WHERE event_id IN ({marks})"
                " ORDER BY event_id, document_id", chunk)
            _add_members(members, rows)
        return [EventState(i, tuple(members[i])) for i in ids if members[i]]

    async def state(self, event_id: int) -> EventState | None:
        found = await self.states([event_id])
        return found[0] if found else None

    async def create(self, profile: ContactProfile, description: EventDescription, keys: Sequence[str]) -> int:
        async with self.store.transaction() as conn:
            return await _create(conn, profile, description, keys)

    async def assign(self, event_id: int, profile: ContactProfile, description: EventDescription, keys: Sequence[str]) -> None:
        async with self.store.transaction() as conn:
            await _assign(conn, event_id, profile, description, keys)

    async def merge(self, target_id: int, other_ids: Sequence[int]) -> None:
        others = [int(i) for i in other_ids if int(i) != int(target_id)]
        if not others:
            return
        async with self.store.transaction() as conn:
            await _merge(conn, target_id, others)

    async def group_each(self, profiles: Sequence[ContactProfile],
                         place: Callable[[GroupingSession, ContactProfile], Coroutine[Any, Any, _V]]) -> list[_V]:
        # One transaction for a whole batch: BEGIN/COMMIT around every document was a third of
        # grouping's time (profiled). Reads on the same connection see the batch's own writes, so
        # a document finds the events created earlier in the batch. And the batch runs in the
        # database thread (`run_in_thread`): four to five statements a document, each a hand-off
        # between threads through aiosqlite, were most of grouping's cost in the importing process.
        def run(conn: DirectConnection) -> list[_V]:
            session = _SQLiteGrouping(self, conn)
            return [run_to_completion(place(session, profile)) for profile in profiles]

        async with self.store.transaction() as conn:
            if self.store.runs_in_thread:
                return await self.store.run_in_thread(run)
            session = _SQLiteGrouping(self, conn)  # the same statements, each awaited through aiosqlite
            return [await place(session, profile) for profile in profiles]

    async def refresh(self, event_id: int, description: EventDescription, keys: Sequence[str]) -> None:
        async with self.store.transaction() as conn:
            await _update_event(conn, event_id, description, keys)

    # -- divergence ------------------------------------------------------------------------------

    async def summaries(self, event_ids: Sequence[int]) -> dict[int, EventSummary]:
        out: dict[int, EventSummary] = {}
        for chunk in in_chunks([int(i) for i in event_ids]):
            marks = ",".join("?" * len(chunk))
            for row in await self.store.fetchall(_SUMMARY_SQL + f" WHERE e.id IN ({marks})", chunk):
                out[int(row["id"])] = _summary(row)
        return out

    async def members_of(self, event_ids: Sequence[int]) -> dict[int, list[tuple[Document, bool]]]:
        out: dict[int, list[tuple[Document, bool]]] = {int(i): [] for i in event_ids}
        for chunk in in_chunks(list(out)):
            marks = ",".join("?" * len(chunk))
            rows = await self.store.fetchall(
                "SELECT ed.event_id AS member_of, d.* FROM event_documents ed JOIN documents d ON d.id = ed.document_id"
                f" WHERE ed.event_id IN ({marks}) ORDER BY d.date, d.id", chunk)
            for r in rows:
                out[int(r["member_of"])].append((_document(r), bool(r["alerts_muted"])))
        return out

    async def member_documents(self, event_id: int) -> list[tuple[Document, bool]]:
        return (await self.members_of([event_id]))[int(event_id)]

    async def record_divergences(self, records: Sequence[DivergenceRecord]) -> list[RecordResult]:
        # A few statements for the whole list: an event at a time (BEGIN, two reads, four writes,
        # COMMIT) was ~8 trips through aiosqlite's thread per compared event, profiled.
        if not records:
            return []
        ids = [int(r.event_id) for r in records]
        if len(set(ids)) < len(ids):  # a later record of an event must see the earlier one
            return [result for record in records for result in await self.record_divergences([record])]
        now = utc_now()
        results: list[RecordResult] = []
        async with self.store.transaction() as conn:
            previous: dict[int, Any] = {}
            old_prints: dict[int, set[str]] = {i: set() for i in ids}
            for chunk in in_chunks(ids):
                marks = ",".join("?" * len(chunk))
                for row in await fetch_rows(conn, f"SELECT event_id, fingerprint, divergent FROM divergences WHERE event_id IN ({marks})", chunk):
                    previous[int(row["event_id"])] = row
                for row in await fetch_rows(conn, f"SELECT event_id, fingerprint FROM findings WHERE event_id IN ({marks})", chunk):
                    old_prints[int(row["event_id"])].add(row["fingerprint"])
            upserts, changed_ids, findings, alerts = [], [], [], []
            for record, event_id in zip(records, ids):
                divergence = record.divergence
                prints = [finding_fingerprint(f) for f in divergence.findings]  # each once (a sha256)
                fingerprint = divergence_fingerprint_from_prints(event_id, prints)
                before = previous.get(event_id)
                new_findings = tuple(f for f, p in zip(divergence.findings, prints) if p not in old_prints[event_id])
                changed = before is None or before["fingerprint"] != fingerprint
                upserts.append((event_id, float(divergence.score), int(divergence.divergent), divergence.summary, fingerprint, now,
                                dumps_text([{"text": s.text, "doc_ids": list(s.doc_ids)} for s in divergence.shared])))
                was_divergent = None if before is None else bool(before["divergent"])
                alert = None
                if changed:
                    changed_ids.append(event_id)
                    findings += [(event_id, f.type, f.government, f.text, f.document_id, f.counterpart_text,
                                  f.counterpart_document_id, f.detail, p, now, position)
                                 for position, (f, p) in enumerate(zip(divergence.findings, prints))]
                    if record.alert is not None:
                        alert = record.alert.build(fingerprint, new_findings, was_divergent)
                key = f"divergence:{event_id}:{fingerprint}"
                if alert is not None:
                    alerts.append((key, outbox_row("divergence", key, alert.payload, event_id=event_id,
                                                   governments=alert.governments, score=alert.score, created_at=now)))
                results.append(RecordResult(fingerprint, changed, new_findings, was_divergent, alert is not None))
            await conn.executemany(
                "INSERT INTO divergences (event_id, score, divergent, summary, fingerprint, computed_at, shared)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(event_id) DO UPDATE SET score = excluded.score,"
                " divergent = excluded.divergent, summary = excluded.summary, fingerprint = excluded.fingerprint,"
                " computed_at = excluded.computed_at, shared = excluded.shared", upserts)
            for chunk in in_chunks(changed_ids):
                await conn.execute(f"DELETE FROM findings WHERE event_id IN ({','.join('?' * len(chunk))})", chunk)
            await insert_rows(
                conn, "INSERT INTO findings (event_id, type, government, text, document_id, counterpart_text,"
                " counterpart_document_id, detail, fingerprint, created_at, position)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", findings)
            # An alert whose state was announced before (its key is in the outbox) is not queued
            # again: the lookup is exact inside this transaction, which holds the write lock.
            existing: set[str] = set()
            for keys in in_chunks([key for key, _ in alerts]):
                rows = await fetch_rows(conn, f"SELECT fingerprint FROM outbox WHERE fingerprint IN ({','.join('?' * len(keys))})", keys)
                existing.update(r["fingerprint"] for r in rows)
            fresh = [row for key, row in alerts if key not in existing]
            await conn.executemany(INSERT_OUTBOX, fresh)
        queued = {key for key, _ in alerts if key not in existing}
        return [replace(r, alert_queued=r.alert_queued and f"divergence:{i}:{r.fingerprint}" in queued)
                for r, i in zip(results, ids)]


class _SQLiteGrouping(GroupingSession):
    """Grouping inside one open transaction (`conn`); lookups use the same connection.

    Candidate events' states are kept for the session: at 100k documents a lookup returns ~11
    events, mostly the ones the documents before it saw, and reading their members' profiles again
    (rows, JSON text, parsing) was about a third of grouping's cost at that size (measured). Exact, not a
    guess: the transaction is `BEGIN IMMEDIATE`, so only this session's own writes can change an
    event, and each write forgets the events it touches."""

    # Enough for a batch's working set; emptied when full (a few re-reads, no unbounded growth).
    KEPT_STATES = 4096

    def __init__(self, events: "SQLiteEvents", conn: Any) -> None:
        super().__init__(events)
        self.conn = conn
        self._states: dict[int, EventState] = {}
        self._event_of: dict[int, int] = {}  # document id -> event id, for the kept states

    async def candidates(self, keys: Sequence[str], date_from: str | None, date_to: str | None) -> list[EventState]:
        ids = await _candidate_ids(self.conn, keys, date_from, date_to)
        unknown = [i for i in ids if i not in self._states]
        if unknown:
            if len(self._states) + len(unknown) > self.KEPT_STATES:
                self._states.clear()
                self._event_of.clear()
                unknown = ids
            for state in await _member_states(self.conn, unknown):
                self._states[state.id] = state
                for profile in state.profiles:
                    self._event_of[profile.document_id] = state.id
        # an event without members (none exist outside a failed write) is left out, as the join did
        return [state for i in ids if (state := self._states.get(i)) is not None]

    def _forget(self, *event_ids: int) -> None:
        for event_id in event_ids:
            state = self._states.pop(int(event_id), None)
            if state is not None:
                for profile in state.profiles:
                    self._event_of.pop(profile.document_id, None)

    async def create(self, profile: ContactProfile, description: "EventDescription", keys: Sequence[str]) -> int:
        # (a document already in an event cannot be inserted again: `_create` fails, so nothing moves)
        event_id = await _create(self.conn, profile, description, keys)
        self._forget(event_id)  # an id a merge freed can be given again
        self._keep(event_id, (profile,))
        return event_id

    async def assign(self, event_id: int, profile: ContactProfile, description: "EventDescription", keys: Sequence[str]) -> None:
        before = self._states.get(int(event_id))
        self._forget(event_id, *self._moved_from(profile))
        await _assign(self.conn, event_id, profile, description, keys)
        if before is not None:  # the members it had, with this document in (or its profile replaced)
            self._keep(event_id, (*(p for p in before.profiles if p.document_id != profile.document_id), profile))

    async def merge(self, target_id: int, other_ids: Sequence[int]) -> None:
        others = [int(i) for i in other_ids if int(i) != int(target_id)]
        if others:
            self._forget(target_id, *others)
            await _merge(self.conn, target_id, others)

    def _keep(self, event_id: int, profiles: tuple[ContactProfile, ...]) -> None:
        """Keep the state an own write just gave an event, as `_member_states` would read it back
        (members by document id). Why: each document's event was read again by the next lookup
        that found it, its new member's profile parsed from the JSON just written (~1,650 reads
        and parses in a 2,000-document import). The profile kept is the one written, which parses
        back equal (`ContactProfile.to_json` / `from_json`)."""
        if len(self._states) >= self.KEPT_STATES:
            self._states.clear()
            self._event_of.clear()
        state = self._states[int(event_id)] = _event_state(int(event_id), tuple(sorted(profiles, key=_document_id)))
        for member in state.profiles:
            self._event_of[member.document_id] = state.id

    def _moved_from(self, profile: ContactProfile) -> tuple[int, ...]:
        """The kept event the document is a member of, if any (an assignment moves it out)."""
        event_id = self._event_of.get(profile.document_id)
        return () if event_id is None else (event_id,)


# --- helpers ------------------------------------------------------------------------------------------


def _document_id(profile: ContactProfile) -> int:
    return profile.document_id


async def _candidates(conn: Any, keys: Sequence[str], date_from: str | None, date_to: str | None) -> list[EventState]:
    """Events sharing a key with a document and dated inside its window (the newest
    MAX_CANDIDATES), each with its members' contact profiles."""
    return await _member_states(conn, await _candidate_ids(conn, keys, date_from, date_to))


async def _candidate_ids(conn: Any, keys: Sequence[str], date_from: str | None, date_to: str | None) -> list[int]:
    """Ids of the events sharing a key with a document and dated inside its window, newest first
    (at most MAX_CANDIDATES)."""
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    if date_from and date_to:
        # Two index ranges on (key, date): `date IS NULL OR date BETWEEN` in one condition made
        # SQLite read every event that ever had the key (all of a government pair's history)
        # and filter the dates afterwards, a cost that grew with the corpus.
        sql = (f"SELECT event_id FROM event_keys WHERE key IN ({marks}) AND date BETWEEN ? AND ?"
               f" UNION SELECT event_id FROM event_keys WHERE key IN ({marks}) AND date IS NULL")
        params: list[Any] = [*keys, date_from, date_to, *keys]
    else:
        sql = f"SELECT DISTINCT event_id FROM event_keys WHERE key IN ({marks})"
        params = list(keys)
    # an undated document (or undated events) must not make the lookup grow with the corpus
    sql += f" ORDER BY event_id DESC LIMIT {MAX_CANDIDATES:d}"
    return [int(r[0]) for r in await fetch_rows(conn, sql, params)]


async def _member_states(conn: Any, event_ids: Sequence[int]) -> list[EventState]:
    """The states of the events of `event_ids` that have members, newest first (one query)."""
    if not event_ids:
        return []
    marks = ",".join("?" * len(event_ids))
    rows = await fetch_rows(
        conn, f"SELECT event_id, document_id, profile FROM event_documents WHERE event_id IN ({marks})"
        " ORDER BY event_id DESC, document_id", list(event_ids))
    members: dict[int, list[ContactProfile]] = {}
    _add_members(members, rows)
    return [_event_state(i, tuple(profiles)) for i, profiles in members.items()]


async def _create(conn: Any, profile: ContactProfile, description: EventDescription, keys: Sequence[str]) -> int:
    now = utc_now()
    cursor = await conn.execute(
        "INSERT INTO events (title, date, contact_kind, participants, governments, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        (*_description_row(description), now, now),
    )
    event_id = int(cursor.lastrowid or 0)
    await conn.execute(
        "INSERT INTO event_documents (event_id, document_id, profile) VALUES (?, ?, ?)",
        (event_id, profile.document_id, dumps_text(profile.to_json())),
    )
    await _write_keys(conn, event_id, description.date, keys)
    return event_id


async def _assign(conn: Any, event_id: int, profile: ContactProfile, description: EventDescription, keys: Sequence[str]) -> None:
    await conn.execute(
        "INSERT INTO event_documents (event_id, document_id, profile) VALUES (?, ?, ?)"
        " ON CONFLICT(document_id) DO UPDATE SET event_id = excluded.event_id, profile = excluded.profile",
        (event_id, profile.document_id, dumps_text(profile.to_json())),
    )
    await _update_event(conn, event_id, description, keys)


async def _merge(conn: Any, target_id: int, others: list[int]) -> None:
    marks = ",".join("?" * len(others))
    await conn.execute(f"UPDATE event_documents SET event_id = ? WHERE event_id IN ({marks})", (target_id, *others))
    # outbox rows of the merged-away events keep their history but lose the event link
    await conn.execute(f"UPDATE outbox SET event_id = NULL WHERE event_id IN ({marks})", others)
    await conn.execute(f"DELETE FROM events WHERE id IN ({marks})", others)


def _description_row(d: EventDescription) -> tuple[Any, ...]:
    return (d.title, d.date, d.contact_kind, dumps_text(list(d.participants)), dumps_ascii(list(d.governments)))


async def _update_event(conn: Any, event_id: int, description: EventDescription, keys: Sequence[str]) -> None:
    await conn.execute(
        "UPDATE events SET title = ?, date = ?, contact_kind = ?, participants = ?, governments = ?, updated_at = ?"
        " WHERE id = ?",
        (*_description_row(description), utc_now(), event_id),
    )
    await conn.execute("DELETE FROM event_keys WHERE event_id = ?", (event_id,))
    await _write_keys(conn, event_id, description.date, keys)


async def _write_keys(conn: Any, event_id: int, day: str | None, keys: Sequence[str]) -> None:
    await conn.executemany(
        "INSERT OR IGNORE INTO event_keys (key, date, event_id) VALUES (?, ?, ?)",
        [(k, day, event_id) for k in dict.fromkeys(keys)],
    )


def _add_members(members: dict[int, list[ContactProfile]], rows: list["sqlite3.Row"]) -> None:
    """Each `event_documents` row's parsed profile appended to its event's list, in row order."""
    for r in rows:
        members.setdefault(int(r["event_id"]), []).append(_profile(int(r["document_id"]), r["profile"] or "{}"))


# 2,048, not more: a cached profile holds frozensets, which the garbage collector walks entry by
# entry on every full collection, paid by whatever command it lands in (after importing 20,000
# documents a full collection took 85-102 ms with 8,192 entries, 37 ms with 2,048). Grouping's
# working set is the recent events of the lookup window: those 20,000 documents of the 100k corpus
# gave the same 19,932 misses with 8,192, 2,048 and 1,024 entries.
@lru_cache(maxsize=2048)
def _profile(document_id: int, raw: str) -> ContactProfile:
    """A stored contact profile, parsed once: keyed by its row and its exact JSON text, so a cached
    value is always what parsing the stored text gives (profiles are immutable, ContactProfile frozen)."""
    try:
        data = json.loads(raw)
    except ValueError:
        data = {}
    return ContactProfile.from_json(document_id, data if isinstance(data, dict) else {})


# Candidate states kept between lookups: at 100k documents a lookup returns ~10 events (~23 members),
# mostly the ones the previous document saw, and recomputing each state's merged dates, parties and
# people was ~6 % of the importing process (profiled). Keyed by the members' identities: a key
# matches only while its profile objects are alive, which the cached state itself guarantees, so a
# hit is the same members, not merely equal ones. Bounded, like `_profile`, for the garbage
# collector; emptied when full (one atomic step, safe if two stores group in two threads), which
# costs a few rebuilds of a working set of ~10-25 events.
_STATES_KEPT = 512
_states: dict[tuple[int, ...], EventState] = {}


def _event_state(event_id: int, profiles: tuple[ContactProfile, ...]) -> EventState:
    """`EventState(event_id, profiles)`, the same object again while its members are unchanged."""
    key = (event_id, *map(id, profiles))
    state = _states.get(key)
    if state is None:
        if len(_states) >= _STATES_KEPT:
            _states.clear()
        state = _states[key] = EventState(event_id, profiles)
    return state


def _json_list(raw: Any) -> tuple[str, ...]:
    try:
        value = json.loads(raw or "[]")
    except (TypeError, ValueError):
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _summary(row: "sqlite3.Row") -> EventSummary:
    score = row["score"]
    divergent = row["divergent"]
    return EventSummary(
        id=int(row["id"]),
        title=row["title"],
        date=row["date"],
        contact_kind=row["contact_kind"],
        governments=_json_list(row["governments"]),
        participants=_json_list(row["participants"]),
        doc_ids=_json_list(row["doc_ids"]),
        score=float(score) if score is not None else None,
        divergent=bool(divergent) if divergent is not None else None,
    )


def _finding(row: "sqlite3.Row") -> Finding:
    return Finding(
        type=row["type"],
        government=row["government"],
        text=row["text"],
        document_id=int(row["document_id"]),
        doc_id=row["doc_id"],
        counterpart_text=row["counterpart_text"],
        counterpart_document_id=row["counterpart_document_id"],
        counterpart_doc_id=row["counterpart_doc_id"],
        detail=row["detail"],
    )
