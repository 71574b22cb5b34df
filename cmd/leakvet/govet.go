package main

// Running the suite through the go command: standalone leakvet runs
// "go vet -vettool=<this binary> -json" and reads the go/analysis JSON
// trees go vet prints, one per vetted package. go vet loads the packages
// (with the build flags given), runs one leakvet process per package in
// dependency order with facts passed along in files, and replays unchanged
// packages from its cache.

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// vetReport is what one or more go vet runs reported.
type vetReport struct {
	findings []finding // in the order go vet printed them, duplicates included
	messages []string  // one line each: load, type and analysis errors, or -x/-v output
	failed   bool      // some packages could not be loaded, type-checked or analysed
	units    int       // JSON trees received (packages vetted)
}

// goCommand returns the path of the go command, or an error saying that
// it is needed.
func goCommand() (string, error) {
	gocmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the go command is not on PATH; leakvet runs its checks through go vet, so install Go or add its bin directory to PATH")
	}
	return gocmd, nil
}

// selfPath is the path of this executable, for -vettool.
func selfPath() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		exe, err = filepath.Abs(os.Args[0])
	}
	if err != nil {
		return "", fmt.Errorf("cannot find leakvet's own executable for go vet -vettool: %v", err)
	}
	return exe, nil
}

// vetArgs is the go vet command line. The check flags come last but for
// -json, as go vet itself orders them, so that "go vet -vettool=leakvet"
// with the same check flags shares these cached results.
func vetArgs(o *options, tool string, patterns []string) []string {
	args := []string{"vet", "-vettool=" + tool}
	args = append(args, o.buildArgs...)
	args = append(args, o.toolArgs...)
	args = append(args, "-json")
	return append(args, patterns...)
}

// runVet runs go vet on the patterns. If go vet fails before vetting
// anything because some packages cannot be loaded (an unknown pattern, a
// directory whose files build constraints exclude), it reports those and
// vets the packages that do load.
func runVet(gocmd, tool string, o *options) (*vetReport, error) {
	rep := new(vetReport)
	failed, err := vetOnce(gocmd, tool, o, o.patterns, rep)
	if err != nil || !failed || rep.units > 0 {
		return rep, err
	}
	// Nothing was vetted: see whether some packages load.
	good, bad, err := loadable(gocmd, o)
	if err != nil || bad == 0 || len(good) == 0 {
		return rep, nil // the errors go vet printed stand
	}
	_, err = vetOnce(gocmd, tool, o, good, rep)
	return rep, err
}

// vetOnce runs go vet once, adding what it reports to rep. It returns
// whether go vet failed (load or type errors).
func vetOnce(gocmd, tool string, o *options, patterns []string, rep *vetReport) (failed bool, err error) {
	cmd := exec.Command(gocmd, vetArgs(o, tool, patterns)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return false, err
	}
	if err := cmd.Start(); err != nil {
		return false, fmt.Errorf("running go vet: %v", err)
	}
	decodeErr := decodeTrees(stdout, rep)
	io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	seen := make(map[string]bool, len(rep.messages))
	for _, e := range rep.messages {
		seen[e] = true
	}
	lines := vetErrorLines(stderr.String())
	if o.verbose {
		lines = strings.Split(strings.TrimRight(stderr.String(), "\n"), "\n")
	}
	for _, line := range lines {
		if !seen[line] {
			seen[line] = true
			rep.messages = append(rep.messages, line)
		}
	}
	if decodeErr != nil {
		return true, fmt.Errorf("reading go vet's JSON output: %v", decodeErr)
	}
	var exit *exec.ExitError
	if errors.As(waitErr, &exit) {
		if len(lines) == 0 {
			rep.messages = append(rep.messages, fmt.Sprintf("go vet failed (%v) without saying why", waitErr))
		}
		rep.failed = true
		return true, nil
	}
	return false, waitErr
}

// decodeTrees reads the stream of JSON trees (package ID -> check ->
// diagnostics or error) that go vet -json prints.
func decodeTrees(r io.Reader, rep *vetReport) error {
	dec := json.NewDecoder(bufio.NewReader(r))
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
		rep.units++
		for pkg, checks := range tree {
			for check, raw := range checks {
				if len(raw) > 0 && raw[0] == '{' {
					var e struct {
						Err string `json:"error"`
					}
					if err := json.Unmarshal(raw, &e); err != nil {
						return err
					}
					rep.messages = append(rep.messages, fmt.Sprintf("%s on %s: %s", check, pkg, e.Err))
					rep.failed = true
					continue
				}
				var diags []jsonDiag
				if err := json.Unmarshal(raw, &diags); err != nil {
					return err
				}
				for _, d := range diags {
					rep.findings = append(rep.findings, finding{check: check, pkg: pkg, diag: d, seq: len(rep.findings)})
				}
			}
		}
	}
}

// positioned matches a line that starts with a source position.
var positioned = regexp.MustCompile(`^[^\s:]+(:\d+){1,2}: `)

// vetErrorLines turns go vet's stderr into one line per error: the
// "# package" headers go vet prints above a package's compiler or vet
// tool output are dropped, and a line of that output without a source
// position is prefixed with its package instead.
func vetErrorLines(stderr string) []string {
	var out []string
	pkg := ""
	for _, line := range strings.Split(stderr, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
		case strings.HasPrefix(line, "# "):
			pkg = strings.TrimPrefix(line, "# ")
		case pkg != "" && !positioned.MatchString(line) && !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "go: "):
			out = append(out, pkg+": "+line)
		default:
			out = append(out, line)
		}
	}
	return out
}

// loadable lists the packages the patterns match that load without
// errors, and counts those that do not.
func loadable(gocmd string, o *options) (good []string, bad int, err error) {
	args := []string{"list", "-e", "-f", "{{if or .Error .DepsErrors}}!{{end}}{{.ImportPath}}"}
	args = append(args, o.buildArgs...)
	cmd := exec.Command(gocmd, append(args, o.patterns...)...)
	out, err := cmd.Output()
	if err != nil {
		return nil, 0, err
	}
	for _, line := range strings.Fields(string(out)) {
		if strings.HasPrefix(line, "!") {
			bad++
		} else {
			good = append(good, line)
		}
	}
	return good, bad, nil
}
