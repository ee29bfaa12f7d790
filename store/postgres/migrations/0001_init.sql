-- 0001: the initial schema of the govwire store of record, PostgreSQL side
-- of store/migrations/0001_init.sql. Times are unix nanoseconds (UTC) in
-- BIGINT columns, as in SQLite, so both stores hold the same values; NULL
-- is the zero time.

CREATE TABLE sources (
	name                 TEXT PRIMARY KEY,
	url                  TEXT NOT NULL DEFAULT '',
	etag                 TEXT NOT NULL DEFAULT '',
	last_modified        TEXT NOT NULL DEFAULT '',
	last_status          INTEGER NOT NULL DEFAULT 0,
	last_error           TEXT NOT NULL DEFAULT '',
	last_attempt         BIGINT,
	last_success         BIGINT,
	consecutive_failures INTEGER NOT NULL DEFAULT 0,
	next_attempt         BIGINT
);

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
	published     BIGINT,
	fetched       BIGINT NOT NULL,
	updated       BIGINT NOT NULL,
	dated         BIGINT NOT NULL,
	content_hash  TEXT NOT NULL,
	fingerprint   BYTEA,
	cluster_id    TEXT NOT NULL,
	extractor     TEXT NOT NULL,
	seq           BIGINT NOT NULL UNIQUE,
	on_topic      BOOLEAN NOT NULL,
	labels        TEXT,
	scores        TEXT,
	entities      TEXT,
	evidence      TEXT,
	ruleset       TEXT NOT NULL
);

CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_final_url ON articles(final_url) WHERE final_url IS NOT NULL;
CREATE INDEX articles_fetched ON articles(fetched, id);
CREATE INDEX articles_cluster ON articles(cluster_id, fetched, id);
CREATE INDEX articles_content_hash ON articles(content_hash) WHERE content_hash <> '';
CREATE INDEX articles_source ON articles(source);
CREATE INDEX articles_dated ON articles(dated);

-- The change sequence: one row, incremented inside each writing
-- transaction. Its row lock is held until commit, so sequence numbers
-- become visible in the order they were handed out and a reader that
-- follows "seq > last" never skips one (see doc.go).
CREATE TABLE change_seq (
	id  INTEGER PRIMARY KEY CHECK (id = 1),
	seq BIGINT NOT NULL
);
INSERT INTO change_seq (id, seq) VALUES (1, 0);

CREATE TABLE article_labels (
	article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	label      TEXT NOT NULL,
	PRIMARY KEY (article_id, label)
);

CREATE INDEX article_labels_label ON article_labels(label, article_id);

CREATE TABLE fingerprint_bands (
	band_key   BIGINT NOT NULL,
	article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	PRIMARY KEY (band_key, article_id)
);

CREATE INDEX fingerprint_bands_article ON fingerprint_bands(article_id);

CREATE TABLE fetch_log (
	id          BIGSERIAL PRIMARY KEY,
	source      TEXT NOT NULL,
	url         TEXT NOT NULL,
	kind        TEXT NOT NULL,
	status      INTEGER NOT NULL,
	error       TEXT NOT NULL,
	bytes       BIGINT NOT NULL,
	duration_ns BIGINT NOT NULL,
	at          BIGINT NOT NULL
);

CREATE INDEX fetch_log_source ON fetch_log(source, id);

CREATE TABLE deliveries (
	digest       TEXT NOT NULL,
	date         TEXT NOT NULL,
	channel      TEXT NOT NULL,
	status       TEXT NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	next_attempt BIGINT,
	updated_at   BIGINT NOT NULL,
	sent_at      BIGINT,
	PRIMARY KEY (digest, date, channel)
);

CREATE INDEX deliveries_updated ON deliveries(updated_at);
