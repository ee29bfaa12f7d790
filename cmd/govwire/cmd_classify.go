package main

import "context"

// runClassify is a placeholder until its package lands.
func runClassify(ctx context.Context, e *env, args []string) error {
	return usagef("classify: not built yet")
}
