package govwire

import (
	"errors"
	"fmt"
	"testing"
)

func TestArticleIDStable(t *testing.T) {
	a := ArticleID("https://example.org/story")
	if a != ArticleID("https://example.org/story") || len(a) != 16 {
		t.Fatalf("ArticleID not stable 16 hex digits: %q", a)
	}
	if a == ArticleID("https://example.org/story2") {
		t.Fatal("different URLs share an id")
	}
}

func TestErrorCodeAndMessage(t *testing.T) {
	wrapped := fmt.Errorf("search: %w", Errorf(EINVALID, "leading wildcard in %q", "*x"))
	if ErrorCode(wrapped) != EINVALID || ErrorMessage(wrapped) != `leading wildcard in "*x"` {
		t.Errorf("got %s / %s", ErrorCode(wrapped), ErrorMessage(wrapped))
	}
	plain := errors.New("disk on fire")
	if ErrorCode(plain) != EINTERNAL || ErrorMessage(plain) != "internal error" {
		t.Errorf("plain error leaks: %s / %s", ErrorCode(plain), ErrorMessage(plain))
	}
	if ErrorCode(nil) != "" {
		t.Error("nil error has a code")
	}
}

func sig(seed uint32) Fingerprint {
	f := make(Fingerprint, FingerprintSize)
	for i := range f {
		f[i] = seed*7919 + uint32(i)*104729
	}
	return f
}

func TestFingerprintSimilarityAndBands(t *testing.T) {
	a, b := sig(1), sig(1)
	for i := 0; i < FingerprintSize/FingerprintRows; i++ { // one hash in every band
		b[i*FingerprintRows] ^= 0xdeadbeef
	}
	c := sig(2)
	want := float64(FingerprintRows-1) / FingerprintRows
	if got := a.Similarity(b); got != want {
		t.Errorf("similarity = %v, want %v", got, want)
	}
	if got := a.Similarity(c); got != 0 {
		t.Errorf("unrelated similarity = %v", got)
	}
	if a.Similarity(a[:3]) != 0 || Fingerprint(nil).Bands() != nil {
		t.Error("short fingerprints must match nothing")
	}
	share := func(x, y Fingerprint) bool {
		for i, k := range x.Bands() {
			if y.Bands()[i] == k {
				return true
			}
		}
		return false
	}
	if share(a, b) {
		t.Error("every band of b was touched, yet a band key is shared")
	}
	d := sig(1)
	d[0] ^= 1
	if !share(a, d) {
		t.Error("near-identical fingerprints share no band")
	}
	raw, _ := a.MarshalBinary()
	var back Fingerprint
	if err := back.UnmarshalBinary(raw); err != nil || back.Similarity(a) != 1 {
		t.Errorf("round trip: %v %v", err, back.Similarity(a))
	}
	if err := back.UnmarshalBinary([]byte{1, 2, 3}); ErrorCode(err) != EINVALID {
		t.Errorf("bad length: %v", err)
	}
}

func TestValidLabel(t *testing.T) {
	for _, l := range Labels {
		if !ValidLabel(l) {
			t.Errorf("%s invalid", l)
		}
	}
	if ValidLabel("rumour") || ValidLabel("") {
		t.Error("unknown label accepted")
	}
}
