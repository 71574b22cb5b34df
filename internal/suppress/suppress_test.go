package suppress

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// leakAnalyzer reports, through a Reporter for check, every call to a
// function named leak.
func leakAnalyzer(check string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "leak" + check,
		Doc:  "reports calls to leak through suppress for " + check,
		Run: func(pass *analysis.Pass) (any, error) {
			r := New(pass, check, Policy{})
			if r.Pass() != pass {
				return nil, fmt.Errorf("Reporter.Pass() is not the pass")
			}
			for _, f := range pass.Files {
				ast.Inspect(f, func(n ast.Node) bool {
					if c, ok := n.(*ast.CallExpr); ok {
						if id, ok := c.Fun.(*ast.Ident); ok && id.Name == "leak" {
							r.Report(analysis.Diagnostic{Pos: c.Pos(), Message: check + ": leak call"})
						}
					}
					return true
				})
			}
			return nil, nil
		},
	}
}

func TestDirectives(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), leakAnalyzer("globalgrowth"), "a")
}

// TestDirectivesOtherCheck runs a check other than the first one, which
// reports only the malformed directives that concern it.
func TestDirectivesOtherCheck(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), leakAnalyzer("tickerstop"), "c")
}

// recorder collects analysistest's complaints instead of failing.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestTrailingBeforeDecl: a trailing directive on the line just above a
// declaration or a var spec must not cover that declaration.
func TestTrailingBeforeDecl(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), leakAnalyzer("globalgrowth"), "b")
}

func TestParse(t *testing.T) {
	type want struct {
		checks []string // nil: every check
		ignore bool
		reason string
	}
	all := &want{}
	only := func(checks ...string) *want { return &want{checks: append([]string{}, checks...)} }
	ignore := func(reason string, checks ...string) *want {
		if checks == nil {
			checks = []string{}
		}
		return &want{checks: checks, ignore: true, reason: reason}
	}
	tests := []struct {
		text string
		want *want // nil: not a directive
	}{
		{"//nolint", all},
		{"// nolint", all},
		{"//nolint ", all},
		{"//nolint // because", all},
		{"//nolint//because", all},
		{"//nolintx", nil},
		{"//nolinter:leakvet", nil},
		{"//nolint:leakvet", only("leakvet")},
		{"//  nolint:leakvet", only("leakvet")},
		{"//nolint:globalgrowth", only("globalgrowth")},
		{"//nolint:globalgrowth,tickerstop", only("globalgrowth", "tickerstop")},
		{"//nolint:globalgrowth,,tickerstop,", only("globalgrowth", "tickerstop")},
		{"//nolint:leakvet // some reason", only("leakvet")},
		{"//nolint:leakvet//some reason", only("leakvet")},
		{"//nolint:leakvet\tsome reason", only("leakvet")},
		{"//nolint:tickerstop // want \"leak\"", only("tickerstop")},
		{"//nolint:", only()},
		{"//nolint: leakvet", only()},
		{"//leakvet:ignore globalgrowth reason text", ignore("reason text", "globalgrowth")},
		{"//leakvet:ignore globalgrowth   spaced \t reason  ", ignore("spaced reason", "globalgrowth")},
		{"//leakvet:ignore\tglobalgrowth\treason", ignore("reason", "globalgrowth")},
		{"//leakvet:ignore globalgrowth", ignore("", "globalgrowth")},
		{"//leakvet:ignore globalgrowth ", ignore("", "globalgrowth")},
		{"//leakvet:ignore leakvet why", ignore("why", "leakvet")},
		{"//leakvet:ignore globalgrowth,tickerstop why", ignore("why", "globalgrowth", "tickerstop")},
		{"//leakvet:ignore globalgrowth,,tickerstop why", ignore("why", "globalgrowth", "tickerstop")},
		{"//leakvet:ignore", ignore("")},
		{"//leakvet:ignore ", ignore("")},
		{"//leakvet:ignored globalgrowth why", nil},
		{"//leakvet:ignoreglobalgrowth why", nil},
		{"// leakvet:ignore globalgrowth why", nil},
		{"//leakvet:other globalgrowth why", nil},
		{"/*nolint*/", nil},
		{"/*leakvet:ignore globalgrowth why*/", nil},
		{"// just a comment mentioning nolint", nil},
		{"//go:generate nolint", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			d := parse(tt.text)
			if tt.want == nil {
				if d != nil {
					t.Fatalf("parse(%q) = %+v, want no directive", tt.text, *d)
				}
				return
			}
			if d == nil {
				t.Fatalf("parse(%q) = nil, want %+v", tt.text, *tt.want)
			}
			if (d.checks == nil) != (tt.want.checks == nil) || !reflect.DeepEqual(append([]string{}, d.checks...), append([]string{}, tt.want.checks...)) {
				t.Errorf("checks = %#v, want %#v", d.checks, tt.want.checks)
			}
			if d.ignore != tt.want.ignore {
				t.Errorf("ignore = %v, want %v", d.ignore, tt.want.ignore)
			}
			if d.reason != tt.want.reason {
				t.Errorf("reason = %q, want %q", d.reason, tt.want.reason)
			}
			if d.trailing || d.line != 0 || d.pos != token.NoPos {
				t.Errorf("parse set position fields: %+v", *d)
			}
		})
	}
}

func TestKnown(t *testing.T) {
	tests := []struct {
		checks []string
		want   bool
	}{
		{nil, true},
		{[]string{"leakvet"}, true},
		{[]string{"globalgrowth"}, true},
		{[]string{"tickerstop", "goroutineleak", "closurecapture"}, true},
		{[]string{"globalgrowth", "nosuch"}, false},
		{[]string{"nosuch"}, false},
		{[]string{"GlobalGrowth"}, false},
	}
	for _, tt := range tests {
		if got := known(tt.checks); got != tt.want {
			t.Errorf("known(%v) = %v, want %v", tt.checks, got, tt.want)
		}
	}
}

func TestConcerns(t *testing.T) {
	tests := []struct {
		check  string
		checks []string
		want   bool
	}{
		{"globalgrowth", []string{"globalgrowth"}, true},
		{"tickerstop", []string{"globalgrowth"}, false},
		{"globalgrowth", []string{"leakvet"}, true},
		{"tickerstop", []string{"leakvet"}, false},
		{"globalgrowth", []string{"tickerstop", "globalgrowth"}, false},
		{"tickerstop", []string{"tickerstop", "globalgrowth"}, true},
		{"tickerstop", []string{"nosuch", "tickerstop"}, true},
		{"globalgrowth", []string{"nosuch"}, false},
		{"globalgrowth", nil, false},
	}
	for _, tt := range tests {
		r := &Reporter{check: tt.check}
		if got := r.concerns(&directive{ignore: true, checks: tt.checks}); got != tt.want {
			t.Errorf("%s.concerns(%v) = %v, want %v", tt.check, tt.checks, got, tt.want)
		}
	}
}

// fakePass builds a pass over src that records what it reports.
func fakePass(t *testing.T, files map[string]string) (*analysis.Pass, *[]analysis.Diagnostic) {
	t.Helper()
	fset := token.NewFileSet()
	var astFiles []*ast.File
	for _, name := range []string{"a.go", "b.go", "gen.go"} {
		src, ok := files[name]
		if !ok {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		astFiles = append(astFiles, f)
	}
	var got []analysis.Diagnostic
	pass := &analysis.Pass{
		Analyzer: &analysis.Analyzer{Name: "test", URL: "https://example.com/doc"},
		Fset:     fset,
		Files:    astFiles,
		Report:   func(d analysis.Diagnostic) { got = append(got, d) },
	}
	return pass, &got
}

// posOf returns the position of the n-th (from 1) occurrence of sub in
// file, after sub's leading blanks.
func posOf(t *testing.T, pass *analysis.Pass, file, sub string, n int) token.Pos {
	t.Helper()
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf.Name() != file {
			continue
		}
		src := fileSrc[file]
		off := -1
		for i := 0; i < n; i++ {
			j := strings.Index(src[off+1:], sub)
			if j < 0 {
				t.Fatalf("%s: occurrence %d of %q not found", file, n, sub)
			}
			off += 1 + j
		}
		return tf.Pos(off + len(sub) - len(strings.TrimLeft(sub, " \t")))
	}
	t.Fatalf("no file %s", file)
	return token.NoPos
}

var fileSrc = map[string]string{
	"a.go": `package a

func leak() {}

func f() {
	leak() //nolint:globalgrowth
	leak()
	//leakvet:ignore tickerstop the reason
	leak()
	leak() //nolint:leakvet
}

//leakvet:ignore globalgrowth
func g() {
	leak()
}
`,
	"b.go": `package a

func h() {
	leak()
}
`,
	"gen.go": `// Code generated by x. DO NOT EDIT.

package a

//leakvet:ignore nosuchcheck reason
func gen() { leak() }
`,
}

func TestReporter(t *testing.T) {
	tests := []struct {
		check      string
		sub        string
		file       string
		n          int
		suppressed bool
	}{
		{"globalgrowth", "\tleak()", "a.go", 1, true},   // trailing nolint:globalgrowth
		{"tickerstop", "\tleak()", "a.go", 1, false},    // not tickerstop
		{"globalgrowth", "\tleak()", "a.go", 2, false},  // next line after a trailing directive
		{"tickerstop", "\tleak()", "a.go", 3, true},     // leakvet:ignore tickerstop above
		{"globalgrowth", "\tleak()", "a.go", 3, false},  // ignore names another check
		{"closurecapture", "\tleak()", "a.go", 4, true}, // nolint:leakvet
		{"globalgrowth", "\tleak()", "a.go", 5, false},  // ignore without reason is not honoured
		{"globalgrowth", "\tleak()", "b.go", 1, false},
		{"globalgrowth", " leak()", "gen.go", 1, true},
		{"tickerstop", " leak()", "gen.go", 1, true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s#%d/%s", tt.file, tt.sub, tt.n, tt.check), func(t *testing.T) {
			pass, _ := fakePass(t, fileSrc)
			r := New(pass, tt.check, Policy{})
			pos := posOf(t, pass, tt.file, tt.sub, tt.n)
			if got := r.Suppressed(pos); got != tt.suppressed {
				t.Errorf("Suppressed = %v, want %v", got, tt.suppressed)
			}
		})
	}
}

func TestReporterReport(t *testing.T) {
	pass, got := fakePass(t, fileSrc)
	r := New(pass, "globalgrowth", Policy{})
	// New reports the malformed directive of a.go (no reason) but not the
	// one in the generated file.
	if len(*got) != 1 || (*got)[0].Category != "directive" || !strings.Contains((*got)[0].Message, "needs a reason") {
		t.Fatalf("New reported %+v, want one missing-reason directive diagnostic", *got)
	}
	if p := pass.Fset.Position((*got)[0].Pos); p.Filename != "a.go" || p.Line != 13 || p.Column != 1 {
		t.Errorf("directive diagnostic at %v, want a.go:13:1", p)
	}
	*got = nil

	kept := posOf(t, pass, "b.go", "\tleak()", 1)
	kept2 := posOf(t, pass, "b.go", "func h", 1)
	r.Report(analysis.Diagnostic{Pos: kept, Message: "m1"})
	r.Report(analysis.Diagnostic{Pos: kept, Message: "m1 again"}) // one diagnostic per position
	r.Report(analysis.Diagnostic{Pos: kept2, Message: "m2", Category: "custom"})
	r.Report(analysis.Diagnostic{Pos: posOf(t, pass, "a.go", "\tleak()", 1), Message: "dropped"})
	r.Report(analysis.Diagnostic{Pos: posOf(t, pass, "gen.go", " leak()", 1), Message: "generated"})
	// A position outside the package's files is kept.
	r.Report(analysis.Diagnostic{Pos: token.NoPos, Message: "nopos"})
	var msgs, cats []string
	for _, d := range *got {
		msgs = append(msgs, d.Message)
		cats = append(cats, d.Category)
		if d.URL != "https://example.com/doc#hdr-Analyzer_globalgrowth" {
			t.Errorf("%s: URL %q", d.Message, d.URL)
		}
	}
	if want := []string{"m1", "m2", "nopos"}; !reflect.DeepEqual(msgs, want) {
		t.Errorf("reported %v, want %v", msgs, want)
	}
	if want := []string{"globalgrowth", "custom", "globalgrowth"}; !reflect.DeepEqual(cats, want) {
		t.Errorf("categories %v, want %v", cats, want)
	}

	// Another check's reporter does not repeat the directive diagnostic.
	pass2, got2 := fakePass(t, fileSrc)
	New(pass2, "tickerstop", Policy{})
	if len(*got2) != 0 {
		t.Errorf("tickerstop reporter reported %+v, want nothing", *got2)
	}
}

func TestChecksOwner(t *testing.T) {
	// The first entry owns directive diagnostics; the analyzers and the
	// testdata rely on it being globalgrowth.
	if Checks[0] != "globalgrowth" {
		t.Errorf("Checks[0] = %q, want globalgrowth", Checks[0])
	}
	seen := map[string]bool{}
	for _, c := range Checks {
		if c == "leakvet" || seen[c] || c == "" || strings.ToLower(c) != c {
			t.Errorf("bad check name %q in Checks", c)
		}
		seen[c] = true
	}
}

// Under golangci-lint the plugin leaves //nolint to golangci-lint; only
// //leakvet:ignore is applied by the passes.
func TestNolintLeftToGolangciLint(t *testing.T) {
	t.Parallel()
	pass, _ := fakePass(t, fileSrc)
	for _, tt := range []struct {
		check      string
		n          int
		suppressed bool
	}{
		{"globalgrowth", 1, false},   // //nolint:globalgrowth: golangci-lint's job
		{"closurecapture", 4, false}, // //nolint:leakvet: golangci-lint's job
		{"tickerstop", 3, true},      // //leakvet:ignore tickerstop the reason
	} {
		r := New(pass, tt.check, Policy{LeaveNolint: true})
		if got := r.Suppressed(posOf(t, pass, "a.go", "\tleak()", tt.n)); got != tt.suppressed {
			t.Errorf("leak #%d for %s: Suppressed = %v, want %v", tt.n, tt.check, got, tt.suppressed)
		}
	}
}
