package migrations

import (
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	sql := &fstest.MapFile{Data: []byte("CREATE TABLE t (x INTEGER);")}
	for _, tc := range []struct {
		name  string
		files fstest.MapFS
		want  int // migrations, or -1 for an error
	}{
		{"ordered", fstest.MapFS{"migrations/0002_b.sql": sql, "migrations/0001_a.sql": sql}, 2},
		{"gap", fstest.MapFS{"migrations/0001_a.sql": sql, "migrations/0003_c.sql": sql}, -1},
		{"no number", fstest.MapFS{"migrations/init.sql": sql}, -1},
		{"zero", fstest.MapFS{"migrations/0000_a.sql": sql}, -1},
		{"empty", fstest.MapFS{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms, err := Load(tc.files)
			if tc.want < 0 {
				if err == nil {
					t.Fatalf("no error, got %d migrations", len(ms))
				}
				return
			}
			if err != nil || len(ms) != tc.want {
				t.Fatalf("got %d, %v; want %d", len(ms), err, tc.want)
			}
			for i, m := range ms {
				if m.Version != i+1 {
					t.Errorf("migration %d has version %d", i, m.Version)
				}
			}
		})
	}
}
