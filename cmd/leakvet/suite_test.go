package main

import (
	"testing"

	"github.com/leakvet/leakvet/analyzers"
	"github.com/leakvet/leakvet/internal/factcache"
)

func TestUnitSuite(t *testing.T) {
	std := map[string]bool{"net/http": true}
	for _, tc := range []struct {
		name string
		unit *factcache.Unit
		want string // "all", "facts" or "none"
	}{
		{"no unit (-flags, -V)", nil, "all"},
		{"a vetted package", &factcache.Unit{ImportPath: "example.com/app", Standard: std}, "all"},
		{"a vetted standard package", &factcache.Unit{ImportPath: "net/http", Standard: std}, "all"},
		{"a dependency", &factcache.Unit{ImportPath: "example.com/lib", VetxOnly: true, Standard: std}, "facts"},
		{"a standard dependency", &factcache.Unit{ImportPath: "net/http", VetxOnly: true, Standard: std}, "none"},
	} {
		suite := unitSuite(tc.unit)
		got := "facts"
		switch {
		case len(suite) == 0:
			got = "none"
		case &suite[0] == &analyzers.All[0]:
			got = "all"
		}
		if got != tc.want {
			t.Errorf("%s: suite %s (%d analyzers), want %s", tc.name, got, len(suite), tc.want)
		}
	}
}
