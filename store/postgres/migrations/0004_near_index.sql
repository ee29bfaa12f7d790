-- 0004: the PostgreSQL side of store/migrations/0004_near_index.sql, which
-- adds a covering index for the near-duplicate candidates query on SQLite.
-- Nothing to do here: PostgreSQL keeps a long text out of line (TOAST), so
-- reading a candidate's cluster_id, fingerprint and fetched from its row
-- does not read the text.
SELECT 1;
