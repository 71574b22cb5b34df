// Package analyzers is the leakvet suite: the one list of analyzers every
// front end (CLI, go vet -vettool, golangci-lint, nogo) runs, and the
// shared configuration that CLI flags and golangci-lint settings map onto.
package analyzers

import (
	"fmt"
	"sort"

	"github.com/leakvet/leakvet/internal/suppress"
	"github.com/leakvet/leakvet/passes/closurecapture"
	"github.com/leakvet/leakvet/passes/globalgrowth"
	"github.com/leakvet/leakvet/passes/goroutineleak"
	"github.com/leakvet/leakvet/passes/retention"
	"github.com/leakvet/leakvet/passes/tickerstop"
	"golang.org/x/tools/go/analysis"
)

// All is the suite, in a stable order, each analyzer with its default
// configuration and its own flags (which the CLI registers as
// -<check>.<flag>).
var All = []*analysis.Analyzer{
	globalgrowth.Analyzer,
	tickerstop.Analyzer,
	goroutineleak.Analyzer,
	closurecapture.Analyzer,
	retention.Analyzer,
}

// Config selects checks and sets their options. The zero value runs every
// check with its defaults.
type Config struct {
	// Disable names checks not to run.
	Disable []string
	// GlobalGrowthExported also reports exported package-level collections
	// (-globalgrowth.exported).
	GlobalGrowthExported bool
	// TickerStopStrict reports every unstopped ticker or timer whatever the
	// Go version (-tickerstop.strict).
	TickerStopStrict bool
	// ClosureCaptureSize is the number of bytes from which a captured value
	// counts as large (-closurecapture.size); 0 means the default, 64 KiB.
	// A negative size is an error.
	ClosureCaptureSize int
	// RetentionSize is the number of bytes from which the array, struct or
	// constant-size buffer a view is cut from counts as large
	// (-retention.size); 0 means the default, 64 KiB. A negative size is an
	// error.
	RetentionSize int
	// FactsOnly builds checks that only compute the facts other packages
	// import (see each check's Config.FactsOnly): for go vet's units that
	// analyse a dependency only for its facts.
	FactsOnly bool
	// LeaveNolint leaves //nolint directives to the driver (golangci-lint
	// applies them itself); //leakvet:ignore is always applied.
	LeaveNolint bool
}

// Names returns the names of all checks in the suite.
func Names() []string {
	names := make([]string, len(All))
	for i, a := range All {
		names[i] = a.Name
	}
	return names
}

// Build returns new analyzers for the enabled checks, configured by c, in
// the suite's order. It touches no shared state: the analyzers in All and
// those of other Build calls keep their own configuration. An unknown check
// name or an invalid option is an error, worded as on the command line.
func (c Config) Build() ([]*analysis.Analyzer, error) {
	off := make(map[string]bool)
	for _, name := range c.Disable {
		if !known(name) {
			names := Names()
			sort.Strings(names)
			return nil, fmt.Errorf("disable: unknown check %q (known: %v)", name, names)
		}
		off[name] = true
	}
	if _, err := closurecapture.NewSize(int64(c.ClosureCaptureSize)); err != nil {
		return nil, fmt.Errorf("closurecapture.size: %w", err)
	}
	if _, err := retention.NewSize(int64(c.RetentionSize)); err != nil {
		return nil, fmt.Errorf("retention.size: %w", err)
	}
	policy := suppress.Policy{LeaveNolint: c.LeaveNolint}
	built := []*analysis.Analyzer{
		globalgrowth.New(globalgrowth.Config{Exported: c.GlobalGrowthExported, Suppress: policy, FactsOnly: c.FactsOnly}),
		tickerstop.New(tickerstop.Config{Strict: c.TickerStopStrict, Suppress: policy, FactsOnly: c.FactsOnly}),
		goroutineleak.New(goroutineleak.Config{Suppress: policy, FactsOnly: c.FactsOnly}),
		closurecapture.New(closurecapture.Config{Size: int64(c.ClosureCaptureSize), Suppress: policy, FactsOnly: c.FactsOnly}),
		retention.New(retention.Config{Size: int64(c.RetentionSize), Suppress: policy, FactsOnly: c.FactsOnly}),
	}
	var out []*analysis.Analyzer
	for _, a := range built {
		if !off[a.Name] {
			out = append(out, a)
		}
	}
	return out, nil
}

func known(name string) bool {
	for _, a := range All {
		if a.Name == name {
			return true
		}
	}
	return false
}
