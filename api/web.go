package api

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"

	"github.com/govwire/govwire"
)

// webFS holds the search page: index.html, app.js and style.css, and the
// charts and entity pages: chart.js and chart.css. No build step: plain
// HTML, CSS and JavaScript.
//
//go:embed web
var webFS embed.FS

// webRoot is webFS without its web/ prefix.
var webRoot, _ = fs.Sub(webFS, "web")

// page serves GET /: the search page.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(webRoot, "index.html")
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(b)
}

// assetNames are the files GET /assets/ serves.
var assetNames = map[string]bool{"app.js": true, "style.css": true, "chart.js": true, "chart.css": true,
	"review.js": true, "review.css": true}

// assets serves GET /assets/: the page's script and style sheet.
func (s *Server) assets(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/assets/")
	if !assetNames[name] {
		writeError(w, r, s.log, govwire.Errorf(govwire.ENOTFOUND, "no such file: %s", clip(r.URL.Path, 80)))
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	http.ServeFileFS(w, r, webRoot, name)
}
