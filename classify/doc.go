// Package classify is govwire's rule-based classifier. It compiles the
// YAML rule files of package rules (or a directory) into one Aho-Corasick
// automaton over case- and punctuation-folded text and evaluates boolean,
// proximity and scoped rules on token positions, to decide whether a
// document is about a government cloud contract and which of the labels
// bid, award, protest and allegation it carries, with the evidence for
// every decision. docs/RULES.md describes the rule language.
//
// Where things are: load.go and spec.go read rule files; compile.go,
// compile_rule.go, terms.go and inflect.go turn them into term sets and
// expression trees; fold.go splits text into folded words, codes.go gives
// them word codes, wordac.go and emit.go are the automaton and its
// outputs; engine.go scans a document, expr.go evaluates rule expressions
// on the matches, classify.go decides and collects evidence, entities.go
// and numbers.go find gazetteer entries, money amounts and contract
// numbers; stream.go, jsonin.go and jsonout.go are the JSON Lines command;
// explain.go and examples.go report which rules fired and run the examples
// written inside rule files; reload.go swaps in edited rules while
// serving.
//
// Measuring a rule set (gold files, scores, folds, lint, rule-set diffs,
// reports) lives in package classify/quality, which uses only this
// package's exported API.
package classify
