-- 0004: a covering index for the near-duplicate candidates query (sqlcore's
-- nearestCluster): every save reads cluster_id, fingerprint and fetched of
-- each article sharing a band key with the new one. Those columns come after
-- the text in the article row, so from the table each candidate costs the
-- row's overflow pages; from this index it costs one small index entry. The
-- query names it with INDEXED BY: without statistics the planner prefers
-- the primary key's index.

CREATE INDEX articles_near ON articles(id, fetched, cluster_id, fingerprint);
