package main

import "context"

// runEval is a placeholder until its package lands.
func runEval(ctx context.Context, e *env, args []string) error {
	return usagef("eval: not built yet")
}
