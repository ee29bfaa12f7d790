package main

import (
	"context"
	"log/slog"
	"testing"

	"github.com/govwire/govwire/config"
	"github.com/govwire/govwire/index"
)

// TestMappedBudgetFromConfig: serve's index takes index.mapped_budget_mb
// from the config: unset is the index's default, a size is that many MB,
// -1 turns the budget off.
func TestMappedBudgetFromConfig(t *testing.T) {
	for _, tc := range []struct {
		mb   int
		want int64
	}{{0, index.DefaultMappedBudget}, {512, 512 << 20}, {-1, -1}} {
		cfg := config.Default()
		cfg.DataDir = t.TempDir()
		cfg.Index.MappedBudgetMB = tc.mb
		a, err := openApp(context.Background(), &env{cfg: cfg, log: slog.New(slog.DiscardHandler)}, true)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.ix.MappedBudget(); got != tc.want {
			t.Errorf("mapped_budget_mb %d: the index's budget is %d bytes, want %d", tc.mb, got, tc.want)
		}
		a.Close()
	}
}
