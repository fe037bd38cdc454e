-- 001: the whole first schema. Later changes are new numbered files; never edit an applied one.
-- Timestamps are ISO 8601 UTC text ("2025-12-12T03:04:05Z"); dates of documents/events are ISO dates.

CREATE TABLE sources (
    id                   INTEGER PRIMARY KEY,
    url                  TEXT NOT NULL UNIQUE,
    source_type          TEXT NOT NULL DEFAULT 'auto',      -- auto | rss | atom | jsonfeed | html | folder
    government           TEXT,
    issuer               TEXT,
    doc_kind             TEXT NOT NULL DEFAULT 'official_readout',
    interval_seconds     INTEGER NOT NULL DEFAULT 900,
    enabled              INTEGER NOT NULL DEFAULT 1,
    alert_backfill       INTEGER NOT NULL DEFAULT 0,        -- alert on items present when added?
    etag                 TEXT,
    last_modified        TEXT,
    next_poll_at         TEXT,
    last_polled_at       TEXT,
    last_success_at      TEXT,
    last_error           TEXT,
    last_error_at        TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    paused_reason        TEXT,
    added_by             TEXT,
    created_at           TEXT NOT NULL
);
CREATE INDEX sources_due ON sources(enabled, next_poll_at);

CREATE TABLE documents (
    id            INTEGER PRIMARY KEY,
    doc_id        TEXT NOT NULL UNIQUE,                     -- external id, echoed in JSON output
    government    TEXT,
    issuer        TEXT,
    kind          TEXT NOT NULL,
    title         TEXT,
    date          TEXT,
    url           TEXT,
    language      TEXT,
    text          TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    metadata      TEXT NOT NULL DEFAULT '{}',               -- JSON: fields of the input we do not model
    source_id     INTEGER REFERENCES sources(id) ON DELETE SET NULL,
    origin        TEXT,
    alerts_muted  INTEGER NOT NULL DEFAULT 0,               -- backfilled: never alert on its own account
    imported_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_government ON documents(government);

CREATE TABLE sentences (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    UNIQUE (document_id, idx)
);

-- External-content FTS5 index over sentences; triggers keep it in step.
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text,
    content = 'sentences',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER sentences_au AFTER UPDATE ON sentences BEGIN
    INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
END;

-- Attributed statements: whose voice a sentence (or clause) is. An official readout speaks for its
-- issuer; a news article yields statements only where it quotes or paraphrases a government.
CREATE TABLE statements (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_idx  INTEGER NOT NULL,
    text          TEXT NOT NULL,
    government    TEXT NOT NULL,
    speaker       TEXT,                                     -- person or office, when known
    voice         TEXT NOT NULL                             -- official | quoted_in_news
);
CREATE INDEX statements_document ON statements(document_id, sentence_idx);

CREATE TABLE quotations (
    id             INTEGER PRIMARY KEY,
    document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    sentence_idx   INTEGER NOT NULL,
    text           TEXT NOT NULL,
    speaker        TEXT,
    speaker_title  TEXT,
    government     TEXT,                                    -- the speaker's government, when known
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL
);
CREATE INDEX quotations_document ON quotations(document_id, sentence_idx);
CREATE INDEX quotations_speaker ON quotations(speaker COLLATE NOCASE);

CREATE TABLE mentions (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,                             -- government | person | date
    value        TEXT NOT NULL,
    surface      TEXT NOT NULL,
    detail       TEXT,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL
);
CREATE INDEX mentions_document ON mentions(document_id);
CREATE INDEX mentions_value ON mentions(kind, value);

CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    date          TEXT,                                     -- date of the contact itself
    contact_kind  TEXT,                                     -- call | video_call | meeting | visit | NULL
    participants  TEXT NOT NULL DEFAULT '[]',               -- JSON list of canonical names
    governments   TEXT NOT NULL DEFAULT '[]',               -- JSON list of ISO codes
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX events_date ON events(date);

CREATE TABLE event_documents (
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    document_id  INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, document_id)
);

-- Candidate index for grouping: one row per (participant or government-pair key, event), so a new
-- document finds its candidate events by key and date window instead of scanning every event.
CREATE TABLE event_keys (
    key       TEXT NOT NULL,
    date      TEXT,
    event_id  INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    PRIMARY KEY (key, event_id)
);
CREATE INDEX event_keys_lookup ON event_keys(key, date);

CREATE TABLE divergences (
    event_id      INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    score         REAL NOT NULL,
    divergent     INTEGER NOT NULL,
    summary       TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,                            -- changes when the findings change
    computed_at   TEXT NOT NULL
);

CREATE TABLE findings (
    id                       INTEGER PRIMARY KEY,
    event_id                 INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    type                     TEXT NOT NULL,                 -- omission | contradiction | unechoed_wording | framing
    government               TEXT NOT NULL,                 -- the side whose readout has the statement
    text                     TEXT NOT NULL,
    document_id              INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    counterpart_text         TEXT,
    counterpart_document_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    detail                   TEXT,
    fingerprint              TEXT NOT NULL,
    created_at               TEXT NOT NULL
);
CREATE INDEX findings_event ON findings(event_id);

CREATE TABLE subscriptions (
    id               INTEGER PRIMARY KEY,
    platform         TEXT NOT NULL,                         -- discord | slack | console
    workspace_id     TEXT,                                  -- Discord guild id / Slack team id
    channel_id       TEXT NOT NULL,
    governments      TEXT NOT NULL DEFAULT '[]',            -- JSON list; empty = all
    min_score        REAL NOT NULL DEFAULT 0.0,
    created_by       TEXT,
    created_at       TEXT NOT NULL,
    disabled_reason  TEXT,
    disabled_at      TEXT,
    UNIQUE (platform, channel_id)
);

-- Alerts are written here in the same transaction that records the findings they announce.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,                            -- divergence | source_paused
    event_id      INTEGER REFERENCES events(id) ON DELETE CASCADE,
    fingerprint   TEXT NOT NULL UNIQUE,                     -- one alert per distinct state
    payload       TEXT NOT NULL,                            -- JSON
    governments   TEXT NOT NULL DEFAULT '[]',
    score         REAL NOT NULL DEFAULT 0.0,
    created_at    TEXT NOT NULL,
    fanned_out_at TEXT                                      -- deliveries created for subscribers
);

CREATE TABLE deliveries (
    id                INTEGER PRIMARY KEY,
    outbox_id         INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
    subscription_id   INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    status            TEXT NOT NULL DEFAULT 'pending',      -- pending | sending | sent | failed
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   TEXT NOT NULL,
    last_error        TEXT,
    sent_at           TEXT,
    message_ref       TEXT,
    UNIQUE (outbox_id, subscription_id)
);
CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);

-- Small key/value settings the bot changes at run time (e.g. the admin alert channel).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
