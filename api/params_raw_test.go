package api_test

import (
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

// TestMalformedQueryEscapes: a malformed percent-escape is a 400 naming
// the parameter, on every route, instead of being dropped (q=%zz%20oracle
// used to search everything; lable=%zz slipped past the unknown-name check).
func TestMalformedQueryEscapes(t *testing.T) {
	f := newFixture(t, corpus, nil)
	cases := []struct{ path, name string }{
		{"/v1/search?q=%zz%20oracle", `"q"`},
		{"/v1/search?lable=%zz", `"lable"`},
		{"/v1/search?q=oracle&label=%e", `"label"`},
		{"/v1/search?q%zz=1", `%zz`},
		{"/v1/search?q=a;b", `;`},
		{"/v1/export?format=jsonl&q=%g0", `"q"`},
		{"/v1/digests?name=%", `"name"`},
		{"/v1/sources?x=%%", `"x"`},
	}
	for _, tc := range cases {
		var e apiError
		f.getJSON(t, tc.path, 400, &e)
		if e.Error.Code != govwire.EINVALID || !strings.Contains(e.Error.Message, tc.name) {
			t.Errorf("%s: %+v, want an invalid error naming %s", tc.path, e, tc.name)
		}
	}
	// Well-formed escapes still work.
	var res struct{ Total int }
	f.getJSON(t, "/v1/search?q=%4Fracle%20protest", 200, &res)
	if res.Total == 0 {
		t.Errorf("q=%%4Fracle%%20protest found nothing")
	}
}
