package digest

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/govwire/govwire"
)

const (
	smtpUser = "digest-bot"
	smtpPass = "s3cret"
)

// received is one message as the test SMTP server got it.
type received struct {
	from, user string
	to         []string
	tls        bool
	data       []byte
}

// mailServer is an in-process SMTP server on loopback offering STARTTLS
// with a self-signed certificate and AUTH PLAIN (only after TLS).
type mailServer struct {
	addr  string
	roots *x509.CertPool
	mu    sync.Mutex
	msgs  []received
	fail  error // returned from DATA while set
}

// Server TLS modes.
const (
	modePlain    = "plain"    // no TLS at all
	modeSTARTTLS = "starttls" // STARTTLS offered
	modeImplicit = "implicit" // TLS from the first byte (port 465 style)
)

func newMailServer(t *testing.T, mode string) *mailServer {
	t.Helper()
	m := &mailServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &mailSession{srv: m, conn: c}, nil
	}))
	srv.Domain = "mx.test"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	var tc *tls.Config
	if mode != modePlain {
		cert, roots := selfSigned(t)
		tc = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		m.roots = roots
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	switch mode {
	case modeSTARTTLS:
		srv.TLSConfig = tc
	case modeImplicit:
		l = tls.NewListener(l, tc)
	}
	m.addr = l.Addr().String()
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return m
}

func (m *mailServer) setFail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fail = err
}

func (m *mailServer) messages() []received {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]received(nil), m.msgs...)
}

// config returns a delivery to this server.
func (m *mailServer) config() govwire.DeliverConfig {
	host, port, _ := net.SplitHostPort(m.addr)
	p := 0
	for _, c := range port {
		p = p*10 + int(c-'0')
	}
	return govwire.DeliverConfig{SMTP: &govwire.SMTPDelivery{
		Host: host, Port: p, Username: smtpUser, Password: smtpPass, TLS: "starttls",
		From: "govwire <digests@govwire.test>", To: []string{"desk@news.test", "editor@news.test"},
	}}
}

type mailSession struct {
	srv  *mailServer
	conn *smtp.Conn
	user string
	msg  received
}

func (s *mailSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *mailSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != smtpUser || password != smtpPass {
			return errors.New("bad credentials")
		}
		s.user = username
		return nil
	}), nil
}

func (s *mailSession) Mail(from string, _ *smtp.MailOptions) error {
	if s.user == "" {
		return smtp.ErrAuthRequired
	}
	_, tlsOn := s.conn.TLSConnectionState()
	s.msg = received{from: from, user: s.user, tls: tlsOn}
	return nil
}

func (s *mailSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.to = append(s.msg.to, to)
	return nil
}

func (s *mailSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if s.srv.fail != nil {
		return s.srv.fail
	}
	s.msg.data = b
	s.srv.msgs = append(s.srv.msgs, s.msg)
	return nil
}

func (s *mailSession) Reset()        { s.msg = received{} }
func (s *mailSession) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and a pool trusting it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "mx.test"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// newMailService makes a Service trusting m's certificate.
func newMailService(t *testing.T, st govwire.Store, clk *clock, m *mailServer, cfg govwire.DigestConfig) *Service {
	t.Helper()
	s, err := NewService(Options{
		Digests: []govwire.DigestConfig{cfg}, Store: st, BaseURL: testBaseURL, Now: clk.Now,
		SMTPTLSConfig: &tls.Config{RootCAs: m.roots, MinVersion: tls.VersionTLS12},
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// parts reads a multipart/alternative message into its decoded parts by
// media type.
func parts(t *testing.T, msg *mail.Message) map[string]string {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	out := map[string]string{}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = p
		switch strings.ToLower(p.Header.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			r = quotedprintable.NewReader(p)
		case "base64":
			t.Fatalf("unexpected base64 part")
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		out[ct] = string(b)
	}
}

func TestDeliverSMTP(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	m := newMailServer(t, modeSTARTTLS)
	clk := newClock(deliveryTime)
	s := newMailService(t, db, clk, m, govwire.DigestConfig{Name: "daily", Deliver: []govwire.DeliverConfig{m.config()}})
	ds, err := s.Deliver(ctx, "daily", "2026-11-25", false)
	if err != nil {
		t.Fatal(err)
	}
	if ds[0].Status != govwire.DeliverySent || ds[0].Channel != "smtp:desk@news.test,editor@news.test" {
		t.Fatalf("record = %+v", ds[0])
	}
	msgs := m.messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	got := msgs[0]
	if !got.tls || got.user != smtpUser || got.from != "digests@govwire.test" ||
		strings.Join(got.to, " ") != "desk@news.test editor@news.test" {
		t.Errorf("envelope = tls %v, user %q, from %q, to %q", got.tls, got.user, got.from, got.to)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(got.data))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subject, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
	for h, want := range map[string]string{
		"From":           `"govwire" <digests@govwire.test>`,
		"To":             "<desk@news.test>, <editor@news.test>",
		"Message-ID":     "<digest-daily-2026-11-25@govwire>",
		"Auto-Submitted": "auto-generated",
		"MIME-Version":   "1.0",
	} {
		if v := msg.Header.Get(h); v != want {
			t.Errorf("%s: %q, want %q", h, v, want)
		}
	}
	if subject != "govwire digest daily, 2026-11-25: 7 stories" {
		t.Errorf("Subject: %q", subject)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(deliveryTime) {
		t.Errorf("Date: %v, %v", d, err)
	}
	ps := parts(t, msg)
	text, html := ps["text/plain"], ps["text/html"]
	if !strings.Contains(text, "Pentagon awards $2.1 billion JWCC task order to Oracle") ||
		!strings.Contains(text, "Also reported by Wire Service (syndicated)") {
		t.Errorf("text part:\n%s", text)
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(html, "<script") ||
		strings.Contains(html, "<img") || !strings.Contains(html, `href="https://govwire.example/#/article/a1000000000000a1"`) {
		t.Errorf("html part is not escaped or lacks links:\n%s", html)
	}

	if _, err := s.Deliver(ctx, "daily", "2026-11-25", false); err != nil || len(m.messages()) != 1 {
		t.Errorf("second Deliver: %v, %d messages; want still 1", err, len(m.messages()))
	}
}

// TestDeliverSMTPFailsThenRecovers: the server rejects the message, the
// delivery is recorded failed, and the retry after the backoff sends it:
// exactly one message arrives.
func TestDeliverSMTPFailsThenRecovers(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	m := newMailServer(t, modeSTARTTLS)
	m.setFail(&smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"})
	clk := newClock(deliveryTime)
	s := newMailService(t, db, clk, m, govwire.DigestConfig{Name: "daily", Deliver: []govwire.DeliverConfig{m.config()}})
	ds, err := s.Deliver(ctx, "daily", "2026-11-25", false)
	if err == nil || !strings.Contains(err.Error(), "try again later") {
		t.Fatalf("err = %v, want the server's 451", err)
	}
	if r := ds[0]; r.Status != govwire.DeliveryFailed || r.Attempts != 1 || r.NextAttempt.IsZero() {
		t.Fatalf("record = %+v, want failed with a next attempt", r)
	}
	m.setFail(nil)
	if err := s.RetryFailed(ctx); err != nil || len(m.messages()) != 0 {
		t.Fatalf("retry before the backoff: %v, %d messages", err, len(m.messages()))
	}
	clk.Advance(backoff(1))
	if err := s.RetryFailed(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.RetryFailed(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Deliver(ctx, "daily", "2026-11-25", false); err != nil {
		t.Fatal(err)
	}
	if n := len(m.messages()); n != 1 {
		t.Errorf("%d messages received, want exactly 1", n)
	}
	ds, err = s.Deliveries(ctx, "daily", 5)
	if err != nil || len(ds) != 1 || ds[0].Status != govwire.DeliverySent || ds[0].Attempts != 2 {
		t.Errorf("Deliveries = %+v, %v", ds, err)
	}
}

// TestDeliverSMTPRequiresTLS: a server without STARTTLS gets nothing.
func TestDeliverSMTPRequiresTLS(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	m := newMailServer(t, modePlain)
	s := newMailService(t, db, newClock(deliveryTime), m, govwire.DigestConfig{Name: "daily", Deliver: []govwire.DeliverConfig{m.config()}})
	_, err := s.Deliver(ctx, "daily", "2026-11-25", false)
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Errorf("err = %v, want STARTTLS required", err)
	}
	if n := len(m.messages()); n != 0 {
		t.Errorf("%d messages sent in clear", n)
	}
}

// TestDeliverSMTPModes: implicit TLS works; a wrong password is a failure.
func TestDeliverSMTPModes(t *testing.T) {
	ctx := context.Background()
	db, _ := seededStore(t)
	t.Run("implicit tls", func(t *testing.T) {
		m := newMailServer(t, modeImplicit)
		dc := m.config()
		dc.SMTP.TLS = "tls"
		s := newMailService(t, db, newClock(deliveryTime), m, govwire.DigestConfig{Name: "tls", Deliver: []govwire.DeliverConfig{dc}})
		if _, err := s.Deliver(ctx, "tls", "2026-11-25", false); err != nil {
			t.Fatal(err)
		}
		if msgs := m.messages(); len(msgs) != 1 || !msgs[0].tls {
			t.Errorf("messages = %+v, want one over TLS", msgs)
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		m := newMailServer(t, modeSTARTTLS)
		dc := m.config()
		dc.SMTP.Password = "wrong"
		s := newMailService(t, db, newClock(deliveryTime), m, govwire.DigestConfig{Name: "badauth", Deliver: []govwire.DeliverConfig{dc}})
		ds, err := s.Deliver(ctx, "badauth", "2026-11-25", false)
		if err == nil || len(ds) != 1 || ds[0].Status != govwire.DeliveryFailed || len(m.messages()) != 0 {
			t.Errorf("Deliver = %+v, %v; want failed, nothing sent", ds, err)
		}
	})
}
