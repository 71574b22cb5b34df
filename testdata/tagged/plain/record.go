//go:build !leakvet_fixture

package plain

func record(string) {}
