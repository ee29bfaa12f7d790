// Package warcgen writes synthetic news-like WARC files for benchmarks and
// smoke tests of import warc: gzip per record, a request, a response and
// now and then a revisit, image or redirect per page, and a given share of
// pages about government cloud contracts among ordinary news.
package warcgen

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/nlnwa/gowarc/v3"
)

// Options says what to write.
type Options struct {
	Bytes   int64   // stop once this many uncompressed record bytes are written
	OnTopic float64 // share of HTML pages about the topic, e.g. 0.02
	Seed    uint64
}

// Stats is what was written.
type Stats struct {
	Records      int   // every record
	Pages        int   // HTML 200 responses
	OnTopicPages int   // of which about the topic
	RawBytes     int64 // uncompressed record bytes
}

// Write writes records to w until opt.Bytes uncompressed bytes are out.
func Write(w io.Writer, opt Options) (Stats, error) {
	g := &gen{rnd: rand.New(rand.NewPCG(opt.Seed, 0x9e3779b97f4a7c15)), w: w, m: gowarc.NewMarshaler(),
		start: time.Date(2019, 10, 1, 0, 0, 0, 0, time.UTC)}
	for g.st.RawBytes < opt.Bytes {
		n := g.st.Pages
		host := hosts[g.rnd.IntN(len(hosts))]
		uri := fmt.Sprintf("https://%s/%d/%02d/story-%d.html", host, 2019, 1+n%12, n)
		if err := g.record(gowarc.Request, uri, fmt.Sprintf("GET /story-%d.html HTTP/1.1\r\nHost: %s\r\nUser-Agent: warcgen\r\n\r\n", n, host)); err != nil {
			return g.st, err
		}
		on := g.rnd.Float64() < opt.OnTopic
		page := g.page(on)
		resp := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n%s", len(page), page)
		if err := g.record(gowarc.Response, uri, resp); err != nil {
			return g.st, err
		}
		g.st.Pages++
		if on {
			g.st.OnTopicPages++
		}
		switch g.rnd.IntN(10) {
		case 0:
			img := strings.Repeat("\x89PNG binary ", 300)
			err := g.record(gowarc.Response, "https://"+host+"/img/"+fmt.Sprint(n)+".png",
				fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: %d\r\n\r\n%s", len(img), img))
			if err != nil {
				return g.st, err
			}
		case 1:
			err := g.record(gowarc.Response, "https://"+host+"/old/"+fmt.Sprint(n),
				"HTTP/1.1 301 Moved Permanently\r\nLocation: "+uri+"\r\nContent-Length: 0\r\n\r\n")
			if err != nil {
				return g.st, err
			}
		}
	}
	return g.st, nil
}

type gen struct {
	rnd   *rand.Rand
	w     io.Writer
	m     gowarc.Marshaler
	st    Stats
	start time.Time
	buf   bytes.Buffer
	zbuf  bytes.Buffer
	zw    *gzip.Writer
}

// record writes one record, gzipped on its own.
func (g *gen) record(typ gowarc.RecordType, uri, block string) error {
	b := gowarc.NewRecordBuilder(typ, gowarc.WithAddMissingDigest(true), gowarc.WithAddMissingContentLength(true),
		gowarc.WithAddMissingRecordId(true), gowarc.WithFixContentLength(true), gowarc.WithFixDigest(true))
	b.AddWarcHeader(gowarc.WarcTargetURI, uri)
	b.AddWarcHeaderTime(gowarc.WarcDate, g.start.Add(time.Duration(g.st.Records)*time.Second))
	msg := "response"
	if typ == gowarc.Request {
		msg = "request"
	}
	b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype="+msg)
	if _, err := b.WriteString(block); err != nil {
		return err
	}
	rec, _, err := b.Build()
	if err != nil {
		return fmt.Errorf("build record: %w", err)
	}
	defer rec.Close()
	g.buf.Reset()
	if _, _, err := g.m.Marshal(&g.buf, rec, 0); err != nil {
		return fmt.Errorf("marshal record: %w", err)
	}
	g.st.RawBytes += int64(g.buf.Len())
	g.st.Records++
	g.zbuf.Reset()
	if g.zw == nil {
		g.zw, _ = gzip.NewWriterLevel(&g.zbuf, gzip.DefaultCompression)
	} else {
		g.zw.Reset(&g.zbuf)
	}
	if _, err := g.zw.Write(g.buf.Bytes()); err != nil {
		return err
	}
	if err := g.zw.Close(); err != nil {
		return err
	}
	_, err = g.w.Write(g.zbuf.Bytes())
	return err
}
