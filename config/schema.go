package config

import (
	"fmt"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// maxSchemaErrors bounds how many key errors one load reports.
const maxSchemaErrors = 10

var (
	durationType    = reflect.TypeFor[time.Duration]()
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
)

// walker checks a YAML node tree against the Go type it will be decoded
// into, before decoding: unknown keys (with a suggestion), values of the
// wrong kind, keys set twice. On the way it expands ${NAME} in values,
// turns plain numbers into durations of that many seconds, and records the
// line of every key path ("sources[1].schedule") for later errors.
type walker struct {
	lines  map[string]int
	errs   []*fieldError
	visits int
}

// maxVisits bounds the nodes one load walks, so that aliases of aliases
// (a "billion laughs" file) cannot make loading take forever.
const maxVisits = 100_000

// fieldError is an error about one key: its path, line (0 when the key is
// not in the file) and what is wrong.
type fieldError struct {
	line int
	path string
	msg  string
}

func (e *fieldError) Error() string {
	if e.path == "" {
		return e.msg
	}
	return e.path + ": " + e.msg
}

func (w *walker) fail(n *yaml.Node, path, format string, args ...any) {
	if len(w.errs) < maxSchemaErrors {
		w.errs = append(w.errs, &fieldError{line: n.Line, path: path, msg: fmt.Sprintf(format, args...)})
	}
}

// walk checks n against t at path.
func (w *walker) walk(n *yaml.Node, t reflect.Type, path string) {
	if w.visits++; w.visits > maxVisits {
		if w.visits == maxVisits+1 {
			w.fail(n, path, "too many values (more than %d, counting each use of an alias)", maxVisits)
		}
		return
	}
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if n.Kind == yaml.ScalarNode {
		w.expandEnv(n, t, path)
		if n.ShortTag() == "!!null" {
			return
		}
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return
	}
	switch {
	case t == durationType:
		w.duration(n, path)
	case t.Kind() == reflect.Struct:
		w.mapping(n, t, path)
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			w.fail(n, path, "want a list, such as [a, b] or one \"- item\" per line, got %s", describe(n))
			return
		}
		for i, item := range n.Content {
			p := fmt.Sprintf("%s[%d]", path, i)
			w.lines[p] = item.Line
			w.walk(item, t.Elem(), p)
		}
	case t.Kind() == reflect.Map:
		if n.Kind != yaml.MappingNode {
			w.fail(n, path, "want a mapping of names to values, got %s", describe(n))
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			p := path + "." + n.Content[i].Value
			w.lines[p] = n.Content[i].Line
			w.walk(n.Content[i+1], t.Elem(), p)
		}
	default:
		w.scalar(n, t, path)
	}
}

// mapping checks a struct's keys.
func (w *walker) mapping(n *yaml.Node, t reflect.Type, path string) {
	fields := yamlFields(t)
	if n.Kind != yaml.MappingNode {
		w.fail(n, path, "want a mapping with keys %s, got %s", strings.Join(sortedKeys(fields), ", "), describe(n))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := k.Value
		if path != "" {
			p = path + "." + k.Value
		}
		if first, dup := seen[k.Value]; dup {
			w.fail(k, p, "set twice (first on line %d)", first)
			continue
		}
		seen[k.Value] = k.Line
		f, ok := fields[k.Value]
		if !ok {
			w.fail(k, p, "unknown key%s; allowed here: %s", suggest(k.Value, sortedKeys(fields)), strings.Join(sortedKeys(fields), ", "))
			continue
		}
		w.lines[p] = k.Line
		w.walk(v, f.Type, p)
	}
}

// duration accepts a Go duration ("30s", "1m30s") or a plain number of
// seconds (30, 0, 0.5), which it rewrites as a duration for the decoder.
func (w *walker) duration(n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode {
		w.fail(n, path, "want a duration such as 30s, 15m or a number of seconds, got %s", describe(n))
		return
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
		secs, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
		if err != nil || secs != secs || secs > 1e9 || secs < -1e9 {
			w.fail(n, path, "%q is not a number of seconds", n.Value)
			return
		}
		n.Value = strconv.FormatFloat(secs, 'f', -1, 64) + "s"
		n.Tag = "!!str"
		return
	}
	if _, err := time.ParseDuration(n.Value); err != nil {
		w.fail(n, path, "%q is not a duration (want e.g. 30s, 1m30s, 2h or a number of seconds)", n.Value)
	}
}

// scalar checks that n fits a string, bool or number field.
func (w *walker) scalar(n *yaml.Node, t reflect.Type, path string) {
	if n.Kind != yaml.ScalarNode {
		w.fail(n, path, "want a single value, got %s", describe(n))
		return
	}
	tag := n.ShortTag()
	switch t.Kind() {
	case reflect.Bool:
		if tag != "!!bool" {
			w.fail(n, path, "%q is not true or false", n.Value)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if tag != "!!int" {
			w.fail(n, path, "%q is not a whole number", n.Value)
		}
	case reflect.Float32, reflect.Float64:
		if tag != "!!int" && tag != "!!float" {
			w.fail(n, path, "%q is not a number", n.Value)
		}
	}
}

// envRef matches ${NAME}, and $${NAME}, which stands for a literal ${NAME}.
var envRef = regexp.MustCompile(`\$?\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// expandEnv replaces ${NAME} in a scalar value with the environment
// variable NAME; an unset variable is an error, so a missing secret never
// turns into an empty one. A plain $NAME is left alone, and so are
// comments, which are not values. The result is a string for a string key
// (a password "null" stays "null") and is typed again for other keys, so
// port: "${SMTP_PORT}" is a number.
func (w *walker) expandEnv(n *yaml.Node, t reflect.Type, path string) {
	if !strings.Contains(n.Value, "${") {
		return
	}
	var missing []string
	n.Value = envRef.ReplaceAllStringFunc(n.Value, func(m string) string {
		if strings.HasPrefix(m, "$$") {
			return m[1:]
		}
		name := m[2 : len(m)-1]
		v, ok := os.LookupEnv(name)
		if !ok {
			missing = append(missing, name)
		}
		return v
	})
	if len(missing) > 0 {
		w.fail(n, path, "environment variable %s is not set", strings.Join(missing, ", "))
	}
	if t.Kind() == reflect.String {
		n.Tag = "!!str"
	} else {
		n.Tag, n.Style = "", 0
	}
}

// yamlFields maps a struct's YAML keys to its fields (inline structs
// included, "-" left out).
func yamlFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("yaml")
		name, opts, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if strings.Contains(opts, "inline") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			for k, v := range yamlFields(ft) {
				out[k] = v
			}
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		out[name] = f
	}
	return out
}

func sortedKeys(m map[string]reflect.StructField) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// describe names what a node holds, for "got ..." in messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}
