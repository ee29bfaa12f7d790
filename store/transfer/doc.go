// Package transfer copies a SQLite store of record into a PostgreSQL one
// (govwire migrate): every table, in batches, resumable, verified at the
// end by row counts and a content hash of every row on both sides.
//
// Both stores are opened by their drivers first, so both schemas are at
// the same, latest migration and hold the same columns. Articles are
// copied in change-sequence order, each batch in one transaction together
// with its labels and fingerprint bands: an interrupted copy leaves the
// destination holding a prefix of the source, and the next run continues
// after the highest sequence number already there. The small tables
// (sources, fetch log, deliveries, backfill progress) are copied whole on
// every run, rows already present kept. Values move unchanged (times are
// unix nanoseconds on both sides), except SQLite's 0/1 on_topic, which
// becomes a boolean.
package transfer
