package main

import "context"

// runDigest is a placeholder until its package lands.
func runDigest(ctx context.Context, e *env, args []string) error {
	return usagef("digest: not built yet")
}
