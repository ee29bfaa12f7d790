package main

import "context"

// runServe is a placeholder until its package lands.
func runServe(ctx context.Context, e *env, args []string) error {
	return usagef("serve: not built yet")
}
