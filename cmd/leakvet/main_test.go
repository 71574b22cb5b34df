package main_test

// End-to-end tests: build the leakvet binary and run it, standalone and as
// go vet's -vettool, on the fixture modules under ../../testdata.

import (
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/analyzers"
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
	// go vet units of the tests share a facts cache of their own.
	os.Setenv("LEAKVET_CACHE", filepath.Join(dir, "factcache"))
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
	return runEnv(t, filepath.Join(repo, "testdata", dir), nil, name, args...)
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
		case strings.Contains(line, ": \t") && len(blocks) > 0: // related information
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
	golden(t, "example.txt", got)
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
	golden(t, "example.txt", got)
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
	var off []string
	for _, name := range analyzers.Names() {
		off = append(off, "-"+name+"=false")
	}
	r = run(t, "example", leakvet, append(off, "./...")...)
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
	if r.code != 2 || !strings.HasPrefix(r.stderr, "leakvet: flag provided but not defined: -nosuchflag (run 'leakvet help'") || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("unknown flag: exit %d, want 2 with one line: the error and a short hint\n%s", r.code, r.stderr)
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

func TestFixHoistsProjection(t *testing.T) {
	// closurecapture's fix on the example module: the upload body's length
	// is copied into a local before time.AfterFunc, the code still
	// compiles, and the finding is gone.
	dir := copyFixture(t, "example")
	r := runIn(t, dir, leakvet, "-closurecapture", "-fix", "./internal/api")
	if r.code != 0 && r.code != 3 {
		t.Fatalf("-fix: exit %d\n%s", r.code, r.stderr)
	}
	src, err := os.ReadFile(filepath.Join(dir, "internal", "api", "imports.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "bodyLen := len(body)") || strings.Contains(string(src), `settled", len(body))`) {
		t.Errorf("-fix did not hoist len(body) out of the closure:\n%s", src)
	}
	if r := runIn(t, dir, "go", "vet", "./internal/api"); r.code != 0 {
		t.Errorf("fixed package does not vet: exit %d\n%s", r.code, r.stderr)
	}
	if r := runIn(t, dir, leakvet, "-closurecapture", "./internal/api"); strings.Contains(r.stderr, "imports.go") {
		t.Errorf("finding remains after -fix:\n%s", r.stderr)
	}
}

// copyFixture copies testdata/<name> to a temp dir and returns its path.
func copyFixture(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join(repo, "testdata", name)
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// runIn is run for an absolute directory.
func runIn(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	rel, err := filepath.Rel(filepath.Join(repo, "testdata"), dir)
	if err != nil {
		t.Fatal(err)
	}
	return run(t, rel, name, args...)
}

func TestSARIF(t *testing.T) {
	r := run(t, "example", leakvet, "-format=sarif", "./...")
	if r.code != 0 {
		t.Fatalf("-format=sarif: exit %d\n%s", r.code, r.stderr)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name           string `json:"name"`
					InformationURI string `json:"informationUri"`
					Rules          []struct {
						ID               string                `json:"id"`
						ShortDescription struct{ Text string } `json:"shortDescription"`
						FullDescription  struct{ Text string } `json:"fullDescription"`
						HelpURI          string                `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string                `json:"ruleId"`
				Level     string                `json:"level"`
				Message   struct{ Text string } `json:"message"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
						Region struct {
							StartLine, StartColumn, EndLine, EndColumn int
						} `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				RelatedLocations    []json.RawMessage `json:"relatedLocations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &log); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	// The fields GitHub code scanning requires.
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run0 := log.Runs[0]
	if run0.Tool.Driver.Name != "leakvet" || run0.Tool.Driver.InformationURI == "" {
		t.Errorf("driver: %+v", run0.Tool.Driver)
	}
	rules := make(map[string]bool)
	for _, rule := range run0.Tool.Driver.Rules {
		if rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" || !strings.HasPrefix(rule.HelpURI, "https://") {
			t.Errorf("rule %s lacks descriptions or helpUri", rule.ID)
		}
		rules[rule.ID] = true
	}
	if !rules["globalgrowth"] || !rules["tickerstop"] || !rules["retention"] {
		t.Errorf("rules: %v", rules)
	}
	std := run(t, "example", leakvet, "./...")
	text := normalize("example", std.stderr)
	if want := strings.Count(text, "\n") - strings.Count(text, ": \t"); len(run0.Results) != want {
		t.Errorf("%d SARIF results, %d text findings", len(run0.Results), want)
	}
	related := 0
	for _, res := range run0.Results {
		loc := res.Locations[0].PhysicalLocation
		if !rules[res.RuleID] || res.Message.Text == "" || res.Level != "warning" {
			t.Errorf("result: %+v", res)
		}
		if strings.HasPrefix(loc.ArtifactLocation.URI, "/") || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" ||
			!strings.HasPrefix(loc.ArtifactLocation.URI, "testdata/example/") {
			t.Errorf("uri %q (base %q) is not repository-relative", loc.ArtifactLocation.URI, loc.ArtifactLocation.URIBaseID)
		}
		if loc.Region.StartLine <= 0 || loc.Region.StartColumn <= 0 || loc.Region.EndLine < loc.Region.StartLine {
			t.Errorf("region %+v", loc.Region)
		}
		if len(res.PartialFingerprints["leakvet/v1"]) != 32 {
			t.Errorf("fingerprint %v", res.PartialFingerprints)
		}
		related += len(res.RelatedLocations)
	}
	if related == 0 {
		t.Error("no related locations")
	}
	// Fingerprints are stable from run to run.
	again := run(t, "example", leakvet, "-format=sarif", "./...")
	if again.stdout != r.stdout {
		t.Error("SARIF output differs between two runs")
	}
	// -sarif=FILE writes the same document; suggested fixes become fixes.
	dir := copyFixture(t, "../passes/tickerstop/testdata/src/old")
	out := filepath.Join(t.TempDir(), "out.sarif")
	if r := runIn(t, dir, leakvet, "-sarif="+out, "./fix"); r.code != 0 {
		t.Fatalf("-sarif=FILE: exit %d\n%s", r.code, r.stderr)
	}
	data, _ := os.ReadFile(out)
	if !strings.Contains(string(data), `"fixes"`) || !strings.Contains(string(data), "defer t.Stop()") {
		t.Errorf("SARIF lacks the suggested fix:\n%s", data)
	}
}

func TestBaseline(t *testing.T) {
	dir := copyFixture(t, "example")
	base := filepath.Join(t.TempDir(), "leakvet.baseline")
	if r := runIn(t, dir, leakvet, "-write-baseline="+base, "./..."); r.code != 0 {
		t.Fatalf("-write-baseline: exit %d\n%s", r.code, r.stderr)
	}
	// Moving every finding down some lines keeps them all matched.
	for _, f := range []string{"internal/metrics/metrics.go", "internal/worker/monitor.go", "internal/api/audit.go"} {
		path := filepath.Join(dir, f)
		data, _ := os.ReadFile(path)
		s := strings.Replace(string(data), "\nimport", "\n// moved\n// down\n// a few lines\n\nimport", 1)
		os.WriteFile(path, []byte(s), 0o644)
	}
	r := runIn(t, dir, leakvet, "-baseline="+base, "./...")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("after moving lines: exit %d, want 0 and no output\n%s", r.code, r.stderr)
	}
	// A new leak is reported, and only it.
	leak := "package metrics\n\nimport \"net/http\"\n\nvar referrers = map[string]int{}\n\nfunc countReferrer(w http.ResponseWriter, r *http.Request) {\n\treferrers[r.Referer()]++\n}\n"
	os.WriteFile(filepath.Join(dir, "internal", "metrics", "referrers.go"), []byte(leak), 0o644)
	r = runIn(t, dir, leakvet, "-baseline="+base, "./...")
	if r.code != 3 || !strings.Contains(r.stderr, `package-level map "referrers"`) || strings.Count(r.stderr, "grows without bound") != 1 {
		t.Errorf("new leak: exit %d, want 3 and only the referrers finding\n%s", r.code, r.stderr)
	}
	// A bad baseline is one clear line and exit 2.
	bad := filepath.Join(t.TempDir(), "bad")
	os.WriteFile(bad, []byte("not json"), 0o644)
	r = runIn(t, dir, leakvet, "-baseline="+bad, "./...")
	if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "is not a leakvet baseline") {
		t.Errorf("bad baseline: exit %d\n%s", r.code, r.stderr)
	}
}

func TestCommandLineErrors(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-baseline=/nonexistent/leakvet.baseline", "./..."}, "cannot read baseline"},
		{[]string{"-sarif=/nonexistent/dir/out.sarif", "./..."}, "cannot write SARIF"},
		{[]string{"-format=xml", "./..."}, `unknown -format "xml"`},
		{[]string{"-format=sarif", "-nosuchcheck=false", "./..."}, "flag provided but not defined: -nosuchcheck"},
	} {
		r := run(t, "example", leakvet, tt.args...)
		if r.code != 2 || !strings.Contains(r.stderr, tt.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line with %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
	r := run(t, "example", leakvet, "help", "nosuchcheck")
	if r.code == 0 || !strings.Contains(r.stderr, `"nosuchcheck" not registered`) {
		t.Errorf("help for an unknown check: exit %d\n%s", r.code, r.stderr)
	}
}
