package classify

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/rules"
)

// ruleFile is one decoded rule file.
type ruleFile struct {
	name string
	spec fileSpec
}

// Load compiles the rule files (*.yaml) of dir; dir "" means the built-in
// rules embedded in package rules. Errors are govwire.EINVALID errors that
// name the file, the line and the rule id.
func Load(dir string) (*Engine, error) {
	if dir == "" {
		return LoadFS(rules.FS)
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, govwire.Errorf(govwire.EINVALID, "rules directory %s: not a readable directory", dir)
	}
	return LoadFS(os.DirFS(dir))
}

// LoadFS compiles the rule files (*.yaml) at the root of fsys.
func LoadFS(fsys fs.FS) (*Engine, error) {
	files, hash, err := readFiles(fsys)
	if err != nil {
		return nil, err
	}
	e, err := compile(files)
	if err != nil {
		return nil, err
	}
	e.ruleset = hash
	return e, nil
}

// readFiles decodes every *.yaml file of fsys in name order and hashes
// their names and contents.
func readFiles(fsys fs.FS) ([]ruleFile, string, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, "", fmt.Errorf("list rule files: %w", err)
	}
	if len(names) == 0 {
		return nil, "", govwire.Errorf(govwire.EINVALID, "no rule files (*.yaml) found")
	}
	sort.Strings(names)
	h := sha256.New()
	var files []ruleFile
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, "", fmt.Errorf("read rule file %s: %w", name, err)
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
		spec, err := decodeFile(name, data)
		if err != nil {
			return nil, "", err
		}
		files = append(files, ruleFile{name: path.Base(name), spec: spec})
	}
	return files, "rs-" + hex.EncodeToString(h.Sum(nil))[:12], nil
}

var (
	lineRE         = regexp.MustCompile(`line (\d+)`)
	unknownFieldRE = regexp.MustCompile(`field (\S+) not found in type \S+`)
)

// decodeFile decodes one rule file strictly: unknown keys are errors, and
// every error names the file, the line and, inside a rule, its id.
func decodeFile(name string, data []byte) (fileSpec, error) {
	var spec fileSpec
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return spec, fileError(name, nil, err)
	}
	ruleNodes := findRules(&root)
	if n := aliasCycle(&root, map[*yaml.Node]uint8{}); n != nil {
		return spec, fileError(name, ruleNodes, fmt.Errorf("line %d: alias *%s refers to an expression that contains it", n.Line, n.Value))
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&spec); err != nil && !errors.Is(err, io.EOF) {
		return spec, fileError(name, ruleNodes, err)
	}
	for i := range spec.Rules {
		if i < len(ruleNodes) {
			spec.Rules[i].Line = ruleNodes[i].Line
		}
	}
	for i, n := range findSeq(&root, "lists") {
		if i < len(spec.Lists) {
			spec.Lists[i].Line = n.Line
		}
	}
	return spec, nil
}

// aliasCycle returns an alias node that refers to one of its own
// ancestors (directly or through other aliases), or nil. Decoding such a
// file would recurse without end. state marks anchored nodes (the only
// ones an alias can refer to) being walked (1) and walked without a cycle
// (2), so each node is walked once: any other node is reached only from
// its parent. Marking only anchors keeps the walk to one map operation per
// anchor, not per node.
func aliasCycle(n *yaml.Node, state map[*yaml.Node]uint8) *yaml.Node {
	anchored := n.Anchor != ""
	if anchored {
		switch state[n] {
		case 1:
			return n
		case 2:
			return nil
		}
		state[n] = 1
	}
	kids := n.Content
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		kids = []*yaml.Node{n.Alias}
	}
	for _, k := range kids {
		if c := aliasCycle(k, state); c != nil {
			if c.Kind != yaml.AliasNode && n.Kind == yaml.AliasNode {
				return n
			}
			return c
		}
	}
	if anchored {
		state[n] = 2
	}
	return nil
}

// fileError turns a YAML error into an EINVALID error naming file, line
// and the rule whose lines contain it.
func fileError(name string, ruleNodes []*yaml.Node, err error) error {
	msg := err.Error()
	m := lineRE.FindStringSubmatch(msg)
	if m == nil {
		return govwire.Errorf(govwire.EINVALID, "%s: %s", name, msg)
	}
	line, _ := strconv.Atoi(m[1])
	id := ""
	for _, n := range ruleNodes {
		if n.Line <= line {
			id = mapValue(n, "id")
		}
	}
	msg = lineRE.ReplaceAllString(msg, "")
	msg = unknownFieldRE.ReplaceAllString(msg, `unknown key "$1"`)
	msg = regexp.MustCompile(`^yaml: (unmarshal errors:\n\s*)?`).ReplaceAllString(msg, "")
	msg = regexp.MustCompile(`^\s*:\s*`).ReplaceAllString(msg, "")
	if id != "" {
		return govwire.Errorf(govwire.EINVALID, "%s:%d: rule %s: %s", name, line, id, msg)
	}
	return govwire.Errorf(govwire.EINVALID, "%s:%d: %s", name, line, msg)
}

// findRules returns the mapping nodes of the top-level "rules" sequence.
func findRules(root *yaml.Node) []*yaml.Node { return findSeq(root, "rules") }

func findSeq(root *yaml.Node, key string) []*yaml.Node {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == key && top.Content[i+1].Kind == yaml.SequenceNode {
			return top.Content[i+1].Content
		}
	}
	return nil
}

// mapValue returns the scalar value of key in mapping n, or "".
func mapValue(n *yaml.Node, key string) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1].Value
		}
	}
	return ""
}
