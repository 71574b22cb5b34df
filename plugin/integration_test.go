package plugin_test

// End-to-end test of the module plugin: build golangci-lint with it the way
// "golangci-lint custom" does (minus the git clone, which is replaced by the
// module proxy's copy of the release) and lint testdata/example with it.
//
// The built binary is cached under os.UserCacheDir()/leakvet-test/, keyed
// on the repository's Go sources, go.mod and go.sum, so only the first run
// after a change pays for the build (several minutes on two cores).

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

const (
	golangciModule  = "github.com/golangci/golangci-lint/v2"
	golangciVersion = "v2.15.0"
	leakvetModule   = "github.com/leakvet/leakvet"
	pluginImport    = leakvetModule + "/plugin"
)

// goEnv is the environment for every go and golangci-lint command the test
// runs: the user's, pinned to the local toolchain and outside any workspace.
func goEnv(extra ...string) []string {
	return append(os.Environ(), append([]string{
		"GOWORK=off",
		"GOTOOLCHAIN=local",
		"GOFLAGS=-mod=mod",
	}, extra...)...)
}

func TestGolangciLintPlugin(t *testing.T) {
	bin := golangciLint(t)

	// The fixture is copied so that nothing (caches, the nolint edit) is
	// written into the repository.
	example := filepath.Join(t.TempDir(), "example")
	if err := os.CopyFS(example, os.DirFS(filepath.Join(repoRoot(t), "testdata", "example"))); err != nil {
		t.Fatal(err)
	}
	metrics := filepath.Join(example, "internal", "metrics", "metrics.go")
	hitsLine := lineOf(t, metrics, "var hits = map[string]int{}")

	// (a) Findings of every check, attributed to the plugin's linter name.
	base := runLint(t, bin, example, `
          globalgrowth:
            exported: false
          tickerstop:
            strict: false`)
	if base.exit != 1 {
		t.Fatalf("golangci-lint exited %d, want 1 (issues found)\n%s", base.exit, base.stderr)
	}
	for _, is := range base.issues {
		if is.FromLinter != "leakvet" {
			t.Errorf("issue attributed to %q, want leakvet: %s", is.FromLinter, is)
		}
	}
	hits := base.find("internal/metrics/metrics.go", hitsLine, `globalgrowth: package-level map "hits" grows without bound`)
	if hits == nil {
		t.Fatalf("no globalgrowth finding for hits at metrics.go:%d; issues:\n%s", hitsLine, base.list())
	}
	ticker := base.find("internal/worker/monitor.go", 0, `tickerstop: ticker "t" from time.NewTicker is never stopped`)
	if ticker == nil {
		t.Fatalf("no tickerstop finding in monitor.go; issues:\n%s", base.list())
	}
	if base.find("internal/api/inventory.go", 0, `goroutineleak: goroutine blocks forever sending on "replies"`) == nil {
		t.Errorf("no goroutineleak finding in inventory.go; issues:\n%s", base.list())
	}
	if base.find("internal/api/imports.go", 0, `closurecapture: closure passed to time.AfterFunc captures "body"`) == nil {
		t.Errorf("no closurecapture finding in imports.go; issues:\n%s", base.list())
	}
	if base.find("internal/api/receipts.go", 0, `retention: substring string(body)[:12] of input-sized []byte from io.ReadAll`) == nil {
		t.Errorf("no retention finding in receipts.go; issues:\n%s", base.list())
	}
	// The text format: "file:line:col: check: message (leakvet)".
	wantText := fmt.Sprintf("internal/metrics/metrics.go:%d:%d: %s (leakvet)", hits.Pos.Line, hits.Pos.Column, hits.Text)
	if !slices.Contains(base.textLines, wantText) {
		t.Errorf("text output lacks %q:\n%s", wantText, strings.Join(base.textLines, "\n"))
	}

	// The settings reach the analyzers through golangci-lint's config.
	t.Run("settings", func(t *testing.T) {
		r := runLint(t, bin, example, `
          disable: [globalgrowth]
          tickerstop:
            strict: true
          closurecapture:
            size: 1048576
          retention:
            size: 1048576`)
		if r.exit != 1 {
			t.Fatalf("golangci-lint exited %d, want 1\n%s", r.exit, r.stderr)
		}
		for _, is := range r.issues {
			if strings.HasPrefix(is.Text, "globalgrowth") {
				t.Errorf("globalgrowth is disabled but reported: %s", is)
			}
		}
		if r.find("internal/worker/monitor.go", ticker.Pos.Line, "(-tickerstop.strict;") == nil {
			t.Errorf("tickerstop.strict: true did not reach the analyzer; issues:\n%s", r.list())
		}
	})

	// (b) //nolint:leakvet on the reported line suppresses that finding only.
	t.Run("nolint", func(t *testing.T) {
		src, err := os.ReadFile(metrics)
		if err != nil {
			t.Fatal(err)
		}
		// The line has a trailing comment ("// LEAK(globalgrowth)"); the
		// directive must come first to be a directive at all.
		edited := bytes.Replace(src, []byte("var hits = map[string]int{}"), []byte("var hits = map[string]int{} //nolint:leakvet"), 1)
		if err := os.WriteFile(metrics, edited, 0o666); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.WriteFile(metrics, src, 0o666) })

		r := runLint(t, bin, example, `
          globalgrowth:
            exported: false
          tickerstop:
            strict: false`)
		if r.exit != 1 {
			t.Fatalf("golangci-lint exited %d, want 1\n%s", r.exit, r.stderr)
		}
		if is := r.find("internal/metrics/metrics.go", hitsLine, ""); is != nil {
			t.Errorf("//nolint:leakvet did not suppress %s", is)
		}
		for _, is := range base.issues {
			if is.Pos.Filename == hits.Pos.Filename {
				continue // hits and its related information ("hits grows here")
			}
			if r.find(is.Pos.Filename, is.Pos.Line, is.Text) == nil {
				t.Errorf("finding lost after adding the nolint directive: %s", is)
			}
		}
		// leakvet drops the whole diagnostic itself, related information
		// included; golangci-lint's nolint filter would drop only the
		// issue on the directive's line.
		if r.find(hits.Pos.Filename, 0, "hits grows here") == nil {
			t.Logf("suppressed by leakvet (its related information went too)")
		} else {
			t.Logf("suppressed by golangci-lint's nolint filter (related information stayed)")
		}
	})

	// (c) A bad settings key fails the run with the plugin's message.
	t.Run("bad settings", func(t *testing.T) {
		r := runLint(t, bin, example, `
          nosuch: 1`)
		if r.exit == 0 || r.exit == 1 {
			t.Errorf("golangci-lint exited %d, want a configuration failure", r.exit)
		}
		const want = `leakvet: unknown setting "nosuch" (allowed: disable, globalgrowth, tickerstop, closurecapture, retention)`
		if !strings.Contains(r.stderr, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stderr)
		}
		if len(r.issues) != 0 {
			t.Errorf("issues reported despite the bad configuration:\n%s", r.list())
		}
	})
}

// issue is the part of golangci-lint's JSON output the test reads.
type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
}

func (is issue) String() string {
	return fmt.Sprintf("%s:%d:%d: %s (%s)", is.Pos.Filename, is.Pos.Line, is.Pos.Column, is.Text, is.FromLinter)
}

type lintResult struct {
	exit      int
	stderr    string // stdout and stderr
	issues    []issue
	textLines []string
}

// find returns the first issue in file (slash-separated, relative to the
// module) at line (0: any) whose text contains substr.
func (r *lintResult) find(file string, line int, substr string) *issue {
	for i, is := range r.issues {
		if filepath.ToSlash(is.Pos.Filename) == file && (line == 0 || is.Pos.Line == line) && strings.Contains(is.Text, substr) {
			return &r.issues[i]
		}
	}
	return nil
}

func (r *lintResult) list() string {
	var b strings.Builder
	for _, is := range r.issues {
		fmt.Fprintln(&b, is)
	}
	return b.String()
}

// golangciConfig is the .golangci.yml the test uses; settings is the YAML
// under linters.settings.custom.leakvet.settings.
const golangciConfig = `version: "2"
linters:
  default: none
  enable:
    - leakvet
  settings:
    custom:
      leakvet:
        type: module
        description: finds memory, goroutine and timer leaks
        settings:%s
issues:
  max-issues-per-linter: 0
  max-same-issues: 0
`

// runLint writes dir/.golangci.yml with the given plugin settings, runs
// golangci-lint on ./... in dir and collects both the JSON and the text
// output.
func runLint(t *testing.T, bin, dir, settings string) *lintResult {
	t.Helper()
	tmp := t.TempDir()
	cfg := filepath.Join(dir, ".golangci.yml")
	if err := os.WriteFile(cfg, fmt.Appendf(nil, golangciConfig, settings), 0o666); err != nil {
		t.Fatal(err)
	}
	jsonOut, textOut := filepath.Join(tmp, "out.json"), filepath.Join(tmp, "out.txt")
	cmd := exec.CommandContext(testContext(t), bin, "run",
		"--config", cfg,
		"--output.json.path", jsonOut,
		"--output.text.path", textOut,
		"--output.text.colors=false",
		"--output.text.print-issued-lines=false",
		"./...")
	cmd.Dir = dir
	// A fresh analysis cache per run: results must come from this binary
	// and these settings.
	cmd.Env = goEnv("GOLANGCI_LINT_CACHE=" + filepath.Join(tmp, "cache"))
	out, err := cmd.CombinedOutput()
	r := &lintResult{stderr: string(out)}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.exit = ee.ExitCode()
	case err != nil:
		t.Fatalf("golangci-lint: %v\n%s", err, out)
	}
	if b, err := os.ReadFile(jsonOut); err == nil && len(b) > 0 {
		var rep struct{ Issues []issue }
		if err := json.Unmarshal(b, &rep); err != nil {
			t.Fatalf("parsing %s: %v\n%s", jsonOut, err, b)
		}
		r.issues = rep.Issues
	}
	if b, err := os.ReadFile(textOut); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			r.textLines = append(r.textLines, sc.Text())
		}
	}
	return r
}

// golangciLint returns the path of golangci-lint built with the plugin,
// building it unless the cache holds one for the current sources.
func golangciLint(t *testing.T) string {
	t.Helper()
	root := repoRoot(t)
	key := sourceHash(t, root)
	name := "golangci-lint-" + golangciVersion + "-" + key[:16]
	cacheDir := ""
	if d, err := os.UserCacheDir(); err == nil {
		cacheDir = filepath.Join(d, "leakvet-test")
	} else {
		t.Logf("no user cache directory (%v); building golangci-lint without caching it", err)
		cacheDir = t.TempDir()
	}
	bin := filepath.Join(cacheDir, name)
	if out, err := exec.Command(bin, "version").CombinedOutput(); err == nil {
		t.Logf("using cached %s (%s)", bin, strings.TrimSpace(string(out)))
		return bin
	}

	ctx := testContext(t)
	start := time.Now()
	dir := golangciSource(t, ctx)
	t.Logf("golangci-lint %s source at %s", golangciVersion, dir)

	// What "golangci-lint custom" does after cloning: plugins.go, a replace
	// directive for a local plugin, go mod tidy, go build.
	work := filepath.Join(t.TempDir(), "golangci-lint")
	if err := os.CopyFS(work, os.DirFS(dir)); err != nil { // creates files writable (chmod -R u+w)
		t.Fatal(err)
	}
	plugins := "package main\n\nimport _ \"" + pluginImport + "\"\n"
	if err := os.WriteFile(filepath.Join(work, "cmd", "golangci-lint", "plugins.go"), []byte(plugins), 0o666); err != nil {
		t.Fatal(err)
	}
	goRun(t, ctx, work, "mod", "edit", "-replace", leakvetModule+"="+root)
	goRun(t, ctx, work, "mod", "tidy")
	buildStart := time.Now()
	tmpBin := filepath.Join(work, "golangci-lint.out")
	goRun(t, ctx, work, "build",
		// As "golangci-lint custom" does; main.date must be set for
		// main.version to be used.
		"-ldflags", "-s -w -X main.version="+golangciVersion+"-custom-gcl-leakvet-test-"+key[:16]+
			" -X main.date="+time.Now().UTC().Format(time.RFC3339),
		"-o", tmpBin, "./cmd/golangci-lint")
	t.Logf("built golangci-lint with the plugin in %s (go build %s)",
		time.Since(start).Round(time.Second), time.Since(buildStart).Round(time.Second))

	if err := os.MkdirAll(cacheDir, 0o777); err != nil {
		t.Fatal(err)
	}
	// Drop binaries built from older sources, then publish atomically so
	// that a concurrent test run never sees half a binary.
	old, _ := filepath.Glob(filepath.Join(cacheDir, "golangci-lint-*"))
	for _, f := range old {
		os.Remove(f)
	}
	b, err := os.ReadFile(tmpBin)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.CreateTemp(cacheDir, ".tmp-golangci-lint-*")
	if err != nil {
		t.Fatal(err)
	}
	_, werr := f.Write(b)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o755)
	}
	if werr == nil {
		werr = os.Rename(f.Name(), bin)
	}
	if werr != nil {
		os.Remove(f.Name())
		t.Fatal(werr)
	}
	return bin
}

// golangciSource downloads the golangci-lint release through the module
// proxy and returns its module cache directory. It skips the test if the
// proxy cannot be reached.
func golangciSource(t *testing.T, ctx context.Context) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", golangciModule+"@"+golangciVersion)
	cmd.Dir = t.TempDir() // outside any module: nothing to record
	cmd.Env = goEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var mod struct{ Dir, Error string }
	if jerr := json.Unmarshal(out, &mod); jerr != nil && err == nil {
		t.Fatalf("go mod download: %v\n%s", jerr, out)
	}
	if err != nil || mod.Error != "" {
		msg := mod.Error + "\n" + stderr.String()
		if isNetworkError(msg) {
			t.Skipf("module proxy unreachable, cannot fetch %s@%s: %s", golangciModule, golangciVersion, strings.TrimSpace(msg))
		}
		t.Fatalf("go mod download %s@%s: %v\n%s", golangciModule, golangciVersion, err, msg)
	}
	return mod.Dir
}

// goRun runs the go command in dir. A failure is fatal, unless it comes
// from the network (go mod tidy fetching golangci-lint's dependencies), in
// which case the test is skipped.
func goRun(t *testing.T, ctx context.Context, dir string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = goEnv()
	out, err := cmd.CombinedOutput()
	if err == nil {
		return
	}
	if ctx.Err() != nil {
		t.Fatalf("go %s: out of time (%v); raise go test -timeout\n%s", strings.Join(args, " "), ctx.Err(), out)
	}
	if isNetworkError(string(out)) {
		t.Skipf("module proxy unreachable during go %s: %s", strings.Join(args, " "), out)
	}
	t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
}

// networkError matches the go command's messages for a proxy it cannot
// reach (as opposed to one that answers with an error).
var networkError = regexp.MustCompile(`dial tcp|no such host|connection refused|connection reset|network is unreachable|` +
	`i/o timeout|TLS handshake timeout|proxyconnect|Temporary failure in name resolution|module lookup disabled by GOPROXY=off`)

func isNetworkError(msg string) bool { return networkError.MatchString(msg) }

func TestIsNetworkError(t *testing.T) {
	for msg, want := range map[string]bool{
		`github.com/golangci/golangci-lint/v2@v2.15.0: Get "http://127.0.0.1:1/github.com/golangci/golangci-lint/v2/@v/v2.15.0.info": dial tcp 127.0.0.1:1: connect: connection refused`:                               true,
		`github.com/golangci/golangci-lint/v2@v2.15.0: Get "https://nonexistent.invalid/github.com/golangci/golangci-lint/v2/@v/v2.15.0.info": dial tcp: lookup nonexistent.invalid on 10.0.0.53:53: no such host`:     true,
		`github.com/golangci/golangci-lint/v2@v2.15.0: module lookup disabled by GOPROXY=off`:                                                                                                                          true,
		"github.com/golangci/golangci-lint/v2@v2.99.0: reading https://proxy.golang.org/github.com/golangci/golangci-lint/v2/@v/v2.99.0.info: 403 Forbidden\n\tserver response: This module version is not available.": false,
		`go: updates to go.mod needed; to update it:`: false,
	} {
		if got := isNetworkError(msg); got != want {
			t.Errorf("isNetworkError(%q) = %v, want %v", msg, got, want)
		}
	}
}

// sourceHash hashes what the built binary depends on: every non-test .go
// file of the repository outside testdata (and outside directories the go
// command ignores), go.mod, go.sum, the golangci-lint version and the Go
// toolchain.
func sourceHash(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	goVersion, err := exec.Command("go", "env", "GOVERSION", "GOOS", "GOARCH").Output()
	if err != nil {
		t.Fatalf("go env: %v", err)
	}
	fmt.Fprintf(h, "%s@%s\n%s\n", golangciModule, golangciVersion, goVersion)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if path != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		if !(rel == "go.mod" || rel == "go.sum" || strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// repoRoot returns the absolute directory of the leakvet module.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil || !bytes.HasPrefix(b, []byte("module "+leakvetModule+"\n")) {
		t.Fatalf("%s is not the %s module root (%v)", root, leakvetModule, err)
	}
	return root
}

// lineOf returns the 1-based line of the first line of file containing s.
func lineOf(t *testing.T, file, s string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.Contains(line, s) {
			return i + 1
		}
	}
	t.Fatalf("%s has no line containing %q", file, s)
	return 0
}

// testContext is cancelled a little before the test binary's deadline, so
// that a slow build fails with a message rather than a panic.
func testContext(t *testing.T) context.Context {
	ctx := t.Context()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-10*time.Second))
		t.Cleanup(cancel)
	}
	return ctx
}
