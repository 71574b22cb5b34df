package flagval

import (
	"flag"
	"io"
	"strings"
	"testing"
)

func TestBytes(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		in      string
		want    int64
		wantErr string
	}{
		{"1024", 1024, ""},
		{"0", 65536, ""},
		{"-1", 65536, "a size cannot be negative"},
		{"64KiB", 65536, `got "64KiB"`},
		{"", 65536, `got ""`},
	} {
		b := NewBytes(65536)
		err := b.Set(tt.in)
		if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
			t.Errorf("Set(%q) error = %v, want %q", tt.in, err, tt.wantErr)
		}
		if b.Int() != tt.want {
			t.Errorf("after Set(%q): %d, want %d", tt.in, b.Int(), tt.want)
		}
	}
}

// TestBytesAsFlag checks the one-line error a FlagSet gives.
func TestBytesAsFlag(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	b := NewBytes(100)
	fs.Var(b, "size", "threshold")
	err := fs.Parse([]string{"-size=-5"})
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "cannot be negative") {
		t.Errorf("Parse error = %v", err)
	}
	if b.Int() != 100 {
		t.Errorf("a rejected value changed the threshold to %d", b.Int())
	}
}
