package config

import (
	"crypto/sha256"
	"fmt"

	"github.com/govwire/govwire"
)

// minTokenLength is the length under which a token draws a warning.
const minTokenLength = 16

// checkTokens validates api.tokens: each has a unique name, a token and a
// known role, and no two entries (nor api.admin_token) share a token, so a
// token always says who made a review. Messages never show a token.
func (c *Config) checkTokens() error {
	names := map[string]int{}
	tokens := map[[sha256.Size]byte]string{}
	if c.API.AdminToken != "" {
		tokens[sha256.Sum256([]byte(c.API.AdminToken))] = "api.admin_token"
	}
	for i, t := range c.API.Tokens {
		at, err := named("api.tokens", "token", i, t.Name, names)
		if err != nil {
			return err
		}
		if t.Name == "admin" && c.API.AdminToken != "" {
			return fmt.Errorf("%s.name: %q is the name reviews made with api.admin_token carry; pick another", at, t.Name)
		}
		if t.Token == "" {
			return fmt.Errorf("%s.token: required: the secret, best written as ${ENV_NAME} so it stays out of the file", at)
		}
		switch t.Role {
		case govwire.RoleReviewer, govwire.RoleAdmin:
		case "":
			return fmt.Errorf("%s.role: required: %s or %s", at, govwire.RoleReviewer, govwire.RoleAdmin)
		default:
			return fmt.Errorf("%s.role: %q: must be %s or %s", at, t.Role, govwire.RoleReviewer, govwire.RoleAdmin)
		}
		h := sha256.Sum256([]byte(t.Token))
		if other, ok := tokens[h]; ok {
			return fmt.Errorf("%s.token: the same token as %s; every token must be different", at, other)
		}
		tokens[h] = at
		if len(t.Token) < minTokenLength {
			c.warnf("%s.token: shorter than %d characters: easy to guess", at, minTokenLength)
		}
	}
	return nil
}
