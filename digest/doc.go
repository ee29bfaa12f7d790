// Package digest builds, renders and delivers govwire's daily digests.
//
// Build is pure: the on-topic articles first seen in one calendar day of a
// digest's time zone, grouped by label, one entry per near-duplicate
// cluster. Render writes a digest as Markdown, plain text, email-safe HTML or
// JSON; Atom writes feeds of recent digest days. Service wires Build to the
// store and delivers each digest to its file, SMTP and webhook channels
// exactly once per (digest, date, channel), recording every attempt in the
// store so restarts and crashes neither lose nor repeat a delivery.
package digest
