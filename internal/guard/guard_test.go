package guard

import (
	"bytes"
	"strings"
	"testing"
)

type name string

func (n name) String() string { return string(n) }

func TestRunRecoversAndReportsOneLine(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if RunTo(&buf, false, name("(*T).Boom"), func() { panic("boom") }) {
		t.Fatal("RunTo reported success for a panicking func")
	}
	if RunTo(&buf, false, name("(*T).Boom"), func() { panic("boom again") }) {
		t.Fatal("RunTo reported success for a panicking func")
	}
	after := false
	if !RunTo(&buf, false, name("ok"), func() { after = true }) || !after {
		t.Fatal("RunTo did not run or report a normal func")
	}
	want := "leakvet: internal error in (*T).Boom: boom; other findings kept\n"
	if got := buf.String(); got != want {
		t.Errorf("output = %q, want %q", got, want)
	}
}

func TestRunToDebugPrintsStack(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	RunTo(&buf, true, Package("example.com/p"), func() { panic("boom") })
	out := buf.String()
	if !strings.HasPrefix(out, "leakvet: internal error in package example.com/p: boom; other findings kept\n") {
		t.Errorf("first line wrong: %q", out)
	}
	if !strings.Contains(out, "goroutine ") || !strings.Contains(out, "guard_test.go") {
		t.Errorf("no stack trace after the line: %q", out)
	}
}

func TestInjectedPanic(t *testing.T) {
	t.Setenv("LEAKVET_INJECT_PANIC", "victim")
	ran := false
	if Run(name("victim"), func() { ran = true }) {
		t.Error("Run completed although a panic was injected")
	}
	if ran {
		t.Error("the injected panic must replace the unit's work, as a real crash would")
	}
	if !Run(name("other"), func() {}) {
		t.Error("a unit that was not named panicked")
	}
}
