package importer

import (
	"bytes"
	"context"
	"testing"

	"github.com/govwire/govwire/internal/warcgen"
)

// genWARC writes a synthetic news WARC of mb uncompressed megabytes, 2% on
// topic.
func genWARC(t testing.TB, mb int64) ([]byte, warcgen.Stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := warcgen.Write(&buf, warcgen.Options{Bytes: mb << 20, OnTopic: 0.02, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), st
}

// TestImportGeneratedWARC is the smoke version of the import benchmark
// (docs/BENCHMARKS.md): every on-topic page of a generated archive is
// stored, with and without the pre-filter, and the pre-filter refuses
// most of the rest before extraction.
func TestImportGeneratedWARC(t *testing.T) {
	data, st := genWARC(t, 2)
	for _, prefilter := range []bool{true, false} {
		e := newEnv(t)
		sum, err := e.importer(t, prefilter).WARC(context.Background(), "gen.warc.gz", bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("prefilter %v: %s %v", prefilter, sum, sum.SkippedBy)
		if sum.New != st.OnTopicPages || sum.Failed != 0 || sum.Discovered != st.Records {
			t.Errorf("prefilter %v: %s %v; want %d new of %d records", prefilter, sum, sum.SkippedBy, st.OnTopicPages, st.Records)
		}
		if prefilter && sum.SkippedBy[SkipPrefilter] < (st.Pages-st.OnTopicPages)/2 {
			t.Errorf("the pre-filter refused only %d of %d off-topic pages", sum.SkippedBy[SkipPrefilter], st.Pages-st.OnTopicPages)
		}
	}
}

// BenchmarkImportWARC measures import of a generated 16 MB archive, with
// and without the pre-filter (MB/s of uncompressed records).
func BenchmarkImportWARC(b *testing.B) {
	data, st := genWARC(b, 16)
	for _, prefilter := range []bool{true, false} {
		name := "prefilter"
		if !prefilter {
			name = "all-pages"
		}
		b.Run(name, func(b *testing.B) {
			e := newEnv(b)
			im := e.importer(b, prefilter)
			b.SetBytes(st.RawBytes)
			for b.Loop() {
				if _, err := im.WARC(context.Background(), "gen.warc.gz", bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
