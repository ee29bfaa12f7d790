package sqlcore

import "fmt"

// Nullable column values as Scan destinations. Both drivers hand a
// sql.Scanner the column's plain value (nil for NULL; int64, string, bool
// or []byte otherwise), so one type serves both, and reading a row takes
// no allocation per nullable column (a pointer destination such as
// **int64 takes one, and database/sql's own Null types go through
// reflection).

// nullInt is a nullable integer column.
type nullInt struct {
	v     int64
	valid bool
}

// Scan implements sql.Scanner.
func (n *nullInt) Scan(src any) error {
	switch x := src.(type) {
	case nil:
		*n = nullInt{}
	case int64:
		*n = nullInt{v: x, valid: true}
	default:
		return fmt.Errorf("scan %T into a nullable integer", src)
	}
	return nil
}

// nullStr is a nullable text column.
type nullStr struct {
	s     string
	valid bool
}

// Scan implements sql.Scanner.
func (n *nullStr) Scan(src any) error {
	switch x := src.(type) {
	case nil:
		*n = nullStr{}
	case string:
		*n = nullStr{s: x, valid: true}
	case []byte:
		*n = nullStr{s: string(x), valid: true}
	default:
		return fmt.Errorf("scan %T into a nullable text", src)
	}
	return nil
}

// nullBool is a nullable boolean column: BOOLEAN on PostgreSQL, 0 or 1 in
// SQLite.
type nullBool struct {
	b, valid bool
}

// Scan implements sql.Scanner.
func (n *nullBool) Scan(src any) error {
	switch x := src.(type) {
	case nil:
		*n = nullBool{}
	case bool:
		*n = nullBool{b: x, valid: true}
	case int64:
		*n = nullBool{b: x != 0, valid: true}
	default:
		return fmt.Errorf("scan %T into a nullable boolean", src)
	}
	return nil
}
