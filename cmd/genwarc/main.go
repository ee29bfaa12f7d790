// Command genwarc writes a synthetic news-like WARC file (gzip per record)
// for benchmarking govwire import warc; docs/BENCHMARKS.md shows how it is
// used. It is never run by the tests on a large size, and what it writes
// is not committed.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/govwire/govwire/internal/warcgen"
)

func main() {
	out := flag.String("out", "", "write the WARC to this `file` (.warc.gz)")
	mb := flag.Int64("mb", 1024, "uncompressed size in `MB`")
	onTopic := flag.Float64("on-topic", 0.02, "share of HTML pages about government cloud contracts")
	seed := flag.Uint64("seed", 1, "random seed")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "genwarc: -out is required")
		os.Exit(2)
	}
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genwarc:", err)
		os.Exit(1)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	st, err := warcgen.Write(w, warcgen.Options{Bytes: *mb << 20, OnTopic: *onTopic, Seed: *seed})
	if err == nil {
		err = w.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genwarc:", err)
		os.Exit(1)
	}
	fmt.Printf("%s: %d records, %d HTML pages (%d on topic), %d MB uncompressed\n", *out, st.Records, st.Pages, st.OnTopicPages, st.RawBytes>>20)
}
