package api_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
)

// waitingExporter writes rows first rows, then waits for the client to go
// away, as a long export does.
type waitingExporter struct{ rows int }

func (x waitingExporter) Export(ctx context.Context, w io.Writer, _ govwire.ExportRequest) (govwire.ExportStats, error) {
	var st govwire.ExportStats
	for range x.rows {
		n, err := io.WriteString(w, `{"id":"x"}`+"\n")
		st.Articles++
		st.Bytes += int64(n)
		if err != nil {
			return st, err
		}
	}
	if f, ok := w.(interface{ Flush() }); ok {
		f.Flush()
	}
	<-ctx.Done()
	return st, fmt.Errorf("export: %w", ctx.Err())
}

// TestClientHalfClosesExport: a client that half-closes its socket during
// GET /v1/export is logged as "client went away" and counted as 499, not as
// a 500 (before: a 500 in the metrics and an ERROR line).
func TestClientHalfClosesExport(t *testing.T) {
	for _, rows := range []int{0, 3} {
		t.Run(fmt.Sprintf("after %d rows", rows), func(t *testing.T) {
			var logs syncBuffer
			f := newFixture(t, corpus[:1], func(c *api.Config) {
				c.Exporter = waitingExporter{rows: rows}
				c.Log = f0logger(&logs)
			})
			conn, err := net.Dial("tcp", strings.TrimPrefix(f.srv.URL, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(conn, "GET /v1/export?format=jsonl HTTP/1.1\r\nHost: x\r\n\r\n")
			if err := conn.(*net.TCPConn).CloseWrite(); err != nil {
				t.Fatal(err)
			}
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			io.Copy(io.Discard, conn)
			conn.Close()
			deadline := time.Now().Add(5 * time.Second)
			for !strings.Contains(logs.String(), `"msg":"request"`) && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			_, _, m := call(t, "GET", f.srv.URL+"/metrics", nil, nil)
			if strings.Contains(string(m), `code="500",route="GET /v1/export"`) || !strings.Contains(string(m), `code="499",route="GET /v1/export"`) {
				t.Errorf("metrics for the export: %s", grepPrefix(string(m), "govwire_http_requests_total"))
			}
			if !strings.Contains(logs.String(), "client went away") || strings.Contains(logs.String(), `"level":"ERROR"`) {
				t.Errorf("log: %s", logs.String())
			}
		})
	}
}

func f0logger(w *syncBuffer) *slog.Logger { return (&fixture{}).logger(w) }

// grepPrefix returns the lines of s that start with prefix.
func grepPrefix(s, prefix string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// endlessExporter writes 64 KB rows until a write fails.
type endlessExporter struct{ done chan error }

func (x endlessExporter) Export(ctx context.Context, w io.Writer, _ govwire.ExportRequest) (govwire.ExportStats, error) {
	row := strings.Repeat("r", 64<<10) + "\n"
	var st govwire.ExportStats
	for {
		n, err := io.WriteString(w, row)
		st.Bytes += int64(n)
		if err != nil {
			x.done <- err
			return st, err
		}
	}
}

// TestStalledExportCut: a client that stops reading an export is cut off
// after ExportIdleTimeout, instead of holding the export (and its store
// reader) for ever (the write deadline used to be lifted entirely).
func TestStalledExportCut(t *testing.T) {
	defer func(d time.Duration) { api.ExportIdleTimeout = d }(api.ExportIdleTimeout)
	api.ExportIdleTimeout = 500 * time.Millisecond
	x := endlessExporter{done: make(chan error, 1)}
	f := newFixture(t, corpus[:1], func(c *api.Config) { c.Exporter = x })
	conn, err := net.Dial("tcp", strings.TrimPrefix(f.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /v1/export?format=jsonl HTTP/1.1\r\nHost: x\r\n\r\n")
	select {
	case err := <-x.done:
		t.Logf("export cut: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("an export to a client that reads nothing still runs after 10 s")
	}
}
