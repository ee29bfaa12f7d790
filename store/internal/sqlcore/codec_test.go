package sqlcore

import (
	"testing"
	"time"
)

func TestTimeCodec(t *testing.T) {
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"zero is NULL", time.Time{}, time.Time{}},
		{"utc", t0.Add(123 * time.Nanosecond), t0.Add(123 * time.Nanosecond)},
		{"other zone comes back in UTC", time.Date(2026, 11, 2, 1, 0, 0, 0, time.FixedZone("X", 3600)),
			time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)},
		{"far future is clamped", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), maxTime},
		{"far past is clamped", time.Date(1200, 1, 1, 0, 0, 0, 0, time.UTC), minTime},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v nullInt
			if err := v.Scan(timeArg(tc.in)); err != nil {
				t.Fatal(err)
			}
			got := fromNano(v)
			if !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Errorf("round trip of %v = %v, want %v in UTC", tc.in, got, tc.want)
			}
		})
	}
}

func TestEqNull(t *testing.T) {
	x, empty := nullStr{s: "x", valid: true}, nullStr{valid: true}
	for _, tc := range []struct {
		a    any
		b    nullStr
		want bool
	}{
		{nil, nullStr{}, true},
		{"x", x, true},
		{"y", x, false},
		{nil, x, false},
		{"x", nullStr{}, false},
		{"", empty, true},
		{nil, empty, false},
		{"", nullStr{}, false},
	} {
		if got := eqNull(tc.a, tc.b); got != tc.want {
			t.Errorf("eqNull(%v, %v) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestValuesOfID(t *testing.T) {
	if got, want := valuesOfID(3), "($1, $2), ($1, $3), ($1, $4)"; got != want {
		t.Errorf("valuesOfID(3) = %q, want %q", got, want)
	}
	c := sqlByCount{build: func(n int) string { return valuesOfID(n) }}
	first, again := c.get(1), c.get(1)
	if first != "($1, $2)" || again != first || len(c.byN) != 1 {
		t.Errorf("cache holds %v", c.byN)
	}
}
