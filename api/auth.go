package api

import (
	"crypto/sha256"
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/govwire/govwire"
)

// credential is a configured token, kept as its hash only.
type credential struct {
	name, role string
	hash       [sha256.Size]byte
}

// credentials returns every token the server accepts: api.tokens, and the
// old api.admin_token as an admin named "admin".
func credentials(cfg Config) []credential {
	var out []credential
	if cfg.AdminToken != "" {
		out = append(out, credential{name: "admin", role: govwire.RoleAdmin, hash: sha256.Sum256([]byte(cfg.AdminToken))})
	}
	for _, t := range cfg.Tokens {
		if t.Token != "" {
			out = append(out, credential{name: t.Name, role: t.Role, hash: sha256.Sum256([]byte(t.Token))})
		}
	}
	return out
}

// hasRole reports whether any configured token has role.
func (s *Server) hasRole(role string) bool {
	for _, c := range s.creds {
		if c.role == role {
			return true
		}
	}
	return false
}

// identify returns the configured token the request's Bearer token matches.
// It compares hashes in constant time against every token, without stopping
// at the first match, so neither the length nor the position leaks.
func (s *Server) identify(r *http.Request) (credential, bool) {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return credential{}, false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(token)))
	var (
		found credential
		match int
	)
	for _, c := range s.creds {
		if subtle.ConstantTimeCompare(got[:], c.hash[:]) == 1 && match == 0 {
			found, match = c, 1
		}
	}
	return found, match == 1
}

// allow checks that the request carries a token with one of roles, writing
// the error when not: 401 for a missing or unknown token, 403 for a valid
// token of another role.
func (s *Server) allow(w http.ResponseWriter, r *http.Request, what string, roles ...string) (credential, bool) {
	c, ok := s.identify(r)
	if !ok {
		writeError(w, r, s.log, govwire.Errorf(govwire.EUNAUTHORIZED,
			"%s needs a valid token (Authorization: Bearer TOKEN) with role %s", what, strings.Join(roles, " or ")))
		return c, false
	}
	for _, role := range roles {
		if c.role == role {
			return c, true
		}
	}
	writeError(w, r, s.log, govwire.Errorf(govwire.EFORBIDDEN, "%s needs role %s; token %q has role %s",
		what, strings.Join(roles, " or "), c.name, c.role))
	return c, false
}
