-- 010: drop two indexes no query uses (mentions are read by document only; a /quote speaker filter
-- is a substring LIKE over the hits, which no index serves).
-- Why: each cost every stored row an insert at a random place of a B-tree that grows with the
-- corpus. mentions_value alone was 40 % of storing mentions (0.09 -> 0.055 ms a document in memory,
-- more on disk at 100k). Add an index back together with the query that needs it.
DROP INDEX IF EXISTS mentions_value;
DROP INDEX IF EXISTS quotations_speaker;
