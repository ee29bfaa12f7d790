// Package postgres is govwire's store of record on PostgreSQL, for several
// govwire processes sharing one record (issue 16). It implements every
// interface of govwire.Store with the same semantics as the SQLite store in
// store/, which the contract suite in store/storetest checks on both:
//
//   - SaveArticle is one transaction per article, keyed by canonical URL.
//     Saves of one canonical URL are serialised by a transaction-scoped
//     advisory lock on the URL, so two processes fetching the same story
//     cannot both insert it.
//   - The change sequence is a single counter row (change_seq), incremented
//     by UPDATE ... RETURNING inside each writing transaction, as the last
//     step before the article row is written. The row lock taken by that
//     UPDATE is held until commit, so a second writer waits for the first
//     to commit before it gets the next number: numbers become visible in
//     the order they are handed out, and a reader that follows
//     "seq > last" (an index catching up) never skips one. A rolled-back
//     transaction rolls its number back too, so no number is lost.
//     Writers only queue on this short tail of the transaction (the article,
//     label and band rows); loading the old version and the near-duplicate
//     lookup run before it, concurrently.
//   - Each committed change sends NOTIFY on a channel named after the
//     schema (Notifications), so other processes' indexes wake at once;
//     they poll as the fallback.
//   - Delivery claims are the same compare-and-swap as SQLite's: an INSERT
//     ... ON CONFLICT DO NOTHING for a new record, an UPDATE guarded by the
//     old status, attempts and update time otherwise. PostgreSQL re-checks
//     the guard after a concurrent update commits, so exactly one claim wins.
//   - The schema is versioned by embedded migrations/*.sql, one for each of
//     store/migrations/*.sql with the same number and name; migrations run
//     under an advisory lock so processes starting together apply them once.
//
// Times are unix nanoseconds in BIGINT columns, as in SQLite, so a copy
// between the two (govwire migrate) moves values unchanged. The DSN is a
// libpq keyword/value string or a postgres:// URL; a search_path in it
// selects the schema (tests use one schema each).
package postgres
