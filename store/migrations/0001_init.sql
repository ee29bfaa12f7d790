-- 0001: the initial schema of the govwire store of record.
-- Times are unix nanoseconds (UTC) in INTEGER columns; NULL is the zero time.

CREATE TABLE sources (
	name                 TEXT PRIMARY KEY,
	url                  TEXT NOT NULL DEFAULT '',
	etag                 TEXT NOT NULL DEFAULT '',
	last_modified        TEXT NOT NULL DEFAULT '',
	last_status          INTEGER NOT NULL DEFAULT 0,
	last_error           TEXT NOT NULL DEFAULT '',
	last_attempt         INTEGER,
	last_success         INTEGER,
	consecutive_failures INTEGER NOT NULL DEFAULT 0,
	next_attempt         INTEGER
) STRICT;

CREATE TABLE articles (
	id            TEXT PRIMARY KEY,
	url           TEXT NOT NULL,
	canonical_url TEXT NOT NULL UNIQUE,
	final_url     TEXT,
	source        TEXT NOT NULL,
	feed          TEXT NOT NULL,
	title         TEXT NOT NULL,
	text          TEXT NOT NULL,
	author        TEXT NOT NULL,
	published     INTEGER,
	fetched       INTEGER NOT NULL,
	updated       INTEGER NOT NULL,
	-- dated is published, or fetched when the date is unknown: the column
	-- the Since/Until filter reads.
	dated         INTEGER NOT NULL,
	content_hash  TEXT NOT NULL,
	fingerprint   BLOB,
	cluster_id    TEXT NOT NULL,
	extractor     TEXT NOT NULL,
	seq           INTEGER NOT NULL UNIQUE,
	on_topic      INTEGER NOT NULL,
	labels        TEXT,
	scores        TEXT,
	entities      TEXT,
	evidence      TEXT,
	ruleset       TEXT NOT NULL
) STRICT;

CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_final_url ON articles(final_url) WHERE final_url IS NOT NULL;
CREATE INDEX articles_fetched ON articles(fetched, id);
CREATE INDEX articles_cluster ON articles(cluster_id, fetched, id);
CREATE INDEX articles_content_hash ON articles(content_hash) WHERE content_hash <> '';
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_dated ON articles(dated);

CREATE TABLE article_labels (
	article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	label      TEXT NOT NULL,
	PRIMARY KEY (article_id, label)
) WITHOUT ROWID, STRICT;

CREATE INDEX article_labels_label ON article_labels(label, article_id);

CREATE TABLE fingerprint_bands (
	band_key   INTEGER NOT NULL,
	article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	PRIMARY KEY (band_key, article_id)
) WITHOUT ROWID, STRICT;

CREATE INDEX fingerprint_bands_article ON fingerprint_bands(article_id);

CREATE TABLE fetch_log (
	id          INTEGER PRIMARY KEY,
	source      TEXT NOT NULL,
	url         TEXT NOT NULL,
	kind        TEXT NOT NULL,
	status      INTEGER NOT NULL,
	error       TEXT NOT NULL,
	bytes       INTEGER NOT NULL,
	duration_ns INTEGER NOT NULL,
	at          INTEGER NOT NULL
) STRICT;

CREATE INDEX fetch_log_source ON fetch_log(source, id);

CREATE TABLE deliveries (
	digest       TEXT NOT NULL,
	date         TEXT NOT NULL,
	channel      TEXT NOT NULL,
	status       TEXT NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	next_attempt INTEGER,
	updated_at   INTEGER NOT NULL,
	sent_at      INTEGER,
	PRIMARY KEY (digest, date, channel)
) STRICT;

CREATE INDEX deliveries_updated ON deliveries(updated_at);
