// Package goroot tells whether a package being analysed belongs to the Go
// distribution (the standard library and its commands).
package goroot

import (
	"go/build"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Contains reports whether pass's package files lie under GOROOT/src.
func Contains(pass *analysis.Pass) bool {
	if len(pass.Files) == 0 || build.Default.GOROOT == "" {
		return false
	}
	f := pass.Fset.File(pass.Files[0].FileStart)
	root := filepath.Join(build.Default.GOROOT, "src") + string(filepath.Separator)
	return f != nil && strings.HasPrefix(f.Name(), root)
}
