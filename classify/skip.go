package classify

import "encoding/binary"

// Word-at-a-time skipping for the money and identifier scanners: both only
// act at a digit or a currency symbol's first byte, which are rare in
// prose, so they jump over eight bytes at a time that hold none.

const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// digitMask has the high bit set in every byte of x that is an ASCII digit.
func digitMask(x uint64) uint64 {
	low := x &^ highs // the low seven bits of each byte: sums never carry
	ge0 := low + (0x80-'0')*ones
	ge10 := low + (0x80-'9'-1)*ones
	return ge0 &^ ge10 &^ x & highs
}

// byteMask has the high bit set in every byte of x equal to c.
func byteMask(x uint64, c byte) uint64 {
	y := x ^ (ones * uint64(c))
	return ^((y&^highs + ^uint64(highs)&(ones*0x7f)) | y) & highs
}

// nextDigit returns the index of the first ASCII digit in s at or after i,
// or len(s).
func nextDigit(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		if digitMask(binary.LittleEndian.Uint64([]byte(s[i:i+8]))) != 0 {
			break
		}
	}
	for ; i < len(s) && (s[i] < '0' || s[i] > '9'); i++ {
	}
	return i
}

// nextMoneyStart returns the index of the first byte at or after i that
// scanMoney acts on (a digit, '$', or the lead byte of '£' or '€'), or
// len(s). Eight bytes at a time it looks for a digit, '$' or any
// non-ASCII byte (one mask for both lead bytes), and checks a chunk that
// has one byte by byte.
func nextMoneyStart(s string, i int) int {
	for ; i+8 <= len(s); i += 8 {
		x := binary.LittleEndian.Uint64([]byte(s[i : i+8]))
		if digitMask(x)|byteMask(x, '$')|x&highs == 0 {
			continue
		}
		for k := i; k < i+8; k++ {
			if isMoneyStart(s[k]) {
				return k
			}
		}
	}
	for ; i < len(s) && !isMoneyStart(s[i]); i++ {
	}
	return i
}

func isMoneyStart(c byte) bool {
	return c == '$' || c == 0xC2 || c == 0xE2 || c >= '0' && c <= '9'
}
