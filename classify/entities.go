package classify

import (
	"cmp"
	"slices"
	"strings"

	"github.com/govwire/govwire"
)

// entities lists the gazetteer entities, money amounts and identifiers of
// d. Where two entities of one type overlap, the longer wins, then the
// earlier (the deterministic tie-break).
func (e *Engine) entities(sc *scratch, d govwire.Document) []govwire.Entity {
	out := sc.entBuf[:0]
	toks := sc.f.toks
	for _, h := range sc.ents {
		first, last := toks[h.span.a], toks[h.span.b-1]
		field, src := "text", d.Text
		if first.field == fieldTitle {
			field, src = "title", d.Title
		}
		s, t := int(first.start), int(last.end)
		out = append(out, govwire.Entity{Type: h.ref.typ, Text: src[s:t], Value: h.ref.value, Field: field, Start: s, End: t})
	}
	out = appendMoney(out, d.Title, "title")
	out = appendIdentifiers(out, d.Title, "title")
	out = appendMoney(out, d.Text, "text")
	out = appendIdentifiers(out, d.Text, "text")
	kept := dedupeEntities(out)
	res := append(make([]govwire.Entity, 0, len(kept)), kept...)
	clear(out) // drop the pooled buffer's references to d's text
	sc.entBuf = out[:0]
	return res
}

// compareEntities orders entities by field (title first), start, longest
// first, type and value, comparing only as far as needed.
func compareEntities(a, b govwire.Entity) int {
	if c := strings.Compare(a.Field, b.Field); c != 0 {
		return -c
	}
	if c := cmp.Compare(a.Start, b.Start); c != 0 {
		return c
	}
	if c := cmp.Compare(a.End, b.End); c != 0 {
		return -c
	}
	return cmp.Or(strings.Compare(a.Type, b.Type), strings.Compare(a.Value, b.Value))
}

// dedupeEntities sorts entities by field (title first), start and type and
// drops those inside a longer entity of the same type.
func dedupeEntities(in []govwire.Entity) []govwire.Entity {
	slices.SortStableFunc(in, compareEntities)
	out := in[:0]
	for _, x := range in {
		keep := true
		for i := len(out) - 1; i >= 0 && out[i].Field == x.Field && out[i].End > x.Start; i-- {
			if out[i].Type == x.Type && out[i].Start <= x.Start && x.End <= out[i].End {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, x)
		}
	}
	return out
}
