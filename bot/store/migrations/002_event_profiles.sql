-- 002: what grouping and divergence need beyond 001.
-- Each member document's contact profile (participants, parties, contact date range, kind), so an
-- event's matching state is the merge of its members' profiles without re-analysing any text.
ALTER TABLE event_documents ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';
-- The points both sides make (JSON list of {text, doc_ids}), shown beside the findings.
ALTER TABLE divergences ADD COLUMN shared TEXT NOT NULL DEFAULT '[]';
-- Findings keep the engine's order (most salient first).
ALTER TABLE findings ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
CREATE INDEX event_documents_event ON event_documents(event_id);
