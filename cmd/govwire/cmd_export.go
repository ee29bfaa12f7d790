package main

import "context"

// runExport is a placeholder until its package lands.
func runExport(ctx context.Context, e *env, args []string) error {
	return usagef("export: not built yet")
}
