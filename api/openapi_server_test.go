package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/govwire/govwire/api"
)

// openapiOp is the part of one documented operation the tests read.
type openapiOp struct {
	Security  *[]map[string][]string     `json:"security"`
	Responses map[string]json.RawMessage `json:"responses"`
}

// openapiServed fetches the served document.
func openapiServed(t *testing.T, f *fixture) (info struct {
	License struct{ Name, URL string } `json:"license"`
}, ops map[string]map[string]openapiOp) {
	t.Helper()
	var doc struct {
		Info  json.RawMessage                       `json:"info"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	f.getJSON(t, "/v1/openapi.json", 200, &doc)
	if err := json.Unmarshal(doc.Info, &info); err != nil {
		t.Fatal(err)
	}
	ops = map[string]map[string]openapiOp{}
	for path, byMethod := range doc.Paths {
		ops[path] = map[string]openapiOp{}
		for method, raw := range byMethod {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			var op openapiOp
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Fatalf("%s %s: %v", method, path, err)
			}
			ops[path][method] = op
		}
	}
	return info, ops
}

var samplePathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// TestOpenAPIOperationsMatchServer checks each documented operation against
// the running server: it names its security (a token, or none),
// and an operation documented as needing the token answers 401 without it
// while every other answers without asking; it documents a 4xx answer, and
// a malformed query string gets the documented 400. The document has a
// licence. (redocly lint runs the same recommended rules in .ci/run.)
func TestOpenAPIOperationsMatchServer(t *testing.T) {
	f := newFixture(t, corpus, func(c *api.Config) { c.AdminToken = "s3cret-token" })
	info, ops := openapiServed(t, f)
	if info.License.Name == "" {
		t.Error("info.license.name is missing")
	}
	for path, byMethod := range ops {
		for method, op := range byMethod {
			name := strings.ToUpper(method) + " " + path
			if op.Security == nil {
				t.Errorf("%s: no security (use [] for a public route)", name)
				continue
			}
			needsToken := false
			for _, req := range *op.Security {
				if len(req) > 0 { // adminToken or reviewerToken
					needsToken = true
				}
			}
			var has4xx bool
			for code := range op.Responses {
				has4xx = has4xx || strings.HasPrefix(code, "4")
			}
			if !has4xx {
				t.Errorf("%s: no 4xx response documented", name)
			}
			u := f.srv.URL + samplePathParam.ReplaceAllString(path, "0123456789abcdef")
			status, h, body := call(t, strings.ToUpper(method), u, nil, nil)
			if got := status == http.StatusUnauthorized; got != needsToken {
				t.Errorf("%s without a token: %d %s; the document says token needed: %v", name, status, body, needsToken)
			}
			if needsToken && h.Get("WWW-Authenticate") == "" {
				t.Errorf("%s: 401 without WWW-Authenticate", name)
			}
			if _, ok := op.Responses["401"]; needsToken && !ok {
				t.Errorf("%s needs a token but documents no 401", name)
			}
			status, _, body = call(t, strings.ToUpper(method), u+"?x=%zz", nil, nil)
			if _, ok := op.Responses["400"]; status != http.StatusBadRequest || !ok {
				t.Errorf("%s?x=%%zz: %d %s; want the documented 400 (documented: %v)", name, status, body, ok)
			}
		}
	}
}
