-- 003: what a folder source has already picked up, so a poll imports only new or changed files
-- (a high-water mark on mtime would miss files copied in with their old timestamps).
CREATE TABLE source_files (
    source_id  INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    path       TEXT NOT NULL,                               -- relative to the folder
    signature  TEXT NOT NULL,                               -- "size:mtime_ns"
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (source_id, path)
);
