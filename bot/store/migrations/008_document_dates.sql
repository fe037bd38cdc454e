-- 008: a covering index of each document's date, by id.
-- Why: /quote ranks a window of up to 400 matching sentences and breaks ties by their document's
-- date. Reading that date from `documents` touches one table page per document, and a document row
-- holds its whole text, so the 400 lookups read 400 scattered pages (1-4 ms of a 100k-document
-- database's /quote). This index is ~20 bytes a document: the whole of it stays in the page cache.
CREATE INDEX documents_id_date ON documents(id, date);
