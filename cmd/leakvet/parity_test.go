package main_test

// Parity: standalone leakvet, go vet -vettool=leakvet and the previous
// in-process driver (go/packages + checker, removed in favour of the go
// command's machinery) report the same findings. The goldens named
// <fixture>.* in testdata/golden were produced by that in-process driver
// (LEAKVET_PARITY_BIN=<old binary> go test ./cmd/leakvet -run Parity -update);
// today's binary must reproduce them, standalone and under go vet.

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// parityBin is the binary under test: today's leakvet, or the binary named
// by LEAKVET_PARITY_BIN (used once to record the goldens from the old driver).
func parityBin() string {
	if b := os.Getenv("LEAKVET_PARITY_BIN"); b != "" {
		return b
	}
	return leakvet
}

// jsonFindings reads a stream of go/analysis JSON trees (one per package
// from go vet, one for the whole run from standalone leakvet) and returns
// its diagnostics, one per finding whatever package variant reported it,
// sorted, with fixture paths made relative, as indented JSON.
func jsonFindings(t *testing.T, dir, stream string) string {
	t.Helper()
	abs := filepath.Join(repo, "testdata", dir) + string(filepath.Separator)
	dec := json.NewDecoder(strings.NewReader(stream))
	seen := make(map[string]bool)
	var out []string
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not a stream of analysis JSON trees: %v\n%s", err, stream)
		}
		for _, checks := range tree {
			for check, raw := range checks {
				var diags []map[string]any
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Fatalf("%s: not a diagnostic list: %s", check, raw)
				}
				for _, d := range diags {
					d["check"] = check
					b, _ := json.MarshalIndent(d, "", "  ")
					s := strings.ReplaceAll(string(b), abs, "")
					if !seen[s] {
						seen[s] = true
						out = append(out, s)
					}
				}
			}
		}
	}
	sort.Strings(out)
	return "[\n" + strings.Join(out, ",\n") + "\n]\n"
}

var sarifRootURI = regexp.MustCompile(`"uri": "file://[^"]*"`)

func TestParity(t *testing.T) {
	bin := parityBin()
	for _, fx := range []struct {
		dir  string
		code int // exit code of the text run
	}{
		{"example", 3},
		{"variants", 3},
	} {
		t.Run(fx.dir, func(t *testing.T) {
			// Findings with related positions, fixes and categories, as JSON.
			std := run(t, fx.dir, bin, "-json", "./...")
			vet := run(t, fx.dir, "go", "vet", "-vettool="+bin, "-json", "./...")
			if std.code != 0 || vet.code != 0 {
				t.Fatalf("-json: exit %d (standalone), %d (go vet)\n%s\n%s", std.code, vet.code, std.stderr, vet.stderr)
			}
			got := jsonFindings(t, fx.dir, std.stdout)
			if v := jsonFindings(t, fx.dir, vet.stdout); v != got {
				t.Errorf("JSON findings: standalone and go vet differ\n--- standalone\n%s\n--- vet\n%s", got, v)
			}
			golden(t, fx.dir+".findings.golden", got)

			// Text.
			std = run(t, fx.dir, bin, "./...")
			vet = run(t, fx.dir, "go", "vet", "-vettool="+bin, "./...")
			if std.code != fx.code {
				t.Errorf("text: exit %d, want %d\n%s", std.code, fx.code, std.stderr)
			}
			text := normalize(fx.dir, std.stderr)
			if v := normalize(fx.dir, vet.stderr); v != text {
				t.Errorf("text: standalone and go vet differ\n--- standalone\n%s\n--- vet\n%s", text, v)
			}
			golden(t, fx.dir+".txt", text)

			// Tests not reported.
			std = run(t, fx.dir, bin, "-test=false", "./...")
			golden(t, fx.dir+".notest.txt", normalize(fx.dir, std.stderr))

			// SARIF, with the machine-dependent root URI elided.
			std = run(t, fx.dir, bin, "-format=sarif", "./...")
			if std.code != 0 {
				t.Fatalf("-format=sarif: exit %d\n%s", std.code, std.stderr)
			}
			golden(t, fx.dir+".sarif.golden", sarifRootURI.ReplaceAllString(std.stdout, `"uri": "file://ROOT/"`))

			// Baseline.
			base := filepath.Join(t.TempDir(), "leakvet.baseline")
			if r := run(t, fx.dir, bin, "-write-baseline="+base, "./..."); r.code != 0 {
				t.Fatalf("-write-baseline: exit %d\n%s", r.code, r.stderr)
			}
			data, err := os.ReadFile(base)
			if err != nil {
				t.Fatal(err)
			}
			golden(t, fx.dir+".baseline.golden", string(data))
		})
	}
}

// TestParityFixDiff compares the -fix -diff output on the example module
// (closurecapture's hoist) and a go 1.22 module (tickerstop's defer Stop).
func TestParityFixDiff(t *testing.T) {
	bin := parityBin()
	for _, fx := range []struct{ name, dir string }{
		{"example", "example"},
		{"tickerstop-old", "../passes/tickerstop/testdata/src/old"},
	} {
		r := run(t, fx.dir, bin, "-fix", "-diff", "./...")
		if r.code != 0 {
			t.Errorf("%s: -fix -diff: exit %d\n%s", fx.name, r.code, r.stderr)
		}
		abs := filepath.Join(repo, "testdata", fx.dir) + string(filepath.Separator)
		diff := strings.ReplaceAll(r.stdout, filepath.Clean(abs)+string(filepath.Separator), "")
		if !bytes.Contains([]byte(diff), []byte("\n+")) {
			t.Errorf("%s: -fix -diff printed no added line:\n%s", fx.name, diff)
		}
		golden(t, fx.name+".fix.diff", diff)
	}
}
