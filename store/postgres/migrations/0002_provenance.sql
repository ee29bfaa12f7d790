-- 0002: how each article was found (issue 14) and the progress of
-- backfills; the PostgreSQL side of store/migrations/0002_provenance.sql.
-- Rows stored before this came from feeds.

ALTER TABLE articles ADD COLUMN via TEXT NOT NULL DEFAULT 'feed';
-- provenance is JSON text (govwire.Provenance), NULL when there is none.
ALTER TABLE articles ADD COLUMN provenance TEXT;

CREATE INDEX articles_via ON articles(via);

CREATE TABLE backfill_progress (
	source   TEXT NOT NULL,
	url      TEXT NOT NULL,
	kind     TEXT NOT NULL,
	since    BIGINT,
	until    BIGINT,
	urls     INTEGER NOT NULL DEFAULT 0,
	done_at  BIGINT NOT NULL,
	PRIMARY KEY (source, url)
);
