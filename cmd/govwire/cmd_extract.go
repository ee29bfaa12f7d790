package main

import "context"

// runExtract is a placeholder until its package lands.
func runExtract(ctx context.Context, e *env, args []string) error {
	return usagef("extract: not built yet")
}
