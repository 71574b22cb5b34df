package main

// The report driver: standalone runs that need more than multichecker's
// text and JSON output (SARIF, baselines) load and analyse the packages
// themselves with golang.org/x/tools/go/analysis/checker.

import (
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// reportFlags are the flags only the report driver understands.
var reportFlags = []string{"sarif", "format", "baseline", "write-baseline"}

// wantsReportDriver reports whether args use a report-driver flag.
func wantsReportDriver(args []string) bool {
	for _, a := range args {
		if a == "--" || !strings.HasPrefix(a, "-") {
			if a == "--" {
				return false
			}
			continue
		}
		name := strings.TrimLeft(a, "-")
		name, _, _ = strings.Cut(name, "=")
		for _, f := range reportFlags {
			if name == f {
				return true
			}
		}
	}
	return false
}

// finding is one diagnostic with what reports and baselines need.
type finding struct {
	check    string
	diag     analysis.Diagnostic
	file     string // relative to the report root, slash-separated
	function string // enclosing function ("(*T).m", "f") or declaration ("var hits")
	fset     *token.FileSet
}

// exitError carries an exit code with a one-line message.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

func fail(code int, format string, args ...any) error {
	return &exitError{code, fmt.Sprintf(format, args...)}
}

// runReportDriver parses args and runs analyzers; it returns the exit code.
func runReportDriver(progname string, analyzers []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	err := reportDriver(progname, analyzers, args, stdout, stderr)
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(stderr, "%s: %s\n", progname, ee.msg)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "%s: %v\n", progname, err)
	return 1
}

func reportDriver(progname string, all []*analysis.Analyzer, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	sarifPath := fs.String("sarif", "", "write SARIF 2.1.0 to `file` (- for stdout)")
	format := fs.String("format", "text", "output format: text or sarif (to stdout)")
	baselinePath := fs.String("baseline", "", "report only findings not recorded in the baseline `file`")
	writeBaseline := fs.String("write-baseline", "", "record the current findings in the baseline `file` and exit 0")
	tests := fs.Bool("test", true, "also analyse test files")
	fs.String("nonce", "", "ignored")
	enabled := make(map[string]*bool)
	for _, a := range all {
		enabled[a.Name] = fs.Bool(a.Name, true, "enable "+a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) {
			fs.Var(f.Value, a.Name+"."+f.Name, f.Usage)
		})
	}
	if err := fs.Parse(args); err != nil {
		return fail(2, "%v", err)
	}
	if *format != "text" && *format != "sarif" {
		return fail(2, "unknown -format %q: want text or sarif", *format)
	}
	if *format == "sarif" && *sarifPath == "" {
		*sarifPath = "-"
	}
	var analyzers []*analysis.Analyzer
	for _, a := range all {
		if *enabled[a.Name] {
			analyzers = append(analyzers, a)
		}
	}
	if fs.NArg() == 0 {
		return fail(2, "no packages given (try ./...)")
	}
	// Check the output paths and the baseline before the (slow) analysis.
	var base *baseline
	if *baselinePath != "" {
		b, err := readBaseline(*baselinePath)
		if err != nil {
			return fail(2, "%v", err)
		}
		base = b
	}
	var sarifOut io.Writer
	if *sarifPath == "-" {
		sarifOut = stdout
	} else if *sarifPath != "" {
		f, err := os.Create(*sarifPath)
		if err != nil {
			return fail(2, "cannot write SARIF: %v", err)
		}
		defer f.Close()
		sarifOut = f
	}
	if *writeBaseline != "" {
		f, err := os.OpenFile(*writeBaseline, os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			return fail(2, "cannot write baseline: %v", err)
		}
		f.Close()
	}

	root := reportRoot()
	findings, loadErrs, err := analyse(analyzers, fs.Args(), *tests, root)
	if err != nil {
		return fail(1, "%v", err)
	}
	for _, e := range loadErrs {
		fmt.Fprintln(stderr, e)
	}
	if *writeBaseline != "" {
		if err := writeBaselineFile(*writeBaseline, findings); err != nil {
			return fail(1, "cannot write baseline: %v", err)
		}
		fmt.Fprintf(stderr, "%s: recorded %d findings in %s\n", progname, len(findings), *writeBaseline)
		return nil
	}
	if base != nil {
		findings = base.filter(findings)
	}
	if sarifOut != nil {
		if err := writeSARIF(sarifOut, analyzers, findings, root); err != nil {
			return fail(1, "writing SARIF: %v", err)
		}
	} else {
		for _, f := range findings {
			printText(stderr, f)
		}
	}
	switch {
	case len(loadErrs) > 0:
		return fail(1, "")
	case len(findings) > 0 && sarifOut == nil:
		return fail(3, "")
	}
	return nil
}

func printText(w io.Writer, f finding) {
	fmt.Fprintf(w, "%s: %s\n", f.fset.Position(f.diag.Pos), f.diag.Message)
	for _, r := range f.diag.Related {
		fmt.Fprintf(w, "%s: \t%s\n", f.fset.Position(r.Pos), r.Message)
	}
}

// reportRoot is the directory report paths are relative to: the enclosing
// git repository's top level, or else the current directory.
func reportRoot() string {
	wd, err := os.Getwd()
	if err != nil {
		return "."
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return dir
		}
		if filepath.Dir(dir) == dir {
			return wd
		}
	}
}

// analyse loads the packages and runs the analyzers, returning the
// findings on the named packages, sorted by position, and load errors.
func analyse(analyzers []*analysis.Analyzer, patterns []string, tests bool, root string) ([]finding, []string, error) {
	cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Tests: tests}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, nil, err
	}
	var loadErrs []string
	var ok []*packages.Package
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			loadErrs = append(loadErrs, e.Error())
		}
	})
	for _, p := range pkgs {
		if len(p.Errors) == 0 && !p.IllTyped {
			ok = append(ok, p)
		}
	}
	if len(ok) == 0 {
		if len(loadErrs) == 0 {
			return nil, nil, fmt.Errorf("no packages matched %s", strings.Join(patterns, " "))
		}
		return nil, loadErrs, nil
	}
	graph, err := checker.Analyze(analyzers, ok, nil)
	if err != nil {
		return nil, loadErrs, err
	}
	seen := make(map[string]bool) // test variants repeat a package's files
	var out []finding
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			loadErrs = append(loadErrs, fmt.Sprintf("%s: %v", act, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			f := newFinding(act, d, root)
			key := fmt.Sprintf("%s|%s|%s", f.check, f.fset.Position(d.Pos), d.Message)
			if !seen[key] {
				seen[key] = true
				out = append(out, f)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		pi, pj := out[i].fset.Position(out[i].diag.Pos), out[j].fset.Position(out[j].diag.Pos)
		if pi.Filename != pj.Filename {
			return pi.Filename < pj.Filename
		}
		if pi.Line != pj.Line {
			return pi.Line < pj.Line
		}
		if pi.Column != pj.Column {
			return pi.Column < pj.Column
		}
		return out[i].check < out[j].check
	})
	return out, loadErrs, nil
}

func newFinding(act *checker.Action, d analysis.Diagnostic, root string) finding {
	fset := act.Package.Fset
	pos := fset.Position(d.Pos)
	return finding{
		check:    act.Analyzer.Name,
		diag:     d,
		file:     relPath(root, pos.Filename),
		function: enclosing(act.Package.Syntax, d.Pos),
		fset:     fset,
	}
}

// relPath returns filename relative to root, slash-separated, when it lies
// inside root; otherwise the absolute path.
func relPath(root, filename string) string {
	rel, err := filepath.Rel(root, filename)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(filename)
	}
	return filepath.ToSlash(rel)
}

// enclosing names the declaration containing pos: "(*T).m", "f", "var x".
func enclosing(files []*ast.File, pos token.Pos) string {
	for _, f := range files {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, decl := range f.Decls {
			if pos < decl.Pos() || pos >= decl.End() {
				continue
			}
			switch decl := decl.(type) {
			case *ast.FuncDecl:
				if decl.Recv != nil && len(decl.Recv.List) > 0 {
					return "(" + types.ExprString(decl.Recv.List[0].Type) + ")." + decl.Name.Name
				}
				return decl.Name.Name
			case *ast.GenDecl:
				for _, spec := range decl.Specs {
					if pos < spec.Pos() || pos >= spec.End() {
						continue
					}
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						return decl.Tok.String() + " " + spec.Names[0].Name
					case *ast.TypeSpec:
						return "type " + spec.Name.Name
					}
				}
			}
		}
	}
	return ""
}
