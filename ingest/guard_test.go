package ingest

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"
)

func TestGuardCheck(t *testing.T) {
	g, err := newGuard([]string{"127.0.0.1/32", "203.0.113.7"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		addr string
		want string // reason; "" means allowed
	}{
		{"127.0.0.1", ""},
		{"::ffff:127.0.0.1", ""},
		{"203.0.113.7", ""}, // a bare address in allow_networks
		{"8.8.8.8", ""},
		{"93.184.215.14", ""},
		{"2606:4700:4700::1111", ""},
		{"127.0.0.2", "loopback"},
		{"127.255.255.254", "loopback"},
		{"::1", "loopback"},
		{"::ffff:127.0.0.2", "loopback"},
		{"169.254.169.254", "cloud metadata"},
		{"::ffff:169.254.169.254", "cloud metadata"},
		{"fd00:ec2::254", "cloud metadata"},
		{"169.254.170.2", "cloud metadata"},
		{"169.254.1.1", "link-local"},
		{"fe80::1%eth0", "link-local"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"fd12:3456::1", "private"},
		{"100.64.0.1", "shared address space (CGNAT)"},
		{"100.127.255.255", "shared address space (CGNAT)"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"224.0.0.1", "multicast"},
		{"ff02::1", "multicast"},
		{"255.255.255.255", "broadcast"},
		{"240.0.0.1", "reserved"},
		{"192.0.2.1", "special-purpose"},
		{"203.0.113.8", "special-purpose"},
		{"2001:db8::1", "special-purpose"},
		{"64:ff9b::7f00:1", "special-purpose"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := g.check(netip.MustParseAddr(tt.addr))
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.want != "" && (err == nil || err.Error() != tt.want):
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestGuardControl(t *testing.T) {
	g, err := newGuard([]string{"127.0.0.1/32"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ network, address, want string }{
		{"tcp4", "127.0.0.1:8080", ""},
		{"tcp4", "127.0.0.1:1", ""}, // allowed networks pass on any port
		{"tcp4", "8.8.8.8:443", ""},
		{"tcp4", "127.0.0.2:80", "refused: address 127.0.0.2 is loopback, not allowed"},
		{"tcp4", "169.254.169.254:80", "refused: address 169.254.169.254 is cloud metadata, not allowed"},
		{"tcp6", "[fd00:ec2::254]:80", "refused: address fd00:ec2::254 is cloud metadata"},
		{"tcp6", "[fe80::1%eth0]:80", "refused: address fe80::1 is link-local"},
		{"udp4", "8.8.8.8:53", "is on network udp4, not allowed"},
		{"tcp4", "nonsense", `cannot parse dial address "nonsense"`},
	}
	for _, tt := range tests {
		t.Run(tt.network+" "+tt.address, func(t *testing.T) {
			err := g.control(tt.network, tt.address, nil)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
		})
	}
	var refused *RefusedError
	if err := g.control("tcp4", "10.0.0.1:80", nil); !errors.As(err, &refused) || refused.Reason != "private" {
		t.Fatalf("err = %#v, want a *RefusedError for a private address", err)
	}
}

func TestNewGuard(t *testing.T) {
	tests := []struct {
		cidr string
		ok   bool
	}{
		{"10.0.0.0/8", true},
		{" 127.0.0.1/32 ", true},
		{"127.0.0.1", true},
		{"::1/128", true},
		{"10.0.0.1/8", true}, // masked to 10.0.0.0/8
		{"10.0.0.0/33", false},
		{"localhost", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.cidr, func(t *testing.T) {
			_, err := newGuard([]string{tt.cidr})
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "allow_networks") {
				t.Fatalf("err = %v, want it to name allow_networks", err)
			}
		})
	}
}

func TestGuardChecksResolvedNames(t *testing.T) {
	// With nothing allowed, a host name that resolves to loopback is
	// refused after resolution: the guard sees addresses, not names.
	srv := fxServe(t, fxStatic("application/rss+xml", fxRSS))
	cfg := fxConfig()
	cfg.AllowNetworks = nil
	f, _ := fxFetcher(t, cfg)
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	_, err := f.Fetch(context.Background(), Request{URL: "http://localhost:" + port + "/feed", Kind: KindFeed})
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		t.Skipf("localhost does not resolve here: %v", err)
	}
	var refused *RefusedError
	if !errors.As(err, &refused) || refused.Reason != "loopback" {
		t.Fatalf("err = %v, want a loopback refusal", err)
	}
}
