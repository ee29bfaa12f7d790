package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/index"
)

// A running serve holds the index open (Bleve locks it), so search and
// export --query cannot open it too. They ask that server's API instead,
// found from the config's listen address, or fail at once saying which
// process holds the index and what to run.

// searchAnywhere answers sq from the index, or from the running server's
// API when a serve holds the index.
func (e *env) searchAnywhere(ctx context.Context, sq govwire.SearchQuery) (*govwire.SearchResult, error) {
	rs, err := e.serverSearcher(ctx)
	if err != nil {
		return nil, err
	}
	if rs != nil {
		return rs.Search(ctx, sq)
	}
	ix, err := e.openIndex(ctx)
	if err != nil {
		return nil, err
	}
	defer e.closeLogged("index", ix)
	return ix.Search(ctx, sq)
}

// serverSearcher returns nil when no process holds the index (open it
// then), a searcher over the running server's API when one does and that
// server answers, and an EUNAVAILABLE error naming the holder otherwise.
func (e *env) serverSearcher(ctx context.Context) (govwire.Searcher, error) {
	if !index.InUse(e.indexPath()) {
		return nil, nil
	}
	base := serverURL(e.cfg.Listen)
	rs := &remoteSearcher{base: base, hc: &http.Client{Timeout: 30 * time.Second}}
	if err := rs.ping(ctx); err != nil {
		return nil, govwire.Errorf(govwire.EUNAVAILABLE, "the index %s is open in %s, and no govwire serve answers at %s "+
			"(the listen address of this config): %v; run this command with the --config of that serve, "+
			"or stop it, or wait for it to finish", e.indexPath(), describeHolder(e.cfg.DataDir), base, err)
	}
	e.log.Info("the index is open in a running server: asking its API", "url", base)
	return rs, nil
}

// serverURL is the base URL of a server listening on addr; an address
// without a host ("":8080", "0.0.0.0:8080") is reached on loopback.
func serverURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// remoteSearcher is a govwire.Searcher over GET /v1/search of a server.
type remoteSearcher struct {
	base string
	hc   *http.Client
}

// ping checks that a govwire server answers at rs.base.
func (rs *remoteSearcher) ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rs.base+"/healthz", nil)
	if err != nil {
		return err
	}
	resp, err := rs.hc.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /healthz: status %d", resp.StatusCode)
	}
	return nil
}

// Search runs sq on the server. The server's errors keep their codes, so
// a bad query is still bad input (exit 2).
func (rs *remoteSearcher) Search(ctx context.Context, sq govwire.SearchQuery) (*govwire.SearchResult, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rs.base+"/v1/search?"+searchParams(sq).Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("search server: %w", err)
	}
	resp, err := rs.hc.Do(req)
	if err != nil {
		return nil, govwire.Errorf(govwire.EUNAVAILABLE, "search the server at %s: %v", rs.base, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("search server: read answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if json.Unmarshal(body, &e) == nil && e.Error.Code != "" {
			return nil, govwire.Errorf(e.Error.Code, "%s", e.Error.Message)
		}
		return nil, fmt.Errorf("search server: status %d", resp.StatusCode)
	}
	var res govwire.SearchResult
	if err := json.Unmarshal(body, &res); err != nil {
		return nil, fmt.Errorf("search server: decode answer: %w", err)
	}
	return &res, nil
}

// searchParams is sq as the query string of GET /v1/search.
func searchParams(sq govwire.SearchQuery) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("q", sq.Q)
	for k, vs := range map[string][]string{"label": sq.Labels, "vendor": sq.Vendors, "agency": sq.Agencies,
		"programme": sq.Programmes, "source": sq.Sources} {
		for _, x := range vs {
			v.Add(k, x)
		}
	}
	if !sq.Since.IsZero() {
		v.Set("since", sq.Since.UTC().Format(time.RFC3339))
	}
	if !sq.Until.IsZero() {
		v.Set("until", sq.Until.UTC().Format(time.RFC3339)) // exclusive, as the CLI computed it
	}
	set("sort", sq.Sort)
	if sq.Page > 1 {
		v.Set("page", fmt.Sprint(sq.Page))
	}
	if sq.Size > 0 {
		v.Set("size", fmt.Sprint(sq.Size))
	}
	set("after", sq.After)
	if sq.Collapse {
		v.Set("collapse", "true")
	}
	if sq.OnTopic != nil && !*sq.OnTopic {
		v.Set("all", "true")
	}
	return v
}

var _ govwire.Searcher = (*remoteSearcher)(nil)
