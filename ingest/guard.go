package ingest

import (
	"fmt"
	"net/netip"
	"strings"
	"syscall"

	"code.dny.dev/ssrf"
)

// RefusedError reports a connection the SSRF guard refused. The guard checks
// the address a host name resolved to, just before each connection is made,
// so it applies to every redirect hop and no packet reaches the address.
type RefusedError struct {
	Address string // the IP address (and port) the dial was aimed at
	Reason  string // "loopback", "private", "link-local", "cloud metadata"...
}

// Error implements the error interface.
func (e *RefusedError) Error() string {
	return fmt.Sprintf("refused: address %s is %s, not allowed (fetch.allow_networks)", e.Address, e.Reason)
}

// namedRange is a denied range with the name used in errors.
type namedRange struct {
	prefix netip.Prefix
	reason string
}

// namedRanges are checked in order, so the metadata addresses are named as
// such rather than as link-local or private.
var namedRanges = func() []namedRange {
	var out []namedRange
	add := func(reason string, cidrs ...string) {
		for _, c := range cidrs {
			out = append(out, namedRange{netip.MustParsePrefix(c), reason})
		}
	}
	add("cloud metadata", "169.254.169.254/32", "169.254.170.2/32", "fd00:ec2::254/128", "100.100.100.200/32")
	add("unspecified", "0.0.0.0/8", "::/128")
	add("loopback", "127.0.0.0/8", "::1/128")
	add("private", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
	add("link-local", "169.254.0.0/16", "fe80::/10")
	add("shared address space (CGNAT)", "100.64.0.0/10")
	add("multicast", "224.0.0.0/4", "ff00::/8")
	add("broadcast", "255.255.255.255/32")
	add("reserved", "240.0.0.0/4")
	return out
}()

// guard decides which addresses the fetcher may connect to.
type guard struct {
	allow []netip.Prefix
	// special catches the rest of the IANA special-purpose registries
	// (documentation, benchmarking, NAT64, 6to4...) that namedRanges does
	// not name.
	special *ssrf.Guardian
}

// newGuard returns a guard that lets the CIDRs in allow through.
func newGuard(allow []string) (*guard, error) {
	g := &guard{special: ssrf.New(ssrf.WithAnyPort(), ssrf.WithAnyNetwork())}
	for _, c := range allow {
		p, err := netip.ParsePrefix(strings.TrimSpace(c))
		if err != nil {
			// A bare address means just that address.
			a, aerr := netip.ParseAddr(strings.TrimSpace(c))
			if aerr != nil {
				return nil, fmt.Errorf("allow_networks: %q is not a CIDR: %w", c, err)
			}
			p = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		g.allow = append(g.allow, p.Masked())
	}
	return g, nil
}

// control is a net.Dialer Control hook: it runs after DNS resolution and
// before connect(2), for every connection the transport opens.
func (g *guard) control(network, address string, _ syscall.RawConn) error {
	switch network {
	case "tcp", "tcp4", "tcp6":
	default:
		return &RefusedError{Address: address, Reason: "on network " + network}
	}
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("refused: cannot parse dial address %q: %w", address, err)
	}
	if err := g.check(ap.Addr()); err != nil {
		return &RefusedError{Address: ap.Addr().WithZone("").Unmap().String(), Reason: err.Error()}
	}
	return nil
}

// check returns nil when addr may be dialled, or an error whose text names
// the kind of address refused.
func (g *guard) check(addr netip.Addr) error {
	addr = addr.WithZone("").Unmap()
	for _, p := range g.allow {
		if p.Contains(addr) {
			return nil
		}
	}
	for _, r := range namedRanges {
		if r.prefix.Contains(addr) {
			return reasonError(r.reason)
		}
	}
	if err := g.special.SafeAddr(addr); err != nil {
		return reasonError("special-purpose")
	}
	return nil
}

// reasonError is the kind of a refused address.
type reasonError string

func (r reasonError) Error() string { return string(r) }
