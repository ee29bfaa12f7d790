package config

import (
	"fmt"
	"strings"
)

// Store drivers.
const (
	DriverSQLite   = "sqlite"   // one file in data_dir: the default
	DriverPostgres = "postgres" // a PostgreSQL database shared by several processes
)

// Store selects the store of record. The zero value is SQLite in data_dir.
type Store struct {
	// Driver is "sqlite" (default) or "postgres".
	Driver string `yaml:"driver"`
	// DSN is the PostgreSQL connection string (libpq keyword/value or a
	// postgres:// URL), usually "${GOVWIRE_PG_DSN}"; unused for SQLite.
	DSN string `yaml:"dsn"`
}

// checkStore fills the default driver and checks the store keys.
func (c *Config) checkStore() error {
	s := &c.Store
	switch s.Driver {
	case "":
		s.Driver = DriverSQLite
	case DriverSQLite, DriverPostgres:
	default:
		return fmt.Errorf("store.driver: %q: must be %q or %q", s.Driver, DriverSQLite, DriverPostgres)
	}
	switch {
	case s.Driver == DriverPostgres && strings.TrimSpace(s.DSN) == "":
		return fmt.Errorf("store.dsn: required with driver %q (a DSN such as \"host=/run/postgresql dbname=govwire\" or a postgres:// URL, e.g. \"${GOVWIRE_PG_DSN}\")", DriverPostgres)
	case s.Driver == DriverSQLite && s.DSN != "":
		c.warnf("store.dsn: has no effect with driver %q (the store is %s in data_dir)", DriverSQLite, "govwire.db")
	}
	return nil
}
