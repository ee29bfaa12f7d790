package classify

import (
	"encoding/json"
	"testing"
)

// checkDecode asserts that whenever the fast path accepts a line,
// encoding/json accepts it too and decodes the same input.
func checkDecode(t testing.TB, line string) bool {
	var fast, std input
	ok := decodeInput([]byte(line), &fast)
	err := json.Unmarshal([]byte(line), &std)
	if ok && (err != nil || fast != std) {
		t.Fatalf("%q: fast path %+v, encoding/json %+v (err %v)", line, fast, std, err)
	}
	return ok
}

func TestDecodeInput(t *testing.T) {
	fast := []string{
		`{"id":"a","title":"T","text":"x y"}`,
		` { "id" : "a" , "text" : "tab\there \"q\" \\ \/ \u00e9\u2028 \b\f\r\n" , "published":"2020-01-02" } `,
		`{"id":"a","url":null,"n":-12.5e+3,"m":0,"t":true,"f":false,"z":null,"s":"\ud7ff"}`,
		`{"id":"a","id":"b","text":"é ☃"}`,
		`{}`,
		`{"t\u0065xt":"x","id":"1"}`,
	}
	for _, l := range fast {
		if !checkDecode(t, l) {
			t.Errorf("fast path refused %q", l)
		}
	}
	slow := []string{
		`{"ID":"a"}`, `{"id":1}`, `{"id":"a","x":[1]}`, `{"id":"a","x":{}}`, `{"id":"a",}`, `{"id":"a"} x`,
		`{"text":"\ud83d\ude00"}`, "{\"text\":\"\xff\"}", "{\"text\":\"a\x01\"}", `{"n":01}`, `{"n":1.}`,
		`{"n":-}`, `{"n":1e}`, `{"id":"a"`, `{"id":"a\"}`, `{"id":"\x"}`, `{"id":"\u12"}`, `["id"]`, `nul`,
		`{"t":tru}`, `{"id":"a" "b":"c"}`, `{"id" "a"}`, "\ufeff{}", `{"Text":"x"}`,
	}
	for _, l := range slow {
		if checkDecode(t, l) {
			t.Errorf("fast path took %q", l)
		}
	}
}

// FuzzDecodeInput checks the fast path against encoding/json.
func FuzzDecodeInput(f *testing.F) {
	for _, s := range []string{`{"id":"a","text":"x\ny","n":1.5e3,"b":null}`, `{"text":"\u00e9\ud83d"}`, `{"ID":"a"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) { checkDecode(t, line) })
}
