package guard

import "testing"

type name string

func (n name) String() string { return string(n) }

func TestRunRecovers(t *testing.T) {
	after := false
	if Run(name("boom"), func() { panic("boom") }) {
		t.Fatal("Run reported success for a panicking func")
	}
	if !Run(name("ok"), func() { after = true }) || !after {
		t.Fatal("Run did not run or report a normal func")
	}
}
