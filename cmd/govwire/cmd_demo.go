package main

import "context"

// runDemo is a placeholder until its package lands.
func runDemo(ctx context.Context, e *env, args []string) error {
	return usagef("demo: not built yet")
}
