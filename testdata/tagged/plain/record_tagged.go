//go:build leakvet_fixture

package plain

var paths []string // LEAK(globalgrowth)

func record(p string) { paths = append(paths, p) }
