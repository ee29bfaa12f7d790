package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// openapiDoc is the part of the OpenAPI document the test reads.
type openapiDoc struct {
	OpenAPI string                                `json:"openapi"`
	Paths   map[string]map[string]json.RawMessage `json:"paths"`
}

// documentedPath turns a mux pattern's path into its OpenAPI path.
func documentedPath(path string) string {
	path = strings.TrimSuffix(path, "{$}")
	if path == "/assets/" {
		return "/assets/{file}"
	}
	return path
}

var pathParam = regexp.MustCompile(`\{[a-z_]+\}`)

// TestOpenAPIMatchesRoutes checks that every route of the routes table is
// documented with its method, and that every documented path and method is
// routed to a handler.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc openapiDoc
	if err := json.Unmarshal(openapiJSON, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.0") {
		t.Errorf("openapi version %q", doc.OpenAPI)
	}
	s := New(Config{})
	for _, rt := range s.routes() {
		method, path, _ := strings.Cut(rt.pattern, " ")
		ops, ok := doc.Paths[documentedPath(path)]
		if !ok {
			t.Errorf("route %q is not documented", rt.pattern)
			continue
		}
		if _, ok := ops[strings.ToLower(method)]; !ok {
			t.Errorf("route %q: method %s not documented", rt.pattern, method)
		}
	}
	routed := http.NewServeMux()
	for _, rt := range s.routes() {
		pattern := rt.pattern
		routed.HandleFunc(pattern, func(http.ResponseWriter, *http.Request) {})
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !slices.Contains([]string{"get", "post", "put", "delete", "patch"}, method) {
				continue
			}
			sample := pathParam.ReplaceAllString(path, "0123456789abcdef")
			r := httptest.NewRequest(strings.ToUpper(method), sample, nil)
			if _, pattern := routed.Handler(r); pattern == "" {
				t.Errorf("documented %s %s (%s) has no route", method, path, sample)
			}
		}
	}
}

// TestOpenAPIServed checks the document is served as JSON.
func TestOpenAPIServed(t *testing.T) {
	s := New(Config{})
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/v1/openapi.json", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") || !json.Valid(rec.Body.Bytes()) {
		t.Errorf("GET /v1/openapi.json: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}
