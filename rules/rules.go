// Package rules holds govwire's built-in classification rules as data: YAML
// files with term lists, gazetteers and rules, embedded into the binary.
// classify.Load("") compiles them; docs/RULES.md describes the language.
package rules

import "embed"

// FS holds every *.yaml rule file of this directory.
//
//go:embed *.yaml
var FS embed.FS
