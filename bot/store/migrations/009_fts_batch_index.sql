-- 009: the full-text index is written once per stored batch, not by a trigger per sentence.
-- Why: an AFTER INSERT trigger runs one FTS5 insert statement per sentence row; indexing the same
-- rows with one `INSERT INTO sentences_fts ... SELECT` after the batch gives the same index at a
-- fifth of the cost (measured: 0.49 -> 0.06 ms a document; sentences were half of an import's SQLite
-- time). `SQLiteDocuments.add_many` is the only writer of `sentences` and indexes its rows in the
-- same transaction. The delete and update triggers stay: rows leave the index as before.
DROP TRIGGER sentences_ai;
