package backfill

import "context"

// archive walks the source's paged feed archive (archive_feed.go).
func (r *run) archive(ctx context.Context) []candidate { return nil }
