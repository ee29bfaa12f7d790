package config

import "fmt"

// Index configures the search index of serve (and the commands that open
// it).
type Index struct {
	// MappedBudgetMB bounds, in MB, the process's file-backed resident
	// memory, mostly the index's memory-mapped segments: above it the index
	// drops their pages from the process's address space (they stay in the
	// page cache). 0 is index.DefaultMappedBudget (256 MB); -1 turns it off.
	MappedBudgetMB int `yaml:"mapped_budget_mb"`
}

// MappedBudget is MappedBudgetMB in bytes, as index.Options.MappedBudget
// takes it (0: the default; negative: off).
func (ix Index) MappedBudget() int64 {
	if ix.MappedBudgetMB < 0 {
		return -1
	}
	return int64(ix.MappedBudgetMB) << 20
}

// checkIndex checks the index keys.
func (c *Config) checkIndex() error {
	if c.Index.MappedBudgetMB < -1 {
		return fmt.Errorf("index.mapped_budget_mb: %d: must be a size in MB, 0 for the default (256) or -1 for none", c.Index.MappedBudgetMB)
	}
	return nil
}
