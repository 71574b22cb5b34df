package analyzers

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/goroutineleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

// recorder is an analysistest.Testing that keeps the expectation errors
// (testdata/example has no // want comments) instead of failing.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestInjectedPanicIsVisible injects a panic into one function of the
// example module (LEAKVET_INJECT_PANIC, see internal/guard) and checks that
// the failure is printed as one line on stderr and that the findings in the
// other functions are kept.
func TestInjectedPanicIsVisible(t *testing.T) {
	victim := "(*example.com/shop/internal/worker.Monitor).Watch"
	t.Setenv("LEAKVET_INJECT_PANIC", victim)
	t.Setenv("LEAKVET_DEBUG", "")

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := os.Stderr
	os.Stderr = w
	var rec recorder
	results := analysistest.Run(&rec, filepath.Join("..", "testdata", "example"), goroutineleak.New(goroutineleak.Config{}), "./...")
	os.Stderr = stderr
	w.Close()
	out, _ := io.ReadAll(r)

	want := "leakvet: internal error in " + victim + ": injected by LEAKVET_INJECT_PANIC; other findings kept\n"
	if strings.Count(string(out), want) != 1 {
		t.Errorf("stderr:\n%s\nwant exactly one line\n%s", out, want)
	}
	var found []string
	for _, res := range results {
		for _, d := range res.Diagnostics {
			found = append(found, res.Pass.Fset.Position(d.Pos).String())
		}
	}
	all := strings.Join(found, "\n")
	if !strings.Contains(all, filepath.Join("internal", "api", "inventory.go")+":20:12") {
		t.Errorf("the finding in another function was lost; findings:\n%s", all)
	}
	if strings.Contains(all, filepath.Join("internal", "worker", "monitor.go")) {
		t.Errorf("a finding in the failed function was reported; findings:\n%s", all)
	}
}
