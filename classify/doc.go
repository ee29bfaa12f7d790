// Package classify is govwire's rule-based classifier. It compiles the
// YAML rule files of package rules (or a directory) into one Aho-Corasick
// automaton over case- and punctuation-folded text and evaluates boolean,
// proximity and scoped rules on token positions, to decide whether a
// document is about a government cloud contract and which of the labels
// bid, award, protest and allegation it carries, with the evidence for
// every decision. It also evaluates a rule set against gold labels
// (Evaluate), runs the examples written inside rule files (TestExamples),
// lints rules (Lint) and reloads rules when their files change (Reloader).
// docs/RULES.md describes the rule language.
package classify
