package main

import "context"

// runReclassify is a placeholder until its package lands.
func runReclassify(ctx context.Context, e *env, args []string) error {
	return usagef("reclassify: not built yet")
}
