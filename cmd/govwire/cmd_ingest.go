package main

import "context"

// runIngest is a placeholder until its package lands.
func runIngest(ctx context.Context, e *env, args []string) error {
	return usagef("ingest: not built yet")
}
