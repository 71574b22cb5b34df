package main_test

// End-to-end tests: build the leakvet binary and run it, standalone and as
// go vet's -vettool, on the fixture modules under ../../testdata.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var (
	leakvet string // path of the binary built by TestMain
	repo    string // repository root
)

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "leakvet-e2e")
	if err != nil {
		panic(err)
	}
	leakvet = filepath.Join(dir, "leakvet")
	repo, _ = filepath.Abs("../..")
	build := exec.Command("go", "build", "-o", leakvet, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("building leakvet: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs name with args in the fixture module dir.
func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = filepath.Join(repo, "testdata", dir)
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
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
	if strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "internal error") {
		t.Fatalf("%s %v crashed:\n%s", name, args, r.stderr)
	}
	return r
}

// normalize makes output independent of the checkout's location and of
// package order: paths become module-relative, and each diagnostic (with
// its indented related lines) is one sorted block.
func normalize(dir, out string) string {
	abs := filepath.Join(repo, "testdata", dir) + string(filepath.Separator)
	out = strings.ReplaceAll(out, abs, "")
	var blocks []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.Contains(line, ":\t") && len(blocks) > 0:
			blocks[len(blocks)-1] += "\n" + line
		default:
			blocks = append(blocks, line)
		}
	}
	slices.Sort(blocks)
	return strings.Join(blocks, "\n") + "\n"
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(repo, "testdata", "golden", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/leakvet -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/leakvet -update rewrites it)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

var leakLine = regexp.MustCompile(`// LEAK\(\w+\)`)

// fixtureLeaks returns "file:line:" of each line marked // LEAK(<check>).
func fixtureLeaks(t *testing.T, dir string) []string {
	var out []string
	root := filepath.Join(repo, "testdata", dir)
	filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		for i, line := range strings.Split(string(data), "\n") {
			if leakLine.MatchString(line) {
				out = append(out, rel+":"+strconv.Itoa(i+1)+":")
			}
		}
		return nil
	})
	if len(out) == 0 {
		t.Fatal("fixture has no // LEAK markers")
	}
	return out
}

func TestStandaloneText(t *testing.T) {
	r := run(t, "example", leakvet, "./...")
	if r.code != 3 {
		t.Errorf("exit code %d, want 3 (findings)\n%s", r.code, r.stderr)
	}
	got := normalize("example", r.stderr)
	golden(t, "standalone.txt", got)
	// Every planted leak is reported on its marked line.
	for _, leak := range fixtureLeaks(t, "example") {
		if !strings.Contains(got, leak) {
			t.Errorf("planted leak at %s not reported", leak)
		}
	}
}

func TestVettoolMatchesStandalone(t *testing.T) {
	std := run(t, "example", leakvet, "./...")
	vet := run(t, "example", "go", "vet", "-vettool="+leakvet, "./...")
	if vet.code != 1 {
		t.Errorf("go vet exit code %d, want 1 (findings)\n%s", vet.code, vet.stderr)
	}
	got, want := normalize("example", vet.stderr), normalize("example", std.stderr)
	if got != want {
		t.Errorf("go vet -vettool findings differ from standalone\n--- vet\n%s\n--- standalone\n%s", got, want)
	}
	golden(t, "vet.txt", got)
}

func TestJSON(t *testing.T) {
	r := run(t, "example", leakvet, "-json", "./...")
	if r.code != 0 {
		t.Errorf("-json exit code %d, want 0\n%s", r.code, r.stderr)
	}
	var tree map[string]map[string][]map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &tree); err != nil {
		t.Fatalf("-json output is not the analysis JSON tree: %v\n%s", err, r.stdout)
	}
	if len(tree["example.com/shop/internal/metrics"]["globalgrowth"]) == 0 {
		t.Errorf("-json: no globalgrowth diagnostics for internal/metrics")
	}
	abs := filepath.Join(repo, "testdata", "example") + string(filepath.Separator)
	pretty, _ := json.MarshalIndent(tree, "", "  ")
	golden(t, "json.golden", strings.ReplaceAll(string(pretty), abs, "")+"\n")
}

func TestCleanPackage(t *testing.T) {
	r := run(t, "example", leakvet, "./internal/config")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("clean package: exit %d, stderr %q; want 0 and nothing", r.code, r.stderr)
	}
	r = run(t, "example", "go", "vet", "-vettool="+leakvet, "./internal/config")
	if r.code != 0 {
		t.Errorf("go vet on clean package: exit %d\n%s", r.code, r.stderr)
	}
}

func TestDisableCheck(t *testing.T) {
	r := run(t, "example", leakvet, "-globalgrowth=false", "./...")
	if r.code != 3 || strings.Contains(r.stderr, "grows without bound") || !strings.Contains(r.stderr, "never stopped") {
		t.Errorf("-globalgrowth=false: exit %d, want 3 with tickerstop findings only\n%s", r.code, r.stderr)
	}
	r = run(t, "example", leakvet, "-globalgrowth=false", "-tickerstop=false", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("all checks disabled: exit %d\n%s", r.code, r.stderr)
	}
}

func TestTypeError(t *testing.T) {
	r := run(t, "broken", leakvet, "./...")
	if r.code != 1 {
		t.Errorf("exit code %d, want 1 (type error)", r.code)
	}
	if !strings.Contains(r.stderr, `bad/bad.go:4:13: cannot use "not an int"`) {
		t.Errorf("type error not reported clearly:\n%s", r.stderr)
	}
	if !strings.Contains(r.stderr, `good/good.go:13:5: package-level map "hits" grows without bound`) {
		t.Errorf("the package without errors was not analysed:\n%s", r.stderr)
	}
	vet := run(t, "broken", "go", "vet", "-vettool="+leakvet, "./...")
	if vet.code == 0 || !strings.Contains(vet.stderr, "cannot use") || !strings.Contains(vet.stderr, "grows without bound") {
		t.Errorf("go vet on broken module: exit %d\n%s", vet.code, vet.stderr)
	}
}

func TestUnknownFlag(t *testing.T) {
	r := run(t, "example", leakvet, "-nosuchflag", "./...")
	if r.code != 2 || !strings.Contains(r.stderr, "flag provided but not defined: -nosuchflag") {
		t.Errorf("unknown flag: exit %d\n%s", r.code, r.stderr)
	}
}

func TestVersionAndFlags(t *testing.T) {
	r := run(t, "example", leakvet, "-V=full")
	if r.code != 0 || !regexp.MustCompile(`^\S*leakvet version devel .* buildID=[0-9a-f]+\n$`).MatchString(r.stdout) {
		t.Errorf("-V=full: exit %d, %q", r.code, r.stdout)
	}
	r = run(t, "example", leakvet, "-flags")
	var flags []struct{ Name string }
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil {
		t.Fatalf("-flags: %v\n%s", err, r.stdout)
	}
	var names []string
	for _, f := range flags {
		names = append(names, f.Name)
	}
	for _, want := range []string{"globalgrowth", "globalgrowth.exported", "json", "diff", "nonce"} {
		if !slices.Contains(names, want) {
			t.Errorf("-flags lacks %q: %v", want, names)
		}
	}
}

func TestFixAndDiff(t *testing.T) {
	// A go 1.22 module with an unstopped local ticker: -fix -diff shows the
	// defer t.Stop() edit, -fix applies it, and afterwards the finding is gone.
	src := filepath.Join(repo, "passes", "tickerstop", "testdata", "src", "old")
	dir := filepath.Join(repo, "testdata", "fixtmp")
	os.RemoveAll(dir)
	t.Cleanup(func() { os.RemoveAll(dir) })
	for _, f := range []string{"go.mod", "fix/fix.go"} {
		data, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := run(t, "fixtmp", leakvet, "-fix", "-diff", "./...")
	if !strings.Contains(r.stdout, "+\tdefer t.Stop()") {
		t.Errorf("-fix -diff: no defer t.Stop() edit in the diff (exit %d)\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	before, _ := os.ReadFile(filepath.Join(dir, "fix", "fix.go"))
	if orig, _ := os.ReadFile(filepath.Join(src, "fix", "fix.go")); string(before) != string(orig) {
		t.Fatal("-fix -diff modified the file")
	}
	run(t, "fixtmp", leakvet, "-fix", "./...")
	after, _ := os.ReadFile(filepath.Join(dir, "fix", "fix.go"))
	if strings.Count(string(after), "defer t.Stop()") <= strings.Count(string(before), "defer t.Stop()") {
		t.Fatalf("-fix did not insert defer t.Stop():\n%s", after)
	}
	r = run(t, "fixtmp", leakvet, "./...")
	if strings.Contains(r.stderr, "not stopped on every path") {
		t.Errorf("finding remains after -fix:\n%s", r.stderr)
	}
}
