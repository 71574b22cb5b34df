// Package suppress decides which diagnostics the user has silenced and is
// the single place through which every leakvet pass reports.
//
// Honoured directives (line comments):
//
//	//nolint                      all checks (golangci-lint semantics)
//	//nolint:leakvet              all leakvet checks
//	//nolint:globalgrowth,other   the named checks
//	//leakvet:ignore globalgrowth the reason is required
//
// A directive applies to a diagnostic on its own line, on the line below it,
// or anywhere inside the declaration it is attached to (placed on the lines
// above a top-level declaration or spec, or on its first line).
// Diagnostics in generated files (ast.IsGenerated) are dropped.
package suppress

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Policy says which directives the passes apply themselves. The zero value
// is what standalone leakvet, go vet and nogo need: every directive.
type Policy struct {
	// LeaveNolint leaves //nolint directives to the driver: golangci-lint
	// applies them itself, and its nolintlint reports directives it did not
	// use. //leakvet:ignore always applies.
	LeaveNolint bool
	// Discard reports nothing, not even malformed directives: for runs
	// whose diagnostics nobody reads (a check's facts-only runs).
	Discard bool
}

// DiscardIf returns p, set to discard every report when discard is true
// (a check's Config.FactsOnly).
func (p Policy) DiscardIf(discard bool) Policy {
	p.Discard = p.Discard || discard
	return p
}

// Checks lists every check name the directives may use besides "leakvet".
// The first entry owns reports about directives that name no known check.
var Checks = []string{"globalgrowth", "tickerstop", "goroutineleak", "closurecapture", "retention"}

// Reporter reports diagnostics for one check of one pass, dropping the
// suppressed ones.
type Reporter struct {
	pass     *analysis.Pass
	check    string
	policy   Policy
	files    map[*token.File]*fileInfo
	reported map[token.Pos]bool
}

type directive struct {
	line     int
	pos      token.Pos
	trailing bool     // follows code on its line, so it covers only that line
	checks   []string // nil means every check
	ignore   bool     // leakvet:ignore (as opposed to nolint)
	reason   string
}

type span struct{ from, to int } // line range, inclusive

type fileInfo struct {
	generated bool
	byLine    map[int][]*directive
	decls     []declSpan
}

type declSpan struct {
	span
	directiveLines span // lines where a directive covers the whole decl
}

// New returns the reporter for check in pass. Malformed leakvet:ignore
// directives that concern check are reported immediately.
func New(pass *analysis.Pass, check string, policy Policy) *Reporter {
	r := &Reporter{pass: pass, check: check, policy: policy, files: make(map[*token.File]*fileInfo), reported: make(map[token.Pos]bool)}
	if policy.Discard {
		return r
	}
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		fi := scan(pass.Fset, tf, f)
		r.files[tf] = fi
		if !fi.generated {
			r.reportMalformed(fi)
		}
	}
	return r
}

// Pass returns the pass the reporter belongs to.
func (r *Reporter) Pass() *analysis.Pass { return r.pass }

// Report reports d unless a directive suppresses it, it lies in a
// generated file, or a diagnostic was already reported at its position (one
// leak, one diagnostic: the same operation reached twice, through a
// function and its closures or two summaries, is reported once).
// Diagnostics without a category get the check's name, and every
// diagnostic gets the URL of the check's documentation
// (<Analyzer.URL>#hdr-Analyzer_<check>), where its categories are listed.
func (r *Reporter) Report(d analysis.Diagnostic) {
	if r.policy.Discard || r.reported[d.Pos] || r.Suppressed(d.Pos) {
		return
	}
	r.reported[d.Pos] = true
	if d.Category == "" {
		d.Category = r.check
	}
	if d.URL == "" && r.pass.Analyzer != nil && r.pass.Analyzer.URL != "" {
		d.URL = r.pass.Analyzer.URL + "#hdr-Analyzer_" + r.check
	}
	r.pass.Report(d)
}

// Suppressed reports whether a diagnostic of this check at pos would be
// dropped.
func (r *Reporter) Suppressed(pos token.Pos) bool {
	tf := r.pass.Fset.File(pos)
	if tf == nil {
		return false
	}
	fi := r.files[tf]
	if fi == nil {
		return false // position outside the package's files (e.g. cgo); keep it
	}
	if fi.generated {
		return true
	}
	line := tf.Line(pos)
	if r.matchAt(fi, line, true) || r.matchAt(fi, line-1, false) {
		return true
	}
	for _, d := range fi.decls {
		if line < d.from || line > d.to {
			continue
		}
		for l := d.directiveLines.from; l <= d.directiveLines.to; l++ {
			if r.matchAt(fi, l, l == d.from) { // a trailing directive above covers its own line only
				return true
			}
		}
	}
	return false
}

func (r *Reporter) matchAt(fi *fileInfo, line int, trailingOK bool) bool {
	for _, d := range fi.byLine[line] {
		if d.ignore && d.reason == "" || d.trailing && !trailingOK || !d.ignore && r.policy.LeaveNolint {
			continue // not honoured; reported by reportMalformed
		}
		if d.checks == nil {
			return true
		}
		for _, c := range d.checks {
			if c == r.check || c == "leakvet" {
				return true
			}
		}
	}
	return false
}

func (r *Reporter) reportMalformed(fi *fileInfo) {
	for _, ds := range fi.byLine {
		for _, d := range ds {
			if !d.ignore {
				continue
			}
			switch {
			case len(d.checks) == 0 || !known(d.checks):
				if r.check != Checks[0] {
					continue
				}
				r.pass.Report(analysis.Diagnostic{
					Pos:      d.pos,
					Category: "directive",
					Message:  "leakvet:ignore names no known check; write //leakvet:ignore <check> <reason> with a check from " + strings.Join(Checks, ", ") + " or leakvet",
				})
			case d.reason == "" && r.concerns(d):
				r.pass.Report(analysis.Diagnostic{
					Pos:      d.pos,
					Category: "directive",
					Message:  "leakvet:ignore needs a reason after the check name; the directive is not honoured without one",
				})
			}
		}
	}
}

// concerns reports whether directive d should be reported by this check:
// the first check it names that is ours, or the owner for "leakvet".
func (r *Reporter) concerns(d *directive) bool {
	for _, c := range d.checks {
		if c == "leakvet" {
			return r.check == Checks[0]
		}
		for _, k := range Checks {
			if c == k {
				return c == r.check
			}
		}
	}
	return false
}

func known(checks []string) bool {
	for _, c := range checks {
		if c == "leakvet" {
			continue
		}
		ok := false
		for _, k := range Checks {
			ok = ok || c == k
		}
		if !ok {
			return false
		}
	}
	return true
}

func scan(fset *token.FileSet, tf *token.File, f *ast.File) *fileInfo {
	fi := &fileInfo{generated: ast.IsGenerated(f), byLine: make(map[int][]*directive)}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if d := parse(c.Text); d != nil {
				d.pos = c.Slash
				d.line = tf.Line(c.Slash)
				fi.byLine[d.line] = append(fi.byLine[d.line], d)
			}
		}
	}
	if len(fi.byLine) == 0 {
		return fi
	}
	// A directive after code on its line covers only that line.
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		if _, ok := n.(*ast.CommentGroup); ok {
			return false
		}
		end := n.End()
		if end.IsValid() && int(end) <= tf.Base()+tf.Size() {
			for _, d := range fi.byLine[tf.Line(end)] {
				if end <= d.pos {
					d.trailing = true
				}
			}
		}
		return true
	})
	add := func(doc *ast.CommentGroup, start, end token.Pos) {
		from, to := tf.Line(start), tf.Line(end)
		dl := span{from - 1, from}
		if doc != nil {
			dl.from = tf.Line(doc.Pos())
		}
		fi.decls = append(fi.decls, declSpan{span{from, to}, dl})
	}
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			add(decl.Doc, decl.Pos(), decl.End())
		case *ast.GenDecl:
			add(decl.Doc, decl.Pos(), decl.End())
			if decl.Lparen.IsValid() {
				for _, spec := range decl.Specs {
					switch spec := spec.(type) {
					case *ast.ValueSpec:
						add(spec.Doc, spec.Pos(), spec.End())
					case *ast.TypeSpec:
						add(spec.Doc, spec.Pos(), spec.End())
					}
				}
			}
		}
	}
	return fi
}

// parse returns the directive in a comment's text, or nil.
func parse(text string) *directive {
	if !strings.HasPrefix(text, "//") {
		return nil
	}
	body := strings.TrimSpace(text[2:])
	switch {
	case body == "nolint" || strings.HasPrefix(body, "nolint ") || strings.HasPrefix(body, "nolint//"):
		return &directive{}
	case strings.HasPrefix(body, "nolint:"):
		list := body[len("nolint:"):]
		if i := strings.IndexAny(list, " \t/"); i >= 0 {
			list = list[:i]
		}
		d := &directive{checks: []string{}}
		for _, c := range strings.Split(list, ",") {
			if c = strings.TrimSpace(c); c != "" {
				d.checks = append(d.checks, c)
			}
		}
		return d
	case strings.HasPrefix(text, "//leakvet:ignore"):
		rest := text[len("//leakvet:ignore"):]
		if rest != "" && rest[0] != ' ' && rest[0] != '\t' {
			return nil
		}
		if i := strings.Index(rest, "//"); i >= 0 {
			rest = rest[:i] // a trailing comment (// want ...) is not the reason
		}
		fields := strings.Fields(rest)
		d := &directive{ignore: true, checks: []string{}}
		if len(fields) > 0 {
			for _, c := range strings.Split(fields[0], ",") {
				if c != "" {
					d.checks = append(d.checks, c)
				}
			}
			d.reason = strings.Join(fields[1:], " ")
		}
		return d
	}
	return nil
}
