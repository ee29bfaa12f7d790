package quality

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/govwire/govwire"
	"github.com/govwire/govwire/classify"
)

// GoldItem is one labelled document of a gold file (JSON Lines: id,
// title, text, url, published, on_topic, labels; other keys are ignored).
type GoldItem struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Text      string   `json:"text"`
	URL       string   `json:"url"`
	Published string   `json:"published"`
	OnTopic   bool     `json:"on_topic"`
	Labels    []string `json:"labels"`
}

// Document returns the item as classifier input; the published date is
// read as classify.ParsePublished reads it (a date in another form is
// ignored, as it only selects gazetteer entries).
func (g GoldItem) Document() govwire.Document {
	return govwire.Document{ID: g.ID, Title: g.Title, Text: g.Text, URL: g.URL, Published: classify.ParsePublished(g.Published)}
}

// ReadGold reads a gold file. Every line must be a JSON object with an id
// and valid labels; errors name the line.
func ReadGold(r io.Reader) ([]GoldItem, error) {
	var out []GoldItem
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	seen := map[string]int{}
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var g GoldItem
		if err := json.Unmarshal([]byte(line), &g); err != nil {
			return nil, govwire.Errorf(govwire.EINVALID, "gold line %d: %v", n, err)
		}
		if g.ID == "" {
			return nil, govwire.Errorf(govwire.EINVALID, "gold line %d: missing id", n)
		}
		if prev, ok := seen[g.ID]; ok {
			return nil, govwire.Errorf(govwire.EINVALID, "gold line %d: id %s repeats line %d", n, g.ID, prev)
		}
		seen[g.ID] = n
		for _, l := range g.Labels {
			if !govwire.ValidLabel(l) {
				return nil, govwire.Errorf(govwire.EINVALID, "gold line %d: unknown label %q", n, l)
			}
		}
		if !g.OnTopic && len(g.Labels) > 0 {
			return nil, govwire.Errorf(govwire.EINVALID, "gold line %d: off-topic item with labels", n)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read gold: %w", err)
	}
	return out, nil
}
