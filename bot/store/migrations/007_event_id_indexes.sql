-- 007: indexes on the event_id columns that grouping rewrites and merging clears.
-- Why: `event_keys` was indexed by (key, date) only, so every time a document joined an event the
-- rewrite of that event's keys (`DELETE FROM event_keys WHERE event_id = ?`) scanned the whole table:
-- a per-document cost that grew with the corpus (grouping 3.1 ms a document at 10k, 11.7 at 100k).
-- `outbox.event_id` is cleared and cascaded when events merge, which scanned every alert ever queued.
CREATE INDEX event_keys_event ON event_keys(event_id);
CREATE INDEX outbox_event ON outbox(event_id);
