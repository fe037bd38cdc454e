-- 006: a durable to-do list of the engine's work, so a run killed half-way is finished by the next one.
-- Why: an import stores each document in its own transaction, then groups a batch of them into events
-- (one transaction per document) and then recomputes the divergence of the events it touched (one
-- transaction per event, together with the alert). A process killed between those steps used to
-- leave documents in no event and events whose findings were never recomputed; the next import saw
-- the documents as duplicates and skipped them, so their events and alerts were lost for good.
-- The triggers below keep both lists exact in the same transactions that change the data, without
-- any change to the code that writes it; `Store.unfinished_documents()` reads them and the importer
-- finishes the work before its own.

-- Documents stored but not yet grouped into an event.
CREATE TABLE documents_ungrouped (
    document_id  INTEGER PRIMARY KEY
);
-- Events whose membership changed after their divergence was last recorded.
CREATE TABLE events_uncompared (
    event_id     INTEGER PRIMARY KEY
);

-- What an interrupted run of an older version left behind.
INSERT INTO documents_ungrouped (document_id)
    SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM event_documents);
INSERT INTO events_uncompared (event_id)
    SELECT id FROM events WHERE id NOT IN (SELECT event_id FROM divergences);

CREATE TRIGGER documents_ungrouped_ai AFTER INSERT ON documents BEGIN
    INSERT OR IGNORE INTO documents_ungrouped (document_id) VALUES (new.id);
END;
CREATE TRIGGER documents_ungrouped_ad AFTER DELETE ON documents BEGIN
    DELETE FROM documents_ungrouped WHERE document_id = old.id;
END;
CREATE TRIGGER event_documents_work_ai AFTER INSERT ON event_documents BEGIN
    DELETE FROM documents_ungrouped WHERE document_id = new.document_id;
    INSERT OR IGNORE INTO events_uncompared (event_id) VALUES (new.event_id);
END;
CREATE TRIGGER event_documents_work_au AFTER UPDATE OF event_id ON event_documents BEGIN
    INSERT OR IGNORE INTO events_uncompared (event_id) VALUES (new.event_id);
END;
CREATE TRIGGER events_uncompared_ad AFTER DELETE ON events BEGIN
    DELETE FROM events_uncompared WHERE event_id = old.id;
END;
CREATE TRIGGER divergences_work_ai AFTER INSERT ON divergences BEGIN
    DELETE FROM events_uncompared WHERE event_id = new.event_id;
END;
CREATE TRIGGER divergences_work_au AFTER UPDATE ON divergences BEGIN
    DELETE FROM events_uncompared WHERE event_id = new.event_id;
END;
