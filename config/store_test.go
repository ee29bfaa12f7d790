package config

import (
	"strings"
	"testing"
)

func TestStoreConfig(t *testing.T) {
	t.Setenv("GOVWIRE_TEST_PG", "host=/run/postgresql dbname=govwire")
	for _, tc := range []struct {
		name, src         string
		driver, dsn, want string // want: the error, "" for none
		warn              string
	}{
		{"default", "", DriverSQLite, "", "", ""},
		{"sqlite", "store: {driver: sqlite}\n", DriverSQLite, "", "", ""},
		{"postgres", "store:\n  driver: postgres\n  dsn: ${GOVWIRE_TEST_PG}\n", DriverPostgres, "host=/run/postgresql dbname=govwire", "", ""},
		{"postgres without dsn", "store:\n  driver: postgres\n", "", "", `bad.yaml:1: store.dsn: required with driver "postgres"`, ""},
		{"unknown driver", "store:\n  driver: mysql\n", "", "", `bad.yaml:2: store.driver: "mysql": must be "sqlite" or "postgres"`, ""},
		{"misspelt key", "store:\n  dns: x\n", "", "", `bad.yaml:2: store.dns: unknown key (did you mean "dsn"?)`, ""},
		{"dsn ignored by sqlite", "store: {dsn: 'host=x'}\n", DriverSQLite, "host=x", "", "store.dsn: has no effect"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse("bad.yaml", []byte(tc.src))
			if tc.want != "" {
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("err = %v, want it to contain %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Store.Driver != tc.driver || c.Store.DSN != tc.dsn {
				t.Errorf("store = %+v, want driver %q dsn %q", c.Store, tc.driver, tc.dsn)
			}
			warned := strings.Join(c.Warnings, "\n")
			if (tc.warn == "") != (warned == "") || !strings.Contains(warned, tc.warn) {
				t.Errorf("warnings %q, want %q", warned, tc.warn)
			}
		})
	}
	if d := Default(); d.Store.Driver != DriverSQLite {
		t.Errorf("default driver %q", d.Store.Driver)
	}
}
