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
	out := []govwire.Entity{}
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
	for _, f := range []struct{ name, src string }{{"title", d.Title}, {"text", d.Text}} {
		out = append(out, scanMoney(f.src, f.name)...)
		out = append(out, scanIdentifiers(f.src, f.name)...)
	}
	return dedupeEntities(out)
}

// dedupeEntities sorts entities by field (title first), start and type and
// drops those inside a longer entity of the same type.
func dedupeEntities(in []govwire.Entity) []govwire.Entity {
	slices.SortStableFunc(in, func(a, b govwire.Entity) int {
		return cmp.Or(-strings.Compare(a.Field, b.Field), cmp.Compare(a.Start, b.Start), -cmp.Compare(a.End, b.End),
			strings.Compare(a.Type, b.Type), strings.Compare(a.Value, b.Value))
	})
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
