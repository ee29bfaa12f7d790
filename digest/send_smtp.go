package digest

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/govwire/govwire"
)

// smtpTimeout bounds one SMTP conversation.
const smtpTimeout = 30 * time.Second

// MessageID is the Message-ID of digest name's email for date, without the
// angle brackets. It is the same on every attempt, so a crash between the
// send and its record at worst yields a duplicate that mail clients can
// recognise.
func MessageID(name, date string) string {
	return "digest-" + safeName(name) + "-" + date + "@govwire"
}

// Subject is the email subject of d: its name, date and story count.
func Subject(d *govwire.Digest) string { return heading(d) }

// newMessage makes the email of d: multipart/alternative with the plain
// text and the HTML renderings.
func (s *Service) newMessage(c *govwire.SMTPDelivery, d *govwire.Digest) (*mail.Msg, error) {
	var text, html bytes.Buffer
	if err := s.Render(&text, d, "text"); err != nil {
		return nil, err
	}
	if err := s.Render(&html, d, "html"); err != nil {
		return nil, err
	}
	m := mail.NewMsg()
	if err := m.From(c.From); err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "smtp from %q: %v", c.From, err)
	}
	if err := m.To(c.To...); err != nil {
		return nil, govwire.Errorf(govwire.EINVALID, "smtp to %q: %v", c.To, err)
	}
	m.Subject(Subject(d))
	m.SetMessageIDWithValue(MessageID(d.Name, d.Date))
	m.SetDateWithValue(s.now())
	m.SetGenHeader(mail.Header("Auto-Submitted"), "auto-generated")
	m.SetBodyString(mail.TypeTextPlain, text.String())
	m.AddAlternativeString(mail.TypeTextHTML, html.String())
	return m, nil
}

// sendSMTP sends d by email: STARTTLS required unless c.TLS says "tls"
// (implicit TLS) or "none", AUTH PLAIN when a username is set.
func (s *Service) sendSMTP(ctx context.Context, c *govwire.SMTPDelivery, d *govwire.Digest) error {
	m, err := s.newMessage(c, d)
	if err != nil {
		return err
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.opts.SMTPTLSConfig != nil {
		tc = s.opts.SMTPTLSConfig.Clone()
	}
	if tc.ServerName == "" {
		tc.ServerName = c.Host
	}
	port := c.Port
	if port == 0 {
		port = 587
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTimeout(smtpTimeout), mail.WithTLSConfig(tc)}
	switch c.TLS {
	case "tls":
		opts = append(opts, mail.WithSSL())
	case "none":
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	default:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	}
	if c.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain),
			mail.WithUsername(c.Username), mail.WithPassword(c.Password))
	}
	client, err := mail.NewClient(c.Host, opts...)
	if err != nil {
		return fmt.Errorf("smtp client %s: %w", c.Host, err)
	}
	ctx, cancel := context.WithTimeout(ctx, smtpTimeout)
	defer cancel()
	if err := client.DialAndSendWithContext(ctx, m); err != nil {
		return fmt.Errorf("smtp send via %s:%d: %w", c.Host, port, err)
	}
	return nil
}
