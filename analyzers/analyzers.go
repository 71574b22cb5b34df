// Package analyzers is the leakvet suite: the one list of analyzers every
// front end (CLI, go vet -vettool, golangci-lint, nogo) runs, and the
// shared configuration that CLI flags and golangci-lint settings map onto.
package analyzers

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/leakvet/leakvet/passes/closurecapture"
	"github.com/leakvet/leakvet/passes/globalgrowth"
	"github.com/leakvet/leakvet/passes/goroutineleak"
	"github.com/leakvet/leakvet/passes/tickerstop"
	"golang.org/x/tools/go/analysis"
)

// All is the suite, in a stable order.
var All = []*analysis.Analyzer{
	globalgrowth.Analyzer,
	tickerstop.Analyzer,
	goroutineleak.Analyzer,
	closurecapture.Analyzer,
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
	ClosureCaptureSize int
}

// Names returns the names of all checks in the suite.
func Names() []string {
	names := make([]string, len(All))
	for i, a := range All {
		names[i] = a.Name
	}
	return names
}

// Analyzers applies c to the suite's analyzers (through their flags, as the
// CLI would) and returns the enabled ones. An unknown check name is an error.
func (c Config) Analyzers() ([]*analysis.Analyzer, error) {
	byName := make(map[string]*analysis.Analyzer, len(All))
	for _, a := range All {
		byName[a.Name] = a
	}
	if c.ClosureCaptureSize < 0 {
		return nil, fmt.Errorf("closurecapture size must not be negative, got %d", c.ClosureCaptureSize)
	}
	size := c.ClosureCaptureSize
	if size == 0 {
		size = closurecapture.DefaultSize
	}
	off := make(map[string]bool)
	for _, name := range c.Disable {
		if byName[name] == nil {
			known := Names()
			sort.Strings(known)
			return nil, fmt.Errorf("unknown check %q (known: %v)", name, known)
		}
		off[name] = true
	}
	for _, opt := range []struct {
		a     *analysis.Analyzer
		flag  string
		value string
	}{
		{globalgrowth.Analyzer, "exported", strconv.FormatBool(c.GlobalGrowthExported)},
		{tickerstop.Analyzer, "strict", strconv.FormatBool(c.TickerStopStrict)},
		{closurecapture.Analyzer, "size", strconv.Itoa(size)},
	} {
		if err := opt.a.Flags.Set(opt.flag, opt.value); err != nil {
			return nil, err
		}
	}
	var out []*analysis.Analyzer
	for _, a := range All {
		if !off[a.Name] {
			out = append(out, a)
		}
	}
	return out, nil
}
