-- 0003: reviews - people's decisions about articles, kept forever with their
-- history. articles.review_id points at the latest review (by at, then id);
-- while it is set, article_labels holds that review's labels instead of the
-- rules', so label filters follow the effective decision.

CREATE TABLE reviews (
	id         INTEGER PRIMARY KEY,
	article_id TEXT NOT NULL,
	on_topic   INTEGER NOT NULL,
	labels     TEXT NOT NULL,
	note       TEXT NOT NULL,
	reviewer   TEXT NOT NULL,
	at         INTEGER NOT NULL,
	ruleset    TEXT NOT NULL
) STRICT;

CREATE INDEX reviews_article ON reviews(article_id, at, id);

ALTER TABLE articles ADD COLUMN review_id INTEGER;

CREATE INDEX articles_review ON articles(review_id) WHERE review_id IS NOT NULL;
