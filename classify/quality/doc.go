// Package quality measures a classify rule set against labelled data: it
// reads gold files (gold.go), scores the rules per label and per rule
// (evaluate.go), writes the report (report.go), compares two rule sets
// item by item (diff.go) and lints rule files (lint.go). It sits beside
// the engine and uses only package classify's exported API (Load,
// Explain, Rules, TestExamples), so what it measures is what the
// classify command does. docs/RULES.md shows the commands built on it:
// govwire eval and govwire rules lint.
package quality
