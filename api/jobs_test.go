package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/api"
)

// jobBody is a job as the API returns it.
type jobBody struct {
	ID       string
	Status   string
	Progress struct{ Done, Total int }
	Summary  map[string]any
	Error    *struct{ Code, Message string }
}

// TestIngestJob: POST /v1/ingest answers 202 with a job at once (it used
// to hold the request for the whole pass, past the 60 s write timeout);
// GET /v1/jobs/{id} gives progress, then the summary.
func TestIngestJob(t *testing.T) {
	release := make(chan struct{})
	progressed := make(chan struct{})
	ingest := func(ctx context.Context) (any, error) {
		govwire.ReportProgress(ctx, 1, 3)
		close(progressed)
		<-release
		govwire.ReportProgress(ctx, 3, 3)
		return map[string]int{"sources": 3, "new": 5}, nil
	}
	f := newFixture(t, corpus[:1], func(c *api.Config) { c.AdminToken = "s3cret-token"; c.Ingest = ingest })
	auth := map[string]string{"Authorization": "Bearer s3cret-token"}

	for _, tok := range []string{"", "wrong", "s3cret-token-longer", "s3cret-toke"} {
		hdr := map[string]string{"Authorization": "Bearer " + tok}
		status, h, b := call(t, http.MethodPost, f.srv.URL+"/v1/ingest", nil, hdr)
		if status != 401 || !strings.Contains(string(b), `"unauthorized"`) || h.Get("WWW-Authenticate") == "" {
			t.Errorf("token %q: %d %s", tok, status, b)
		}
	}

	start := time.Now()
	status, h, b := call(t, http.MethodPost, f.srv.URL+"/v1/ingest", nil, auth)
	var job jobBody
	if status != http.StatusAccepted || json.Unmarshal(b, &job) != nil || job.ID == "" || job.Status != govwire.JobRunning {
		t.Fatalf("POST /v1/ingest: %d %s; want 202 with a running job", status, b)
	}
	if time.Since(start) > 2*time.Second || h.Get("Location") != "/v1/jobs/"+job.ID {
		t.Errorf("202 after %s, Location %q", time.Since(start), h.Get("Location"))
	}
	<-progressed
	var got jobBody
	getJob(t, f, job.ID, auth, 200, &got)
	if got.Status != govwire.JobRunning || got.Progress.Done != 1 || got.Progress.Total != 3 {
		t.Errorf("running job: %+v", got)
	}
	// One pass at a time: a second request names the running job.
	if status, _, b := call(t, http.MethodPost, f.srv.URL+"/v1/ingest", nil, auth); status != 409 || !strings.Contains(string(b), job.ID) {
		t.Errorf("concurrent ingest: %d %s, want 409 naming job %s", status, b, job.ID)
	}
	close(release)
	got = waitJob(t, f, job.ID, auth)
	if got.Status != govwire.JobDone || got.Summary["new"] != float64(5) || got.Progress.Done != 3 {
		t.Errorf("finished job: %+v", got)
	}
	if status, _, _ := call(t, http.MethodGet, f.srv.URL+"/v1/jobs/"+job.ID, nil, nil); status != 401 {
		t.Errorf("GET job without the token: %d, want 401", status)
	}
	var e apiError
	getJob(t, f, "0123456789abcdef", auth, 404, &e)

	// The next pass may start once the first is done.
	release = make(chan struct{})
	progressed = make(chan struct{})
	close(release)
	if status, _, b := call(t, http.MethodPost, f.srv.URL+"/v1/ingest", nil, auth); status != 202 {
		t.Errorf("second pass: %d %s", status, b)
	} else {
		json.Unmarshal(b, &job)
		waitJob(t, f, job.ID, auth)
	}
}

// TestIngestJobFails: a failing or panicking pass is a failed job with a
// message free of internals; the server lives on.
func TestIngestJobFails(t *testing.T) {
	for name, fn := range map[string]func(context.Context) (any, error){
		"error": func(context.Context) (any, error) { return nil, errors.New("disk on fire at /var/secret") },
		"panic": func(context.Context) (any, error) { panic("boom at /var/secret") },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, corpus[:1], func(c *api.Config) { c.AdminToken = "t"; c.Ingest = fn })
			auth := map[string]string{"Authorization": "Bearer t"}
			status, _, b := call(t, http.MethodPost, f.srv.URL+"/v1/ingest", nil, auth)
			var job jobBody
			if status != 202 || json.Unmarshal(b, &job) != nil {
				t.Fatalf("POST: %d %s", status, b)
			}
			got := waitJob(t, f, job.ID, auth)
			if got.Status != govwire.JobFailed || got.Error == nil || got.Error.Code != govwire.EINTERNAL ||
				strings.Contains(got.Error.Message, "secret") {
				t.Errorf("failed job: %+v %+v", got, got.Error)
			}
			var st struct{ Status string }
			f.getJSON(t, "/healthz", 200, &st)
		})
	}
	off := newFixture(t, corpus[:1], func(c *api.Config) {
		c.Ingest = func(context.Context) (any, error) { return nil, nil }
	})
	if status, _, b := call(t, http.MethodPost, off.srv.URL+"/v1/ingest", nil, map[string]string{"Authorization": "Bearer x"}); status != 404 {
		t.Errorf("no admin token configured: %d %s, want 404", status, b)
	}
}

// TestHugeBodyAnsweredAtOnce: a declared body over the limit is a 413 at
// once, not after the 30 s read timeout (nor a 500); a body over the
// limit that is sent is a 413 too.
func TestHugeBodyAnsweredAtOnce(t *testing.T) {
	f := newFixture(t, corpus[:1], func(c *api.Config) {
		c.AdminToken = "t"
		c.Ingest = func(context.Context) (any, error) { return nil, nil }
	})
	conn, err := net.Dial("tcp", strings.TrimPrefix(f.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	fmt.Fprintf(conn, "POST /v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Length: 99999999999\r\n\r\nabc")
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	buf := make([]byte, 512)
	n, err := conn.Read(buf)
	if err != nil || !strings.HasPrefix(string(buf[:n]), "HTTP/1.1 413") {
		t.Fatalf("Content-Length 99999999999: %q %v after %s; want 413 at once", buf[:n], err, time.Since(start))
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("413 took %s", el)
	}
	// A real over-limit body: the server answers 413 and closes without
	// reading it, so the body is written in the background (its write may be
	// reset) while the answer is read.
	conn2, err := net.Dial("tcp", strings.TrimPrefix(f.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close()
	fmt.Fprintf(conn2, "POST /v1/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nContent-Length: %d\r\n\r\n", api.MaxBodyBytes+1)
	go func() { _, _ = conn2.Write([]byte(strings.Repeat("x", api.MaxBodyBytes+1))) }()
	resp, err := http.ReadResponse(bufio.NewReader(conn2), nil)
	if err != nil {
		t.Fatalf("big body: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("big body: %d", resp.StatusCode)
	}
}

// getJob GETs /v1/jobs/{id} and decodes it.
func getJob(t *testing.T, f *fixture, id string, auth map[string]string, want int, v any) {
	t.Helper()
	status, _, b := call(t, http.MethodGet, f.srv.URL+"/v1/jobs/"+id, nil, auth)
	if status != want || json.Unmarshal(b, v) != nil {
		t.Fatalf("GET /v1/jobs/%s: %d %s, want %d", id, status, b, want)
	}
}

// waitJob polls job id until it is no longer running.
func waitJob(t *testing.T, f *fixture, id string, auth map[string]string) jobBody {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var got jobBody
		getJob(t, f, id, auth, 200, &got)
		if got.Status != govwire.JobRunning {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still running after 10 s", id)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
