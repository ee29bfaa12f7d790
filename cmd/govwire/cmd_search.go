package main

import "context"

// runSearch is a placeholder until its package lands.
func runSearch(ctx context.Context, e *env, args []string) error {
	return usagef("search: not built yet")
}
