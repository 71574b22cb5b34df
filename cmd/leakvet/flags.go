package main

// Flag parsing for standalone runs. One flag set holds everything the
// command accepts: leakvet's own output flags, the go command's build
// flags (forwarded to go vet as given) and the checks' flags (parsed by the
// checks' own flag.Values, so a bad value fails here with the check's own
// message, then forwarded to the vet tool).

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// options is a parsed standalone command line.
type options struct {
	json          bool   // -json: the go/analysis JSON tree on stdout
	context       int    // -c: lines of source context in text output (-1: none)
	fix           bool   // -fix: apply the first suggested fix of each finding
	diff          bool   // -diff: print the fixes as a unified diff instead of applying them
	tests         bool   // -test: report findings in _test.go files
	sarif         string // -sarif: SARIF 2.1.0 to this file ("-": stdout)
	baseline      string // -baseline: drop findings recorded in this file
	writeBaseline string // -write-baseline: record the findings in this file
	dir           string // -C: directory to run in

	buildArgs []string // go build flags for go vet, in command-line order
	verbose   bool     // -x, -n or -work: go vet's stderr is passed on as it is
	toolArgs  []string // check flags (and -nonce) for the vet tool, in command-line order
	patterns  []string

	checks []*analysis.Analyzer // the checks that run, in suite order
}

// buildFlags are the go command's build flags that go vet accepts, with
// whether each is boolean. -C is handled by leakvet itself (it changes
// directory before resolving its own file arguments, as the go command does).
var buildFlags = []struct {
	name    string
	boolean bool
}{
	{"a", true}, {"n", true}, {"x", true}, {"v", true}, {"p", false},
	{"race", true}, {"msan", true}, {"asan", true},
	{"tags", false}, {"mod", false}, {"modfile", false}, {"modcacherw", true},
	{"overlay", false}, {"pgo", false}, {"toolexec", false}, {"trimpath", true},
	{"work", true}, {"buildvcs", false}, {"compiler", false}, {"gcflags", false},
	{"asmflags", false}, {"gccgoflags", false}, {"ldflags", false},
	{"installsuffix", false}, {"linkshared", true}, {"pkgdir", false},
}

// forward is a flag whose every setting is appended to *args as -name=value
// for another program; inner, if set, validates and keeps the value.
type forward struct {
	name    string
	args    *[]string
	inner   flag.Value
	boolean bool
	value   string
}

func (f *forward) String() string {
	if f == nil {
		return ""
	}
	if f.inner != nil {
		return f.inner.String()
	}
	return f.value
}

func (f *forward) Set(v string) error {
	if f.inner != nil {
		if err := f.inner.Set(v); err != nil {
			return err
		}
	} else if f.boolean {
		if _, err := strconv.ParseBool(v); err != nil {
			return fmt.Errorf("parse error")
		}
	}
	f.value = v
	*f.args = append(*f.args, "-"+f.name+"="+v)
	return nil
}

func (f *forward) IsBoolFlag() bool { return f.boolean }

// triState is a check's -NAME flag: unset, true or false, with
// analysisflags' meaning: if any check is set true, only those run;
// otherwise every check not set false runs.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (t *triState) String() string {
	switch *t {
	case setTrue:
		return "true"
	case setFalse:
		return "false"
	}
	return "unset"
}

func (t *triState) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("parse error")
	}
	*t = setFalse
	if b {
		*t = setTrue
	}
	return nil
}

func (t *triState) IsBoolFlag() bool { return true }

// parseFlags parses a standalone command line. Errors are usage errors
// (exit code 2), one line each.
func parseFlags(progname string, all []*analysis.Analyzer, args []string) (*options, error) {
	o := &options{}
	enabled := make(map[*analysis.Analyzer]*triState)
	format := new(string)
	fs := newFlagSet(progname, all, o, enabled, format)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	switch *format {
	case "text":
	case "sarif":
		if o.sarif == "" {
			o.sarif = "-"
		}
	default:
		return nil, fmt.Errorf("unknown -format %q: want text or sarif", *format)
	}
	if o.json && o.sarif == "-" {
		return nil, fmt.Errorf("-json and SARIF on stdout (-format=sarif or -sarif=-) cannot be used together")
	}
	if o.diff && (o.json || o.sarif == "-") {
		return nil, fmt.Errorf("-diff prints the diff on stdout, so it cannot be combined with -json or SARIF on stdout")
	}
	fs.Visit(func(f *flag.Flag) {
		o.verbose = o.verbose || f.Name == "x" || f.Name == "n" || f.Name == "work"
	})
	o.patterns = fs.Args()
	if len(o.patterns) == 0 {
		return nil, fmt.Errorf("no packages given (try ./...)")
	}
	for _, p := range o.patterns {
		if strings.HasPrefix(p, "-") {
			return nil, fmt.Errorf("flag %s after the packages: flags go before the packages", p)
		}
	}
	o.checks = selectChecks(all, enabled)
	return o, nil
}

// newFlagSet defines the standalone flags, storing into o, enabled (the
// checks' -NAME flags) and format.
func newFlagSet(progname string, all []*analysis.Analyzer, o *options, enabled map[*analysis.Analyzer]*triState, format *string) *flag.FlagSet {
	fs := flag.NewFlagSet(progname, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.json, "json", false, "emit the go/analysis JSON tree on stdout")
	fs.IntVar(&o.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&o.fix, "fix", false, "apply the first suggested fix of each finding (nothing is printed)")
	fs.BoolVar(&o.diff, "diff", false, "print the suggested fixes as a unified diff on stdout instead of applying them")
	fs.BoolVar(&o.tests, "test", true, "report findings in _test.go files (they are analysed either way)")
	fs.StringVar(&o.sarif, "sarif", "", "write SARIF 2.1.0 to `file` (- for stdout)")
	fs.StringVar(format, "format", "text", "output format: text or sarif (to stdout)")
	fs.StringVar(&o.baseline, "baseline", "", "report only findings not recorded in the baseline `file`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "record the current findings in the baseline `file` and exit 0")
	fs.StringVar(&o.dir, "C", "", "change to `dir` before doing anything")
	fs.Var(&forward{name: "nonce", args: &o.toolArgs}, "nonce", "ignored; change it to make go vet re-run leakvet instead of replaying cached results")
	for _, b := range buildFlags {
		fs.Var(&forward{name: b.name, args: &o.buildArgs, boolean: b.boolean}, b.name, buildFlagUsage)
	}
	for _, a := range all {
		ts := new(triState)
		enabled[a] = ts
		fs.Var(&forward{name: a.Name, args: &o.toolArgs, inner: ts, boolean: true}, a.Name, "enable "+a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) {
			name := a.Name + "." + f.Name
			fs.Var(&forward{name: name, args: &o.toolArgs, inner: f.Value, boolean: isBoolFlag(f.Value)}, name, f.Usage)
		})
	}
	return fs
}

const buildFlagUsage = "go build flag, passed to go vet"

// printUsage prints "leakvet help": how to run leakvet, its checks and flags.
func printUsage(w io.Writer, progname string, all []*analysis.Analyzer) {
	fmt.Fprintf(w, `%[1]s finds Go code that keeps memory, goroutines or timers alive longer than
the program needs them.

Usage:
	%[1]s [flags] [packages]
		run the checks through go vet -vettool=%[1]s: build flags apply, results
		are cached, and an unchanged package is not analysed again
	go vet -vettool=$(which %[1]s) [packages]
		the same checks and findings, as a go vet tool
	%[1]s help <check>
		a check's documentation and flags

Checks (all run by default; -<check> runs only the checks named so, -<check>=false all others):
`, progname)
	for _, a := range all {
		short, _, _ := strings.Cut(a.Doc, "\n")
		fmt.Fprintf(w, "\t%-15s %s\n", a.Name, strings.TrimSpace(strings.TrimPrefix(short, a.Name+":")))
	}
	fmt.Fprintf(w, "\nFlags:\n")
	fs := newFlagSet(progname, all, &options{}, make(map[*analysis.Analyzer]*triState), new(string))
	var build []string
	fs.VisitAll(func(f *flag.Flag) {
		if f.Usage == buildFlagUsage {
			build = append(build, "-"+f.Name)
			return
		}
		name, usage := flag.UnquoteUsage(f)
		if isBoolFlag(f.Value) {
			name = ""
		}
		fmt.Fprintf(w, "  %s\n    \t%s\n", strings.TrimSpace("-"+f.Name+" "+name), usage)
	})
	fmt.Fprintf(w, "\nBuild flags passed to go vet (see 'go help build'); GOFLAGS applies too:\n  %s\n", strings.Join(build, " "))
	fmt.Fprintf(w, "\nExit codes: 0 no findings, 1 packages failed to load or analyse, 2 bad command line, 3 findings.\n")
}

func isBoolFlag(v flag.Value) bool {
	b, ok := v.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// selectChecks applies the -NAME flags as analysisflags (and so the vet
// tool) does.
func selectChecks(all []*analysis.Analyzer, enabled map[*analysis.Analyzer]*triState) []*analysis.Analyzer {
	var hasTrue bool
	for _, ts := range enabled {
		hasTrue = hasTrue || *ts == setTrue
	}
	var out []*analysis.Analyzer
	for _, a := range all {
		if hasTrue && *enabled[a] == setTrue || !hasTrue && *enabled[a] != setFalse {
			out = append(out, a)
		}
	}
	return out
}
