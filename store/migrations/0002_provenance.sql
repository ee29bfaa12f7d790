-- 0002: how each article was found (issue 14) and the progress of backfills.
-- Rows stored before this came from feeds.

ALTER TABLE articles ADD COLUMN via TEXT NOT NULL DEFAULT 'feed';
-- provenance is JSON text (govwire.Provenance), NULL when there is none.
ALTER TABLE articles ADD COLUMN provenance TEXT;

CREATE INDEX articles_via ON articles(via);

-- backfill_progress holds the listings (sitemaps, feed archive pages) a
-- backfill of a source has finished, for the window it was run with, so a
-- later run skips them.
CREATE TABLE backfill_progress (
	source   TEXT NOT NULL,
	url      TEXT NOT NULL,
	kind     TEXT NOT NULL,
	since    INTEGER,
	until    INTEGER,
	urls     INTEGER NOT NULL DEFAULT 0,
	done_at  INTEGER NOT NULL,
	PRIMARY KEY (source, url)
) STRICT;
