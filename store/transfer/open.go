package transfer

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/govwire/govwire/store"
)

// OpenSource opens the SQLite store at path for reading: through the
// store first, so its schema is brought to the latest migration (as the
// destination's is), then as a read-only handle for the copy.
func OpenSource(ctx context.Context, path string) (*sql.DB, error) {
	st, err := store.Open(ctx, path, nil)
	if err != nil {
		return nil, err
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}
