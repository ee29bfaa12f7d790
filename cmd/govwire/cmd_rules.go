package main

import "context"

// runRules is a placeholder until its package lands.
func runRules(ctx context.Context, e *env, args []string) error {
	return usagef("rules: not built yet")
}
