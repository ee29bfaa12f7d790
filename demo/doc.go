// Package demo serves govwire's bundled offline sample: three invented news
// outlets publishing government-cloud contract stories (one RSS 2.0, one Atom,
// one JSON Feed 1.1), a fourth source whose feed is malformed XML and a fifth
// whose feed always fails, all from an in-process HTTP server on loopback.
//
// Every date in the sample is relative to a reference time (Options.Now), so
// "govwire demo" shows a fresh "today" whenever it runs and tests stay
// deterministic. The manifest of intended labels (site/manifest.json, exposed
// by Stories) is the fixture the integration tests of classification, search,
// digests and export compare against.
package demo
