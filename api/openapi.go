package api

import (
	_ "embed"
	"net/http"
)

// openapiJSON is the OpenAPI 3.0 description of the routes table; a test
// checks that the two match.
//
//go:embed openapi.json
var openapiJSON []byte

// openapi serves GET /v1/openapi.json.
func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	writeBody(w, "application/json; charset=utf-8", openapiJSON)
}
