package digest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/govwire/govwire"
)

// WebhookPayload is the body a webhook delivery posts: the digest JSON of
// DESIGN.md plus a Slack-compatible "text" summary.
type WebhookPayload struct {
	*govwire.Digest
	Text string `json:"text"`
}

// slackEscaper escapes the three characters Slack's mrkdwn treats as
// control characters.
var slackEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// SlackText is d as Slack mrkdwn: the heading, then one line per story
// under each section, linked to the article.
func SlackText(d *govwire.Digest) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s*", slackEscaper.Replace(heading(d)))
	for _, s := range d.Sections {
		fmt.Fprintf(&b, "\n\n*%s (%d)*", sectionTitle(s.Label), len(s.Items))
		for _, it := range s.Items {
			title := slackEscaper.Replace(strings.ReplaceAll(it.Title, "|", "¦"))
			if u := safeURL(it.URL); u != "" {
				title = "<" + slackEscaper.Replace(u) + "|" + title + ">"
			}
			fmt.Fprintf(&b, "\n• %s (%s)", title, slackEscaper.Replace(it.Source))
			if n := len(it.Also); n > 0 {
				fmt.Fprintf(&b, " +%d more", n)
			}
		}
	}
	return b.String()
}

// sendWebhook posts d as JSON to w.URL; any 2xx status is success. The
// Idempotency-Key header (the digest's Message-ID) lets a receiver drop a
// repeat.
func (s *Service) sendWebhook(ctx context.Context, w *govwire.WebhookDelivery, d *govwire.Digest) error {
	body, err := json.Marshal(WebhookPayload{Digest: d, Text: SlackText(d)})
	if err != nil {
		return fmt.Errorf("webhook payload: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook request: %w", err)
	}
	for k, v := range w.Headers {
		req.Header.Set(k, v)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", MessageID(d.Name, d.Date))
	req.Header.Set("User-Agent", "govwire-digest/1.0")
	resp, err := s.http.Do(req)
	if err != nil {
		return fmt.Errorf("webhook post: %w", redact(err, w.URL))
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) // let the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook post: status %d: %s", resp.StatusCode, strings.TrimSpace(string(snippet)))
	}
	return nil
}

// redact replaces a webhook URL, which may carry a secret token, in err's
// message.
func redact(err error, u string) error {
	msg := err.Error()
	if !strings.Contains(msg, u) {
		return err
	}
	return redactedError{msg: strings.ReplaceAll(msg, u, "<webhook url>"), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return e.err }
