package digest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/govwire/govwire"
)

// channel is one configured delivery target of a digest.
type channel struct {
	id   string // the Delivery.Channel key: stable while the config is
	conf govwire.DeliverConfig
}

// channels lists cfg's delivery channels with their record keys: "file:DIR
// (FORMAT)", "smtp:TO,TO" and "webhook:HOST#HASH" (a hash of the whole URL,
// which may hold a secret token, so the key is safe to show).
func channels(cfg govwire.DigestConfig, dataDir string) ([]channel, error) {
	var out []channel
	seen := map[string]bool{}
	for i, dc := range cfg.Deliver {
		var id string
		switch {
		case dc.File != nil:
			f := *dc.File
			if f.Dir == "" {
				if dataDir == "" {
					return nil, govwire.Errorf(govwire.EINVALID, "digest %q deliver[%d]: file delivery needs a dir", cfg.Name, i)
				}
				f.Dir = filepath.Join(dataDir, "digests")
			}
			if f.Format == "" {
				f.Format = "md"
			}
			if !validFormat(f.Format) {
				return nil, govwire.Errorf(govwire.EINVALID, "digest %q deliver[%d]: file format %q", cfg.Name, i, f.Format)
			}
			dc = govwire.DeliverConfig{File: &f}
			id = "file:" + f.Dir + " (" + f.Format + ")"
		case dc.SMTP != nil:
			if len(dc.SMTP.To) == 0 || dc.SMTP.Host == "" || dc.SMTP.From == "" {
				return nil, govwire.Errorf(govwire.EINVALID, "digest %q deliver[%d]: smtp needs host, from and to", cfg.Name, i)
			}
			id = "smtp:" + strings.Join(dc.SMTP.To, ",")
		case dc.Webhook != nil:
			u, err := url.Parse(dc.Webhook.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return nil, govwire.Errorf(govwire.EINVALID, "digest %q deliver[%d]: webhook url is not http(s)", cfg.Name, i)
			}
			sum := sha256.Sum256([]byte(dc.Webhook.URL))
			id = "webhook:" + u.Host + "#" + hex.EncodeToString(sum[:4])
		default:
			return nil, govwire.Errorf(govwire.EINVALID, "digest %q deliver[%d]: no file, smtp or webhook", cfg.Name, i)
		}
		if seen[id] {
			return nil, govwire.Errorf(govwire.EINVALID, "digest %q deliver[%d]: %s is configured twice", cfg.Name, i, id)
		}
		seen[id] = true
		out = append(out, channel{id: id, conf: dc})
	}
	return out, nil
}

func validFormat(f string) bool {
	for _, x := range Formats {
		if x == f {
			return true
		}
	}
	return false
}

// send delivers d to ch.
func (s *Service) send(ctx context.Context, ch channel, d *govwire.Digest) error {
	switch {
	case ch.conf.File != nil:
		return s.sendFile(ch.conf.File, d)
	case ch.conf.SMTP != nil:
		return s.sendSMTP(ctx, ch.conf.SMTP, d)
	default:
		return s.sendWebhook(ctx, ch.conf.Webhook, d)
	}
}

// safeName keeps the characters of name that are safe in a file name or a
// Message-ID, replacing the others with '_'.
func safeName(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '_'
	}, name)
}
