-- 0003: reviews, the PostgreSQL side of store/migrations/0003_reviews.sql:
-- people's decisions about articles, kept forever with their history.
-- articles.review_id points at the latest review (by at, then id); while it
-- is set, article_labels holds that review's labels instead of the rules'.

CREATE TABLE reviews (
	id         BIGSERIAL PRIMARY KEY,
	article_id TEXT NOT NULL,
	on_topic   BOOLEAN NOT NULL,
	labels     TEXT NOT NULL,
	note       TEXT NOT NULL,
	reviewer   TEXT NOT NULL,
	at         BIGINT NOT NULL,
	ruleset    TEXT NOT NULL
);

CREATE INDEX reviews_article ON reviews(article_id, at, id);

ALTER TABLE articles ADD COLUMN review_id BIGINT;

CREATE INDEX articles_review ON articles(review_id) WHERE review_id IS NOT NULL;
