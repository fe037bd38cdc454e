-- 011: the to-do triggers of 006 no longer rely on `INSERT OR IGNORE`.
-- Why: SQLite applies the conflict policy of the statement that fires a trigger to the statements
-- inside it, so an `INSERT ... ON CONFLICT DO UPDATE` on event_documents (grouping's assignment,
-- which moves a document that is already in an event) overrode the trigger's OR IGNORE: moving a
-- document into an event that was already on the to-do list failed with "UNIQUE constraint
-- failed: events_uncompared.event_id" and rolled the whole grouping transaction back. A
-- `WHERE NOT EXISTS` guard has no conflict to resolve, whatever the outer statement says.
DROP TRIGGER documents_ungrouped_ai;
DROP TRIGGER event_documents_work_ai;
DROP TRIGGER event_documents_work_au;

CREATE TRIGGER documents_ungrouped_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_ungrouped (document_id)
        SELECT new.id WHERE NOT EXISTS (SELECT 1 FROM documents_ungrouped WHERE document_id = new.id);
END;
CREATE TRIGGER event_documents_work_ai AFTER INSERT ON event_documents BEGIN
    DELETE FROM documents_ungrouped WHERE document_id = new.document_id;
    INSERT INTO events_uncompared (event_id)
        SELECT new.event_id WHERE NOT EXISTS (SELECT 1 FROM events_uncompared WHERE event_id = new.event_id);
END;
CREATE TRIGGER event_documents_work_au AFTER UPDATE OF event_id ON event_documents BEGIN
    INSERT INTO events_uncompared (event_id)
        SELECT new.event_id WHERE NOT EXISTS (SELECT 1 FROM events_uncompared WHERE event_id = new.event_id);
END;
