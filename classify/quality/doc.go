// Package quality measures a classify rule set against labelled data: it
// reads gold files (gold.go), scores the rules per label and per rule
// (evaluate.go), writes the report (report.go), compares two rule sets
// item by item, decision by decision and rule by rule (diff.go), reports
// the spread of scores over folds of a gold set (folds.go), lints rule
// files (lint.go) and warns about terms fitted to a single gold item
// (overfit.go). It sits beside the engine and uses only package
// classify's exported API (Load, Explain, Rules, TestExamples,
// WrittenTerms), so what it measures is what the classify command does.
// docs/RULES.md shows the commands built on it: govwire eval and govwire
// rules lint.
package quality
