"""Documents and what analysis found in them: sentences (FTS5), statements, quotations, mentions.

Dedupe happens here, inside the insert transaction, by external `doc_id`, by URL and by content hash,
so importing the same input twice adds nothing even when two importers race.
"""

from __future__ import annotations

import abc
import hashlib
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from bot.models import Analysis, Document, DocumentInput, SearchResult, SentenceHit, Statement, pickled_by_fields
from bot.store.fts import build_query, escape_like, normalise_for_match, score_window
from bot.store.jsontext import dumps_text_or_str
from bot.store.rows import in_chunks, insert_rows

if TYPE_CHECKING:
    import sqlite3

    from bot.store.sqlite import SQLiteStore

# /quote ranks at most this many matches (the newest); a rarer phrase is ranked over all of them.
SEARCH_WINDOW = 400
# With a government or speaker filter, the newest this many matches are examined for it.
SCAN_LIMIT = 5_000
# Counting matches stops at the window ("more than 400"): every match beyond it is FTS5 walking the
# doclists of the phrase's words only to count. At 100k documents, stopping at 1,000 instead made
# the index query's p95 over the benchmark's 200 phrases 16-19 ms against 9-11 (measured, same
# database and phrases); a phrase of common words with 400-1,000 matches was the slowest /quote.
COUNT_CAP = SEARCH_WINDOW


def content_hash(text: str) -> str:
    """Hash of the text with Unicode and whitespace normalised: re-wrapped copies are duplicates.

    Whitespace runs become one space and the ends are trimmed with str.split/join: exactly what the
    regular expression used before did (its \\s is str.isspace too, checked over every code point;
    tests/store/test_sqlite.py holds the old definition), at a third of the cost, so hashes already
    stored stay valid."""
    normalised = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pickled_by_fields
@dataclass(frozen=True)
class AnalysisRows:
    """An analysis as the rows it is stored in, less the document's row id (assigned when stored).

    What the importer's pool sends back instead of the `Analysis`: the importing process only
    stores it, and plain tuples of strings and numbers unpickle in less than half the time of the
    model objects (42 against 90 µs a document, profiled) and need no attribute lookups to become
    rows. Each tuple holds the columns after `document_id` (sentences: after `id, document_id`)
    in the order of the INSERT statements below.
    """

    sentences: tuple[tuple[int, str, int, int], ...] = ()
    statements: tuple[tuple[int, str, str, str | None, str], ...] = ()
    quotations: tuple[tuple[int, str, str | None, str | None, str | None, int, int], ...] = ()
    mentions: tuple[tuple[str, str, str, str | None, int, int], ...] = ()

    @classmethod
    def of(cls, analysis: Analysis) -> "AnalysisRows":
        return cls(
            sentences=tuple((s.index, s.text, s.start, s.end) for s in analysis.sentences),
            statements=cls.statement_rows(analysis.statements),
            quotations=tuple((q.sentence_index, q.text, q.speaker, q.speaker_title, q.government, q.start, q.end)
                             for q in analysis.quotations),
            mentions=tuple((m.kind, m.value, m.surface, m.detail, m.start, m.end) for m in analysis.mentions),
        )

    @staticmethod
    def statement_rows(statements: Iterable[Statement]) -> tuple[tuple[int, str, str, str | None, str], ...]:
        return tuple((s.sentence_index, s.text, s.government, s.speaker, s.voice) for s in statements)


@dataclass(frozen=True)
class AddResult:
    """`status` is "imported" or "duplicate"; `reason` says what it duplicates."""

    status: str
    document_id: int
    doc_id: str
    reason: str | None = None


class DocumentRepository(abc.ABC):
    @abc.abstractmethod
    async def find_duplicate(self, doc: DocumentInput) -> AddResult | None:
        """The stored document this input duplicates (by doc_id, URL or text), if any."""

    @abc.abstractmethod
    async def add(self, doc: DocumentInput, analysis: Analysis | AnalysisRows, *, alerts_muted: bool = False) -> AddResult:
        """Store a document with its analysis, or report the duplicate it matches."""

    async def find_duplicates(self, docs: Sequence[DocumentInput],
                              digests: Sequence[str] | None = None) -> list[AddResult | None]:
        """`find_duplicate` for each of `docs`, where a document also duplicates an earlier one of
        `docs` that is not itself a duplicate (it will be stored first). Backends may do this in
        one query; this default asks one document at a time. `digests`, if given, are the docs'
        `content_hash`es (the importer computes them once for this check and the store's)."""
        hashes = _digests(docs, digests)
        results: list[AddResult | None] = []
        for i, doc in enumerate(docs):
            found = await self.find_duplicate(doc)
            if found is None:  # an earlier new document of the batch?
                found = _resolve_duplicates([*[d for d, r in zip(docs[:i], results) if r is None], doc],
                                            [*[h for h, r in zip(hashes[:i], results) if r is None], hashes[i]], {})[-1]
            results.append(found)
        return results

    async def add_many(self, items: Sequence[tuple[DocumentInput, Analysis | AnalysisRows]], *,
                       alerts_muted: bool = False, digests: Sequence[str] | None = None) -> list[AddResult]:
        """`add` for each item, in order. Backends may store them in one transaction, and may use
        `digests`, the items' `content_hash`es when the caller has them."""
        return [await self.add(doc, analysis, alerts_muted=alerts_muted) for doc, analysis in items]

    @abc.abstractmethod
    async def get(self, document_id: int) -> Document | None: ...

    @abc.abstractmethod
    async def get_many(self, document_ids: list[int]) -> list[Document]: ...

    async def dates(self, document_ids: list[int]) -> dict[int, str | None]:
        """The date of each stored document of `document_ids` (backends may read only that)."""
        return {d.id: d.date for d in await self.get_many(document_ids)}

    @abc.abstractmethod
    async def get_by_doc_id(self, doc_id: str) -> Document | None: ...

    @abc.abstractmethod
    async def count(self) -> int: ...

    @abc.abstractmethod
    async def statements(self, document_ids: list[int]) -> dict[int, list[Statement]]:
        """Attributed statements of each document, in sentence order."""

    @abc.abstractmethod
    async def analysis(self, document_id: int) -> Analysis:
        """The stored analysis of one document (sentences, quotations, mentions, statements)."""

    @abc.abstractmethod
    async def search_sentences(
        self,
        text: str,
        *,
        government: str | None = None,
        speaker: str | None = None,
        since: str | None = None,
        limit: int = 10,
    ) -> SearchResult:
        """Sentences where the words occur as a phrase or close together, best first, ranked over a
        bounded window of the newest matches (see `SearchResult`)."""


class SQLiteDocuments(DocumentRepository):
    def __init__(self, store: "SQLiteStore") -> None:
        self.store = store

    async def find_duplicate(self, doc: DocumentInput) -> AddResult | None:
        return await self._find_duplicate(doc, content_hash(doc.text))

    async def _find_duplicate(self, doc: DocumentInput, digest: str) -> AddResult | None:
        checks: list[tuple[str, str, Any]] = []
        if doc.doc_id:
            checks.append(("doc_id", "SELECT id, doc_id FROM documents WHERE doc_id = ?", doc.doc_id))
        if doc.url:
            checks.append(("url", "SELECT id, doc_id FROM documents WHERE url = ?", doc.url))
        checks.append(("text", "SELECT id, doc_id FROM documents WHERE content_hash = ?", digest))
        for what, sql, value in checks:
            row = await self.store.fetchone(sql, (value,))
            if row is not None:
                reason = {
                    "doc_id": f"doc_id {row['doc_id']!r} already imported",
                    "url": f"URL already imported as {row['doc_id']!r}",
                    "text": f"same text as {row['doc_id']!r}",
                }[what]
                return AddResult("duplicate", int(row["id"]), str(row["doc_id"]), reason)
        return None

    async def find_duplicates(self, docs: Sequence[DocumentInput],
                              digests: Sequence[str] | None = None) -> list[AddResult | None]:
        # One query per batch instead of three per document (each round trip through aiosqlite's
        # thread costs ~0.1 ms, more than the lookup itself).
        digests = _digests(docs, digests)
        stored = await self._stored_matches(docs, digests)
        return _resolve_duplicates(docs, digests, stored)

    async def _stored_matches(self, docs: Sequence[DocumentInput], digests: Sequence[str]) -> dict[tuple[str, str], tuple[int, str]]:
        """Stored rows matching any doc_id, URL or content hash of `docs`: (field, value) -> (id, doc_id)."""
        found: dict[tuple[str, str], tuple[int, str]] = {}
        keys = {"doc_id": {d.doc_id for d in docs if d.doc_id}, "url": {d.url for d in docs if d.url},
                "content_hash": set(digests)}
        for column, values in keys.items():
            ordered = sorted(values)
            for chunk in in_chunks(ordered):
                marks = ",".join("?" * len(chunk))
                rows = await self.store.fetchall(f"SELECT id, doc_id, {column} AS v FROM documents WHERE {column} IN ({marks})", chunk)
                for r in rows:
                    found[(column, r["v"])] = (int(r["id"]), str(r["doc_id"]))
        return found

    async def add_many(self, items: Sequence[tuple[DocumentInput, Analysis | AnalysisRows]], *,
                       alerts_muted: bool = False, digests: Sequence[str] | None = None) -> list[AddResult]:
        """Store a batch in one transaction: the duplicate check again (another importer may have
        stored one meanwhile), then one `executemany` per table for the whole batch, with document and
        sentence ids assigned here (the next ids SQLite would have given: the transaction holds the
        write lock), and the batch's sentences added to the full-text index in one statement."""
        if not items:
            return []
        docs = [d for d, _ in items]
        digests = _digests(docs, digests)
        now = utc_now()
        results: list[AddResult] = []
        async with self.store.transaction() as conn:
            duplicates = _resolve_duplicates(docs, digests, await self._stored_matches(docs, digests))
            row = await self.store.fetchone("SELECT (SELECT COALESCE(MAX(id), 0) FROM documents) AS d,"
                                            " (SELECT COALESCE(MAX(id), 0) FROM sentences) AS s")
            next_id = int(row["d"]) + 1 if row else 1
            first_sentence = next_sentence = int(row["s"]) + 1 if row else 1
            documents, sentences, statements, quotations, mentions = [], [], [], [], []
            for (doc, analysis), digest, duplicate in zip(items, digests, duplicates):
                if duplicate is not None:
                    results.append(duplicate)
                    continue
                document_id, next_id = next_id, next_id + 1
                doc_id = doc.doc_id or f"sha256:{digest[:16]}"
                documents.append(_document_row(document_id, doc_id, doc, digest, alerts_muted, now))
                rows = analysis if isinstance(analysis, AnalysisRows) else AnalysisRows.of(analysis)
                sentences += [(sid, document_id, *row) for sid, row in enumerate(rows.sentences, start=next_sentence)]
                next_sentence += len(rows.sentences)
                key = (document_id,)
                statements += [key + row for row in rows.statements]
                quotations += [key + row for row in rows.quotations]
                mentions += [key + row for row in rows.mentions]
                results.append(AddResult("imported", document_id, doc_id))
            await insert_rows(conn, _INSERT_DOCUMENT_WITH_ID, documents)
            await insert_rows(conn, _INSERT_SENTENCE, sentences)
            # the batch's sentences into the full-text index in one statement (migration 009)
            await conn.execute("INSERT INTO sentences_fts(rowid, text) SELECT id, text FROM sentences WHERE id >= ?",
                               (first_sentence,))
            await insert_rows(conn, _INSERT_STATEMENT, statements)
            await insert_rows(conn, _INSERT_QUOTATION, quotations)
            await insert_rows(conn, _INSERT_MENTION, mentions)
        return results

    async def add(self, doc: DocumentInput, analysis: Analysis | AnalysisRows, *, alerts_muted: bool = False) -> AddResult:
        """One document: a batch of one (same duplicate rules, same rows, one transaction)."""
        return (await self.add_many([(doc, analysis)], alerts_muted=alerts_muted))[0]

    async def get(self, document_id: int) -> Document | None:
        row = await self.store.fetchone("SELECT * FROM documents WHERE id = ?", (document_id,))
        return None if row is None else _document(row)

    async def get_many(self, document_ids: list[int]) -> list[Document]:
        if not document_ids:
            return []
        marks = ",".join("?" * len(document_ids))
        rows = await self.store.fetchall(f"SELECT * FROM documents WHERE id IN ({marks}) ORDER BY id", document_ids)
        return [_document(r) for r in rows]

    async def dates(self, document_ids: list[int]) -> dict[int, str | None]:
        # from the covering index of (id, date), not the rows with their text (migration 008)
        out: dict[int, str | None] = {}
        for chunk in in_chunks(document_ids):
            marks = ",".join("?" * len(chunk))
            for r in await self.store.fetchall(
                    f"SELECT id, date FROM documents INDEXED BY documents_id_date WHERE id IN ({marks})", chunk):
                out[int(r["id"])] = r["date"]
        return out

    async def get_by_doc_id(self, doc_id: str) -> Document | None:
        row = await self.store.fetchone("SELECT * FROM documents WHERE doc_id = ?", (doc_id,))
        return None if row is None else _document(row)

    async def count(self) -> int:
        row = await self.store.fetchone("SELECT count(*) AS n FROM documents")
        return int(row["n"]) if row else 0

    async def statements(self, document_ids: list[int]) -> dict[int, list[Statement]]:
        result: dict[int, list[Statement]] = {i: [] for i in document_ids}
        if not document_ids:
            return result
        rows = []
        for chunk in in_chunks(document_ids):
            marks = ",".join("?" * len(chunk))
            rows += await self.store.fetchall(
                f"SELECT * FROM statements WHERE document_id IN ({marks}) ORDER BY document_id, sentence_idx, id", chunk)
        for r in rows:
            result[int(r["document_id"])].append(
                Statement(int(r["sentence_idx"]), r["text"], r["government"], r["speaker"], r["voice"])
            )
        return result

    async def analysis(self, document_id: int) -> Analysis:
        from bot.models import Mention, Quotation, Sentence

        sentences = await self.store.fetchall(
            "SELECT idx, text, start, end FROM sentences WHERE document_id = ? ORDER BY idx", (document_id,)
        )
        quotations = await self.store.fetchall(
            "SELECT * FROM quotations WHERE document_id = ? ORDER BY start", (document_id,)
        )
        mentions = await self.store.fetchall("SELECT * FROM mentions WHERE document_id = ? ORDER BY start", (document_id,))
        statements = await self.statements([document_id])
        return Analysis(
            sentences=tuple(Sentence(r["idx"], r["text"], r["start"], r["end"]) for r in sentences),
            quotations=tuple(
                Quotation(r["text"], r["speaker"], r["speaker_title"], r["government"], r["sentence_idx"], r["start"], r["end"])
                for r in quotations
            ),
            mentions=tuple(
                Mention(r["kind"], r["value"], r["surface"], r["start"], r["end"], r["detail"]) for r in mentions
            ),
            statements=tuple(statements[document_id]),
        )

    async def search_sentences(
        self,
        text: str,
        *,
        government: str | None = None,
        speaker: str | None = None,
        since: str | None = None,
        limit: int = 10,
    ) -> SearchResult:
        """The best `limit` sentences for `text` among the newest SEARCH_WINDOW matches.

        Why a window: a common word ("Minister") matches hundreds of thousands of sentences at 100k
        documents, and ranking all of them is a second of work for one slash command, growing with
        the corpus. Walking the matches newest first (FTS5 reads its index in rowid order and stops
        at the LIMIT) bounds the work; a phrase with fewer matches than the window is ranked over all
        of them. The window is ranked in Python (`score_window`), not by FTS5's bm25(), whose word
        statistics cost a walk over every common word's whole doclist. With a government or speaker
        filter, the per-hit lookups that decide it run over the newest SCAN_LIMIT matches only.
        """
        query = build_query(text)
        if query is None:
            return SearchResult((), 0)
        filtered = bool(government or speaker)
        # One pass over the index, newest first and bounded: the ids of the window, and the count.
        # (A second FTS5 query for the count evaluated the match all over again: half the time of a
        # phrase of common words.) The date filter joins in so the window holds only dated hits.
        cap = SCAN_LIMIT if filtered else COUNT_CAP
        found = [int(r["sid"]) for r in await self.store.fetchall(
            "SELECT f.rowid AS sid FROM sentences_fts f"
            + (" JOIN sentences s0 ON s0.id = f.rowid JOIN documents d0 ON d0.id = s0.document_id" if since else "")
            + " WHERE sentences_fts MATCH :match" + (" AND d0.date >= :since" if since else "")
            + " ORDER BY f.rowid DESC LIMIT :scan",
            {"match": query.near, "since": since, "scan": cap + 1},
        )]
        phrase = normalise_for_match(" ".join(query.tokens))
        if filtered:
            # The filters need every candidate's speaker and government: look them up for the newest
            # SCAN_LIMIT matches, keep the newest SEARCH_WINDOW that qualify.
            rows = await self.store.fetchall(
                f"WITH matched(sid) AS (SELECT value FROM json_each(:ids)), hits AS ({_HIT_COLUMNS} FROM matched m {_HIT_JOINS})"
                " SELECT * FROM hits WHERE (:government IS NULL OR government = :government)"
                " AND (:speaker IS NULL OR COALESCE(speaker, '') LIKE :speaker ESCAPE '\\'"
                " OR COALESCE(issuer, '') LIKE :speaker ESCAPE '\\') ORDER BY sid DESC LIMIT :window",
                {"ids": json.dumps(found[:SCAN_LIMIT]), "window": SEARCH_WINDOW,
                 "government": government.upper() if government else None,
                 "speaker": f"%{escape_like(speaker)}%" if speaker else None},
            )
            # how many matches the filters were checked against: all, or the newest SCAN_LIMIT
            total, examined = len(rows), min(len(found), SCAN_LIMIT)
            lower_bound = len(found) > SCAN_LIMIT or len(rows) == SEARCH_WINDOW
            scores = score_window([r["sentence"] for r in rows], query.tokens, phrase)
            hits = _ranked([_hit(r, score.rank, score.exact) for r, score in zip(rows, scores)])
        else:
            # Rank the window on what ranking needs (words, exactness, date), then look up speaker
            # and government for the hits shown only.
            # The date comes from the covering index (migration 008), not the documents' own pages.
            rows = await self.store.fetchall(
                "SELECT s.id AS sid, s.text AS sentence, d.date FROM json_each(:ids) m"
                " JOIN sentences s ON s.id = m.value"
                " JOIN documents d INDEXED BY documents_id_date ON d.id = s.document_id",
                {"ids": json.dumps(found[:SEARCH_WINDOW])},
            )
            scored = list(zip(rows, score_window([r["sentence"] for r in rows], query.tokens, phrase)))
            scored.sort(key=lambda pair: pair[0]["date"] or "", reverse=True)  # stable: newest first among equals
            scored.sort(key=lambda pair: (not pair[1].exact, pair[1].rank))
            chosen = {int(r["sid"]): score for r, score in scored[: max(0, limit)]}
            details = await self.store.fetchall(
                f"WITH matched(sid) AS (SELECT value FROM json_each(:ids)) {_HIT_COLUMNS}"
                " FROM matched m " + _HIT_JOINS, {"ids": json.dumps(list(chosen))},
            ) if chosen else []
            by_sid = {int(r["sid"]): r for r in details}
            hits = [_hit(by_sid[sid], score.rank, score.exact) for sid, score in chosen.items() if sid in by_sid]
            total, examined = min(len(found), COUNT_CAP), len(rows)
            lower_bound = len(found) > COUNT_CAP
        return SearchResult(tuple(hits[: max(0, limit)]), total, examined=examined, total_is_lower_bound=lower_bound)


_INSERT_DOCUMENT_WITH_ID = (
    "INSERT INTO documents (id, doc_id, government, issuer, kind, title, date, url, language,"
    " text, content_hash, metadata, source_id, origin, alerts_muted, imported_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_SENTENCE = "INSERT INTO sentences (id, document_id, idx, text, start, end) VALUES (?, ?, ?, ?, ?, ?)"
_INSERT_STATEMENT = (
    "INSERT INTO statements (document_id, sentence_idx, text, government, speaker, voice) VALUES (?, ?, ?, ?, ?, ?)"
)
_INSERT_QUOTATION = (
    "INSERT INTO quotations (document_id, sentence_idx, text, speaker, speaker_title, government, start, end)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_MENTION = "INSERT INTO mentions (document_id, kind, value, surface, detail, start, end) VALUES (?, ?, ?, ?, ?, ?, ?)"


def _document_row(document_id: int, doc_id: str, doc: DocumentInput, digest: str, alerts_muted: bool, now: str) -> tuple[Any, ...]:
    return (document_id, doc_id, doc.government, doc.issuer, str(doc.kind), doc.title, doc.date, doc.url, doc.language,
            doc.text, digest, dumps_text_or_str(doc.metadata), doc.source_id, doc.origin,
            int(alerts_muted), now)


_DUPLICATE_REASONS = {
    "doc_id": "doc_id {!r} already imported",
    "url": "URL already imported as {!r}",
    "text": "same text as {!r}",
}


def _digests(docs: Sequence[DocumentInput], given: Sequence[str] | None) -> Sequence[str]:
    """The docs' content hashes: the caller's, when it computed them (the importer hashes each
    text once for its early duplicate check and the store's, ~30 µs a document saved), else here."""
    if given is None:
        return [content_hash(d.text) for d in docs]
    if len(given) != len(docs):
        raise ValueError(f"{len(given)} digests for {len(docs)} documents")
    return given


def _resolve_duplicates(docs: Sequence[DocumentInput], digests: Sequence[str],
                        stored: dict[tuple[str, str], tuple[int, str]]) -> list[AddResult | None]:
    """What each of `docs` duplicates — a stored row (`stored`, from `_stored_matches`) or an earlier
    new document of the same batch (row id 0: not stored yet) — checked in `find_duplicate`'s order:
    doc_id, URL, text."""
    out: list[AddResult | None] = []
    batch: dict[tuple[str, str], tuple[int, str]] = {}
    for doc, digest in zip(docs, digests):
        found: AddResult | None = None
        keys = (("doc_id", "doc_id", doc.doc_id), ("url", "url", doc.url), ("text", "content_hash", digest))
        for what, column, value in keys:
            if not value:
                continue
            row = stored.get((column, value)) or batch.get((column, value))
            if row is not None:
                found = AddResult("duplicate", row[0], row[1], _DUPLICATE_REASONS[what].format(row[1]))
                break
        if found is None:
            doc_id = doc.doc_id or f"sha256:{digest[:16]}"
            for _, column, value in keys:
                if value:
                    batch.setdefault((column, value), (0, doc_id))
        out.append(found)
    return out


# A hit's sentence, document and voice: the speaker and government of a quotation in that sentence,
# else of the statement it is attributed to, else the document's issuer and government.
_HIT_COLUMNS = """
    SELECT s.id AS sid, s.document_id, s.idx, s.text AS sentence,
           d.doc_id, d.issuer, d.kind, d.date, d.title, d.url,
           COALESCE(
               (SELECT q.speaker FROM quotations q
                 WHERE q.document_id = s.document_id AND q.sentence_idx = s.idx
                   AND q.speaker IS NOT NULL ORDER BY q.start LIMIT 1),
               (SELECT st.speaker FROM statements st
                 WHERE st.document_id = s.document_id AND st.sentence_idx = s.idx
                   AND st.speaker IS NOT NULL LIMIT 1)
           ) AS speaker,
           COALESCE(
               (SELECT q.government FROM quotations q
                 WHERE q.document_id = s.document_id AND q.sentence_idx = s.idx
                   AND q.government IS NOT NULL ORDER BY q.start LIMIT 1),
               (SELECT st.government FROM statements st
                 WHERE st.document_id = s.document_id AND st.sentence_idx = s.idx LIMIT 1),
               d.government
           ) AS government"""
_HIT_JOINS = "JOIN sentences s ON s.id = m.sid JOIN documents d ON d.id = s.document_id"


def _ranked(hits: list[SentenceHit]) -> list[SentenceHit]:
    """Exact wording first, then rank (`score_window`: lower is better), then newest."""
    hits.sort(key=lambda h: h.date or "", reverse=True)  # stable sorts: newest first among equals
    hits.sort(key=lambda h: (not h.exact, h.score))
    return hits


def _hit(row: "sqlite3.Row", rank: float, exact: bool) -> SentenceHit:
    return SentenceHit(
        document_id=int(row["document_id"]),
        doc_id=row["doc_id"],
        sentence_index=int(row["idx"]),
        sentence=row["sentence"],
        speaker=row["speaker"],
        issuer=row["issuer"],
        government=row["government"],
        kind=row["kind"],
        date=row["date"],
        title=row["title"],
        url=row["url"],
        score=rank,
        exact=exact,
    )


def _document(row: "sqlite3.Row") -> Document:
    try:
        metadata = json.loads(row["metadata"] or "{}")
    except ValueError:
        metadata = {}
    return Document(
        id=int(row["id"]),
        doc_id=row["doc_id"],
        text=row["text"],
        kind=row["kind"],
        content_hash=row["content_hash"],
        government=row["government"],
        issuer=row["issuer"],
        title=row["title"],
        date=row["date"],
        url=row["url"],
        language=row["language"],
        metadata=metadata,
        source_id=row["source_id"],
        imported_at=row["imported_at"],
    )
