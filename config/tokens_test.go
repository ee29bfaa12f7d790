package config

import (
	"fmt"
	"strings"
	"testing"

	"github.com/govwire/govwire"
)

func TestTokens(t *testing.T) {
	t.Setenv("GOVWIRE_TEST_REVIEWER", "reviewer-secret-0123456789")
	src := "api:\n  admin_token: admin-secret-0123456789\n  tokens:\n" +
		"    - {name: ana, token: \"${GOVWIRE_TEST_REVIEWER}\", role: reviewer}\n" +
		"    - name: lead\n      token: lead-secret-0123456789\n      role: admin\n"
	c, err := Parse("ok.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []govwire.APIToken{{Name: "ana", Token: "reviewer-secret-0123456789", Role: "reviewer"},
		{Name: "lead", Token: "lead-secret-0123456789", Role: "admin"}}
	if fmt.Sprint(c.API.Tokens) != fmt.Sprint(want) || c.API.Tokens[0].Token != want[0].Token {
		t.Errorf("tokens = %v, want %v", c.API.Tokens, want)
	}
	if len(c.Warnings) != 0 {
		t.Errorf("warnings: %v", c.Warnings)
	}
	for _, s := range []string{fmt.Sprint(c.API.Tokens), fmt.Sprintf("%+v %#v", c.API.Tokens, c.API.Tokens[0])} {
		if strings.Contains(s, "secret") {
			t.Errorf("a token shows in %q", s)
		}
	}
}

func TestTokenErrors(t *testing.T) {
	pre := "api:\n  admin_token: admin-secret-0123456789\n  tokens:\n"
	for _, tc := range []struct{ name, src, want string }{
		{"no name", pre + "    - {token: abcdefghijklmnopq, role: reviewer}\n",
			"bad.yaml:4: api.tokens[0].name: required: every token needs a name"},
		{"no token", pre + "    - {name: ana, role: reviewer}\n",
			"bad.yaml:4: api.tokens[0].token: required: the secret, best written as ${ENV_NAME} so it stays out of the file"},
		{"bad role", pre + "    - {name: ana, token: abcdefghijklmnopq, role: editor}\n",
			`bad.yaml:4: api.tokens[0].role: "editor": must be reviewer or admin`},
		{"no role", pre + "    - {name: ana, token: abcdefghijklmnopq}\n",
			"bad.yaml:4: api.tokens[0].role: required: reviewer or admin"},
		{"same name", pre + "    - {name: ana, token: abcdefghijklmnopq, role: reviewer}\n    - {name: ana, token: bcdefghijklmnopqr, role: admin}\n",
			`bad.yaml:5: api.tokens[1].name: "ana" is already the name of api.tokens[0]; token names must be unique`},
		{"same token", pre + "    - {name: ana, token: abcdefghijklmnopq, role: reviewer}\n    - {name: ben, token: abcdefghijklmnopq, role: admin}\n",
			"bad.yaml:5: api.tokens[1].token: the same token as api.tokens[0]; every token must be different"},
		{"admin's token", pre + "    - {name: ana, token: admin-secret-0123456789, role: reviewer}\n",
			"bad.yaml:4: api.tokens[0].token: the same token as api.admin_token; every token must be different"},
		{"unset env", pre + "    - {name: ana, token: \"${GOVWIRE_TEST_UNSET_TOKEN}\", role: reviewer}\n",
			"GOVWIRE_TEST_UNSET_TOKEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tc.src))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v\nwant %s", err, tc.want)
			}
			if strings.Contains(err.Error(), "abcdefghijklmnopq") || strings.Contains(err.Error(), "admin-secret") {
				t.Errorf("the error shows a token: %v", err)
			}
		})
	}
	c, err := Parse("w.yaml", []byte("api:\n  tokens:\n    - {name: ana, token: short, role: reviewer}\n"))
	if err != nil || len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "api.tokens[0].token: shorter than 16") {
		t.Errorf("short token: %v, warnings %v", err, c.Warnings)
	}
}
