package main

import "context"

// runReindex is a placeholder until its package lands.
func runReindex(ctx context.Context, e *env, args []string) error {
	return usagef("reindex: not built yet")
}
