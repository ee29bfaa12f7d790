package transfer

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"hash"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
)

// verify counts and hashes every row of t on both sides, in primary key
// order (bytewise on both: COLLATE "C" in PostgreSQL).
func verify(ctx context.Context, src *sql.DB, dst *pgxpool.Pool, t table) (TableReport, error) {
	tr := TableReport{Table: t.name}
	sh, dh := sha256.New(), sha256.New()
	rs, err := src.QueryContext(ctx, `SELECT `+t.colList()+` FROM `+t.name+` ORDER BY `+t.keyList())
	if err != nil {
		return tr, fmt.Errorf("verify %s: %w", t.name, err)
	}
	defer rs.Close()
	for rs.Next() {
		vals, err := scanValues(rs, len(t.cols))
		if err != nil {
			return tr, fmt.Errorf("verify %s: %w", t.name, err)
		}
		hashRow(sh, vals)
		tr.Source++
	}
	if err := rs.Err(); err != nil {
		return tr, fmt.Errorf("verify %s: %w", t.name, err)
	}
	order := make([]string, t.key)
	for i, c := range t.cols[:t.key] {
		order[i] = c
		if isText(t.name, c) {
			order[i] += ` COLLATE "C"`
		}
	}
	rows, err := dst.Query(ctx, `SELECT `+t.colList()+` FROM `+t.name+` ORDER BY `+strings.Join(order, ", "))
	if err != nil {
		return tr, fmt.Errorf("verify %s: %w", t.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return tr, fmt.Errorf("verify %s: %w", t.name, err)
		}
		hashRow(dh, vals)
		tr.Dest++
	}
	if err := rows.Err(); err != nil {
		return tr, fmt.Errorf("verify %s: %w", t.name, err)
	}
	s, d := hex.EncodeToString(sh.Sum(nil)), hex.EncodeToString(dh.Sum(nil))
	tr.Hash, tr.Verified = s, s == d && tr.Source == tr.Dest
	return tr, nil
}

// isText reports whether a key column holds text (every key column but
// the numeric ones).
func isText(table, col string) bool {
	return !(table == "fetch_log" && col == "id") && !(table == "fingerprint_bands" && col == "band_key") &&
		!(table == "reviews" && col == "id")
}

// hashRow adds one row to h in a form both drivers' values share: NULL,
// integers (and booleans as 0/1), text and bytes, each tagged and
// length-prefixed.
func hashRow(h hash.Hash, vals []any) {
	for _, v := range vals {
		var tag, s string
		switch x := v.(type) {
		case nil:
			tag = "n"
		case bool:
			tag, s = "i", "0"
			if x {
				s = "1"
			}
		case int64:
			tag, s = "i", strconv.FormatInt(x, 10)
		case int32:
			tag, s = "i", strconv.FormatInt(int64(x), 10)
		case int:
			tag, s = "i", strconv.Itoa(x)
		case string:
			tag, s = "s", x
		case []byte:
			tag, s = "b", string(x)
		case float64:
			tag, s = "f", strconv.FormatFloat(x, 'g', -1, 64)
		default:
			tag, s = "?", fmt.Sprintf("%T:%v", v, v)
		}
		fmt.Fprintf(h, "%s%d:%s", tag, len(s), s)
	}
	h.Write([]byte{'\n'})
}
