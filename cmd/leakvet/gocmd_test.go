package main_test

// Standalone leakvet runs on the go command's machinery: build flags mean
// what they mean to go vet, results come from go vet's cache, and errors
// are one line each.

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakvet/leakvet/analyzers"
)

// runEnv runs name with args in dir with the fixture environment and
// env (later variables win); a crash fails the test.
func runEnv(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local"), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	r := result{stdout.String(), stderr.String(), code}
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine 1 [") || strings.Contains(r.stderr, "internal error") {
		t.Fatalf("%s %v crashed:\n%s", name, args, r.stderr)
	}
	return r
}

// lines returns the non-empty lines of s.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func TestBuildTags(t *testing.T) {
	leaks := fixtureLeaks(t, "tagged")
	// Without the tag, ./... skips the package whose files all need it (as
	// go vet does) and the untagged variant of plain is clean.
	r := run(t, "tagged", leakvet, "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("untagged: exit %d, want 0 and no output\n%s", r.code, r.stderr)
	}
	// With it, both tagged files are analysed, however the tag is given.
	fixture := filepath.Join(repo, "testdata", "tagged")
	for name, tt := range map[string]struct {
		dir  string
		env  []string
		args []string
	}{
		"-tags":   {fixture, nil, []string{"-tags=leakvet_fixture", "./..."}},
		"-tags x": {fixture, nil, []string{"-tags", "leakvet_fixture", "./..."}},
		"GOFLAGS": {fixture, []string{"GOFLAGS=-mod=mod -tags=leakvet_fixture"}, []string{"./..."}},
		"-C":      {filepath.Dir(fixture), nil, []string{"-C", "tagged", "-tags=leakvet_fixture", "./..."}},
	} {
		r := runEnv(t, tt.dir, tt.env, leakvet, tt.args...)
		got := normalize("tagged", r.stderr)
		if r.code != 3 {
			t.Errorf("%s: exit %d, want 3\n%s", name, r.code, r.stderr)
		}
		for _, leak := range leaks {
			if !strings.Contains(got, leak) {
				t.Errorf("%s: tagged leak at %s not reported\n%s", name, leak, got)
			}
		}
	}
	// go vet agrees.
	vet := run(t, "tagged", "go", "vet", "-vettool="+leakvet, "-tags=leakvet_fixture", "./...")
	std := run(t, "tagged", leakvet, "-tags=leakvet_fixture", "./...")
	if got, want := normalize("tagged", vet.stderr), normalize("tagged", std.stderr); got != want {
		t.Errorf("go vet -tags and leakvet -tags differ\n--- vet\n%s\n--- leakvet\n%s", got, want)
	}
}

func TestModFlag(t *testing.T) {
	// -mod and -modfile reach the go command, which judges them.
	for _, arg := range []string{"-mod=bogus", "-modfile=missing.mod"} {
		r := run(t, "example", leakvet, arg, "./...")
		name, value, _ := strings.Cut(arg, "=")
		if r.code != 1 || len(lines(r.stderr)) != 1 || !strings.Contains(r.stderr, value) {
			t.Errorf("%s: exit %d, want 1 and the go command's one line about %s\n%s", arg, r.code, name, r.stderr)
		}
	}
	r := run(t, "example", leakvet, "-mod=readonly", "./internal/metrics")
	if r.code != 3 {
		t.Errorf("-mod=readonly: exit %d, want 3\n%s", r.code, r.stderr)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tt := range []struct {
		name string
		args []string
		want string // the one error line
	}{
		{"tag-excluded", []string{"./leak", "./plain"}, "build constraints exclude all Go files in"},
		{"unknown directory", []string{"-tags=leakvet_fixture", "./nosuch", "./leak"}, "nosuch: directory not found"},
		{"unknown package", []string{"-tags=leakvet_fixture", "./leak", "nosuchstd/pkg"}, "nosuchstd/pkg"},
	} {
		r := run(t, "tagged", leakvet, tt.args...)
		var errs []string
		for _, l := range lines(r.stderr) {
			if !strings.Contains(l, ".go:") {
				errs = append(errs, l)
			}
		}
		if r.code != 1 || len(errs) != 1 || !strings.Contains(errs[0], tt.want) {
			t.Errorf("%s: exit %d, error lines %q; want 1 and one line with %q\n%s", tt.name, r.code, errs, tt.want, r.stderr)
		}
		// The packages that load are still analysed.
		if strings.Contains(strings.Join(tt.args, " "), "./leak") && !strings.Contains(r.stderr, `package-level map "seen"`) && tt.name != "tag-excluded" {
			t.Errorf("%s: the package that loads was not reported\n%s", tt.name, r.stderr)
		}
	}
}

func TestNoGoCommand(t *testing.T) {
	r := runEnv(t, filepath.Join(repo, "testdata", "example"), []string{"PATH=" + t.TempDir()}, leakvet, "./...")
	if r.code != 1 || len(lines(r.stderr)) != 1 || !strings.Contains(r.stderr, "go command is not on PATH") {
		t.Errorf("no go on PATH: exit %d, want 1 and one line\n%s", r.code, r.stderr)
	}
}

// vetUnits returns the packages go vet ran leakvet on (not replayed from
// its cache), from -x output.
func vetUnits(stderr string) []string {
	var out []string
	cd := ""
	for _, l := range lines(stderr) {
		if dir, ok := strings.CutPrefix(l, "cd "); ok {
			cd = dir
		}
		if strings.Contains(l, "vet.cfg") && strings.Contains(l, "leakvet") {
			out = append(out, cd)
		}
	}
	return out
}

func TestIncremental(t *testing.T) {
	dir := copyFixture(t, "example")
	nonce := "-nonce=incremental" + strconv.FormatInt(time.Now().UnixNano(), 36)
	first := runIn(t, dir, leakvet, "-x", nonce, "./...")
	if first.code != 3 || len(vetUnits(first.stderr)) < 7 {
		t.Fatalf("first run: exit %d, %d packages analysed\n%s", first.code, len(vetUnits(first.stderr)), first.stderr)
	}
	// Unchanged: everything is replayed, findings included.
	again := runIn(t, dir, leakvet, "-x", nonce, "./...")
	if units := vetUnits(again.stderr); len(units) != 0 {
		t.Errorf("unchanged tree: leakvet ran again on %v", units)
	}
	if findingLines(again.stderr) != findingLines(first.stderr) {
		t.Errorf("replayed findings differ\n--- first\n%s\n--- again\n%s", findingLines(first.stderr), findingLines(again.stderr))
	}
	// A comment added to a leaf package: only it is analysed again (its
	// facts do not change, so its dependents replay).
	leaf := filepath.Join(dir, "internal", "metrics", "metrics.go")
	data, err := os.ReadFile(leaf)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(leaf, append(data, "\n// touched\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	touched := runIn(t, dir, leakvet, "-x", nonce, "./...")
	units := vetUnits(touched.stderr)
	if len(units) == 0 || len(units) > 2 {
		t.Errorf("after touching internal/metrics: leakvet ran on %v; want internal/metrics and at most its one dependent", units)
	}
	for _, u := range units {
		if !strings.HasSuffix(u, filepath.Join("internal", "metrics")) && !strings.HasSuffix(u, filepath.Join("cmd", "shopd")) {
			t.Errorf("after touching internal/metrics: leakvet ran on unrelated %s", u)
		}
	}
}

// findingLines keeps the lines of output that are findings.
func findingLines(s string) string {
	var out []string
	for _, l := range lines(s) {
		if strings.Contains(l, ".go:") && !strings.Contains(l, "vet.cfg") && !strings.HasPrefix(l, "cd ") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n") + "\n"
}

func TestFixWithSARIF(t *testing.T) {
	// One front door: -fix combines with the report flags.
	dir := copyFixture(t, "example")
	out := filepath.Join(t.TempDir(), "out.sarif")
	r := runIn(t, dir, leakvet, "-sarif="+out, "-fix", "./internal/api")
	if r.code != 0 {
		t.Fatalf("-sarif -fix: exit %d\n%s", r.code, r.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !strings.Contains(string(data), `"fixes"`) {
		t.Errorf("-sarif -fix: no SARIF with fixes (%v)\n%s", err, data)
	}
	src, _ := os.ReadFile(filepath.Join(dir, "internal", "api", "imports.go"))
	if !strings.Contains(string(src), "bodyLen := len(body)") {
		t.Errorf("-sarif -fix: fix not applied\n%s", src)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"-h"}} {
		r := run(t, "example", leakvet, args...)
		if r.code != 0 {
			t.Errorf("%v: exit %d\n%s", args, r.code, r.stderr)
		}
		for _, want := range append(analyzers.Names(), "-sarif file", "-baseline file", "-fix", "-test", "-closurecapture.size", "-tags", "Exit codes") {
			if !strings.Contains(r.stdout, want) {
				t.Errorf("%v: usage lacks %q\n%s", args, want, r.stdout)
			}
		}
	}
}

func TestCheckFlagValue(t *testing.T) {
	for _, v := range []string{"-1", "abc"} {
		r := run(t, "example", leakvet, "-closurecapture.size="+v, "./...")
		if r.code != 2 || len(lines(r.stderr)) != 1 || !strings.Contains(r.stderr, `invalid value "`+v+`" for flag -closurecapture.size`) {
			t.Errorf("-closurecapture.size=%s: exit %d, want 2 and one line\n%s", v, r.code, r.stderr)
		}
		// Under go vet: one line per package, no usage text.
		vet := run(t, "example", "go", "vet", "-vettool="+leakvet, "-closurecapture.size="+v, "./internal/config")
		if vet.code == 0 || strings.Contains(vet.stderr, "Usage of") || !strings.Contains(vet.stderr, `invalid value "`+v+`"`) {
			t.Errorf("go vet -closurecapture.size=%s: exit %d\n%s", v, vet.code, vet.stderr)
		}
	}
	// 0 means the default: the example's closure finding stays.
	r := run(t, "example", leakvet, "-closurecapture.size=0", "./internal/api")
	if r.code != 3 || !strings.Contains(r.stderr, "closure passed to time.AfterFunc") {
		t.Errorf("-closurecapture.size=0: exit %d\n%s", r.code, r.stderr)
	}
}
