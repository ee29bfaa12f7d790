package govwire

import (
	"errors"
	"fmt"
)

// Error codes shared by every package; api maps each to one HTTP status and
// cmd maps them to exit codes.
const (
	EINVALID      = "invalid"      // bad input: query, config, rule file, request
	ENOTFOUND     = "not_found"    // no such article, digest or source
	ECONFLICT     = "conflict"     // already done (a digest already delivered)
	EUNAUTHORIZED = "unauthorized" // missing or wrong admin token
	EFORBIDDEN    = "forbidden"    // a valid token whose role may not do this
	ETOOLARGE     = "too_large"    // a body or result over a limit
	ETIMEOUT      = "timeout"      // a deadline ran out
	EUNAVAILABLE  = "unavailable"  // not ready yet (index still building)
	EINTERNAL     = "internal"     // anything else
)

// Error is an application error with a machine-readable code and a message
// fit to show a user.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or a
// generic message for other errors so internals never leak to users.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
