package pools

import "testing"

// Tests may change a setting; production code never does, so MaxFrame
// stays a bounded key.
func TestFrame(t *testing.T) {
	old := MaxFrame
	MaxFrame = 1 << 10
	t.Cleanup(func() { MaxFrame = old })
	_ = frameBuf()
}
