// Package flagval holds the validating flag.Value types of the checks'
// options. A value is checked once, where it is parsed: on the command line
// (an error is one line and exit code 2), in golangci-lint settings (a
// settings error with the same wording) and in analyzers.Config.
package flagval

import (
	"fmt"
	"strconv"
)

// Bytes is a size threshold in bytes. It accepts a non-negative decimal
// integer; 0 means the default (the same meaning on the command line, in
// golangci-lint settings and in analyzers.Config). Negative and
// non-numeric values are errors.
type Bytes struct {
	n, def int64
}

// NewBytes returns a Bytes holding its default def (def > 0).
func NewBytes(def int64) *Bytes { return &Bytes{n: def, def: def} }

// Set parses s; see Bytes.
func (b *Bytes) Set(s string) error {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return fmt.Errorf("want a number of bytes (0 for the default, %d), got %q", b.def, s)
	}
	return b.SetInt(n)
}

// SetInt sets the threshold to n bytes (0: the default).
func (b *Bytes) SetInt(n int64) error {
	if n < 0 {
		return fmt.Errorf("want a number of bytes (0 for the default, %d), got %d: a size cannot be negative", b.def, n)
	}
	if n == 0 {
		n = b.def
	}
	b.n = n
	return nil
}

// Get returns the threshold in bytes.
func (b *Bytes) Get() any { return b.n }

// Int returns the threshold in bytes.
func (b *Bytes) Int() int64 { return b.n }

// Default returns the default threshold in bytes.
func (b *Bytes) Default() int64 { return b.def }

func (b *Bytes) String() string {
	if b == nil {
		return "0"
	}
	return strconv.FormatInt(b.n, 10)
}
