// Package sqlcore is the part of govwire's store of record that both
// drivers share: the SQL, the row codecs and the decisions around them
// (save outcomes, cluster choice, review supersession, delivery claims),
// written once over a small executor interface (Querier, Tx) that the
// SQLite driver (store/, database/sql) and the PostgreSQL driver
// (store/postgres, pgx) each adapt.
//
// The SQL uses numbered placeholders ($1, $2, ...). PostgreSQL takes them
// natively; SQLite reads $1 as a named parameter, which modernc.org/sqlite
// binds to the argument of that number (TestNumberedPlaceholders). Where
// the two SQL dialects really differ (locking a row for update, a list
// bound as one argument), the driver says how in a Dialect. What is
// driver business stays in the driver: connections and transactions, the
// change sequence (MAX+1 under SQLite's single writer, a locked counter
// and NOTIFY on PostgreSQL), advisory locks, LISTEN, leader election and
// migrations.
//
// Scan destinations for nullable columns are this package's sql.Scanner
// types (nullInt, nullStr, nullBool), which both database/sql and pgx
// fill from the column's plain value.
// Arguments that may be NULL are untyped nil or a plain value in an any,
// which both drivers bind the same way.
package sqlcore
