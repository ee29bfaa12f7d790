package index

import (
	"encoding/base64"
	"encoding/json"

	"github.com/govwire/govwire"
)

// cursor is the decoded form of SearchQuery.After / SearchResult.Next: the
// sort it belongs to and the sort keys of the last hit of the previous page
// ([score, id] or [published, id]), for Bleve's search-after.
type cursor struct {
	Sort string   `json:"s"`
	Keys []string `json:"k"`
}

func (c cursor) encode() string {
	b, _ := json.Marshal(c) // strings only: cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s, sortBy string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || len(c.Keys) != 2 {
		return c, govwire.Errorf(govwire.EINVALID, "after: not a cursor this server issued")
	}
	if c.Sort != sortBy {
		return c, govwire.Errorf(govwire.EINVALID, "after: the cursor belongs to sort %q, not %q", c.Sort, sortBy)
	}
	return c, nil
}
