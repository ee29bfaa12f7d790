package digest

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/govwire/govwire"
)

// Options configures a Service.
type Options struct {
	Digests []govwire.DigestConfig // as config.Load filled them in
	Store   govwire.Store
	// Searcher resolves digest queries; it may be nil when no digest has one.
	Searcher govwire.Searcher
	BaseURL  string // public URL of the web page, for "view in govwire" links
	DataDir  string // where file deliveries without a dir go (<DataDir>/digests)
	Log      *slog.Logger
	Now      func() time.Time // default time.Now
	// HTTPClient posts webhooks; default a client with a 30s timeout.
	HTTPClient *http.Client
	// SMTPTLSConfig, when set, is used for SMTP TLS (e.g. to trust a private
	// CA); ServerName defaults to the configured host.
	SMTPTLSConfig *tls.Config
	// Lease is how long a pending delivery claimed by another run is left
	// alone before it is taken as crashed and retried; default 10 minutes.
	Lease time.Duration
	// OnDelivery, if set, is called after every attempt to send a digest to
	// a channel, with the record as saved (Status sent or failed): the
	// metrics hook.
	OnDelivery func(rec govwire.Delivery)
}

// Service builds and delivers the configured digests. It implements
// govwire.DigestService. It is safe for concurrent use.
type Service struct {
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	http    *http.Client
	lease   time.Duration
	digests map[string]govwire.DigestConfig
	names   []string
	locs    map[string]*time.Location

	mu   sync.Mutex          // guards keys
	keys map[string]*keyLock // one lock per delivery key: claims and sends are serialised in this process
}

var _ govwire.DigestService = (*Service)(nil)

// DefaultLease is the default Options.Lease.
const DefaultLease = 10 * time.Minute

// NewService checks opts and returns a Service.
func NewService(opts Options) (*Service, error) {
	if opts.Store == nil {
		return nil, errors.New("digest service: store is required")
	}
	s := &Service{
		opts:    opts,
		log:     opts.Log,
		now:     opts.Now,
		http:    opts.HTTPClient,
		lease:   opts.Lease,
		digests: map[string]govwire.DigestConfig{},
		locs:    map[string]*time.Location{},
		keys:    map[string]*keyLock{},
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.http == nil {
		s.http = &http.Client{Timeout: 30 * time.Second}
	}
	if s.lease <= 0 {
		s.lease = DefaultLease
	}
	for _, cfg := range opts.Digests {
		if cfg.Name == "" {
			return nil, govwire.Errorf(govwire.EINVALID, "digest service: a digest has no name")
		}
		if _, dup := s.digests[cfg.Name]; dup {
			return nil, govwire.Errorf(govwire.EINVALID, "digest service: duplicate digest %q", cfg.Name)
		}
		if cfg.Query != "" && opts.Searcher == nil {
			return nil, govwire.Errorf(govwire.EINVALID, "digest %q has a query but no searcher was given", cfg.Name)
		}
		loc := time.UTC
		if cfg.TimeZone != "" {
			var err error
			if loc, err = time.LoadLocation(cfg.TimeZone); err != nil {
				return nil, govwire.Errorf(govwire.EINVALID, "digest %q: timezone: %v", cfg.Name, err)
			}
		}
		if _, err := channels(cfg, opts.DataDir); err != nil {
			return nil, err
		}
		s.digests[cfg.Name] = cfg
		s.locs[cfg.Name] = loc
		s.names = append(s.names, cfg.Name)
	}
	return s, nil
}

// Names lists the configured digests in config order.
func (s *Service) Names() []string { return append([]string(nil), s.names...) }

// Config returns the configuration of digest name.
func (s *Service) Config(name string) (govwire.DigestConfig, bool) {
	cfg, ok := s.digests[name]
	return cfg, ok
}

// lookup returns digest name's config and zone, or an ENOTFOUND error.
func (s *Service) lookup(name string) (govwire.DigestConfig, *time.Location, error) {
	cfg, ok := s.digests[name]
	if !ok {
		return cfg, nil, govwire.Errorf(govwire.ENOTFOUND, "no digest named %q", name)
	}
	return cfg, s.locs[name], nil
}

// Build builds digest name for date (YYYY-MM-DD in the digest's time zone;
// "" means today) from the store.
func (s *Service) Build(ctx context.Context, name, date string) (*govwire.Digest, error) {
	cfg, loc, err := s.lookup(name)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if date == "" {
		date = Today(loc, now)
	}
	start, end, err := Window(loc, date)
	if err != nil {
		return nil, err
	}
	arts, err := s.load(ctx, cfg, start, end)
	if err != nil {
		return nil, fmt.Errorf("build digest %s %s: %w", name, date, err)
	}
	return Build(cfg, date, arts, now), nil
}

// Render writes d as "md", "html", "text" or "json", linking to the web page.
func (s *Service) Render(w io.Writer, d *govwire.Digest, format string) error {
	return Render(w, d, format, s.opts.BaseURL)
}

// Deliveries lists recent delivery records, newest first; name "" lists
// every digest's.
func (s *Service) Deliveries(ctx context.Context, name string, limit int) ([]govwire.Delivery, error) {
	if name != "" {
		if _, _, err := s.lookup(name); err != nil {
			return nil, err
		}
	}
	ds, err := s.opts.Store.Deliveries(ctx, name, limit)
	if err != nil {
		return nil, fmt.Errorf("list deliveries: %w", err)
	}
	return ds, nil
}
