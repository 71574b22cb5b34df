package main

// What a standalone run prints: text (the default), the go/analysis JSON
// tree (-json), SARIF (-sarif, -format=sarif), a baseline (-write-baseline),
// and fixes (-fix, -diff).

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
)

// outputs are the report destinations, opened (and the baseline read)
// before the analysis so that a bad path fails at once.
type outputs struct {
	base  *baseline
	sarif io.Writer
	files []*os.File
}

func (out *outputs) close() {
	for _, f := range out.files {
		f.Close()
	}
}

func openOutputs(o *options, stdout io.Writer) (*outputs, error) {
	out := new(outputs)
	if o.baseline != "" {
		b, err := readBaseline(o.baseline)
		if err != nil {
			return nil, usageError(err)
		}
		out.base = b
	}
	switch o.sarif {
	case "":
	case "-":
		out.sarif = stdout
	default:
		f, err := os.Create(o.sarif)
		if err != nil {
			return nil, usageError(fmt.Errorf("cannot write SARIF: %v", err))
		}
		out.files = append(out.files, f)
		out.sarif = f
	}
	if o.writeBaseline != "" {
		f, err := os.OpenFile(o.writeBaseline, os.O_WRONLY|os.O_CREATE, 0o644)
		if err != nil {
			out.close()
			return nil, usageError(fmt.Errorf("cannot write baseline: %v", err))
		}
		f.Close()
	}
	return out, nil
}

// report prints the findings as o asks; failed says whether some packages
// could not be analysed (their errors are already printed).
func report(progname string, o *options, out *outputs, findings []finding, failed bool, stdout, stderr io.Writer) error {
	var end error // nil: exit 0
	if failed {
		end = failure(nil)
	}
	root := reportRoot()
	src := newSources()
	if out.base != nil || o.writeBaseline != "" || out.sarif != nil {
		describe(findings, root, src)
	}
	if o.writeBaseline != "" {
		if err := writeBaselineFile(o.writeBaseline, findings); err != nil {
			return failure(fmt.Errorf("cannot write baseline: %v", err))
		}
		fmt.Fprintf(stderr, "%s: recorded %d findings in %s\n", progname, len(findings), o.writeBaseline)
		return end
	}
	if out.base != nil {
		findings = out.base.filter(findings)
	}
	text := !o.json && out.sarif == nil && !o.fix && !o.diff
	if o.json {
		if err := writeJSON(stdout, findings); err != nil {
			return failure(err)
		}
	}
	if out.sarif != nil {
		if err := writeSARIF(out.sarif, o.checks, findings, root, src); err != nil {
			return failure(fmt.Errorf("writing SARIF: %v", err))
		}
	}
	if text {
		for _, f := range findings {
			printText(stderr, f, o.context, src)
		}
	}
	if o.fix || o.diff {
		res, err := applyFixes(findings, src, o.diff, stdout)
		if err != nil {
			return failure(err)
		}
		if res.skipped > 0 {
			fmt.Fprintf(stderr, "%s: %d of %d fixes skipped (they overlap other fixes or edit generated files); run again to apply more\n",
				progname, res.skipped, res.skipped+res.applied)
		}
	}
	if end == nil && text && len(findings) > 0 {
		end = &exitError{code: exitFindings}
	}
	return end
}

// printText prints a finding and its related positions, each with
// context lines of source around it if context >= 0.
func printText(w io.Writer, f finding, context int, src *sources) {
	print := func(posn, end, message string) {
		fmt.Fprintf(w, "%s: %s\n", posn, message)
		if context < 0 {
			return
		}
		p, e := parsePosn(posn), endOf(posn, end)
		lines := strings.Split(string(src.content(p.file)), "\n")
		for i := p.line - context; i <= e.line+context; i++ {
			if 1 <= i && i <= len(lines) {
				fmt.Fprintf(w, "%d\t%s\n", i, lines[i-1])
			}
		}
	}
	print(f.diag.Posn, f.diag.End, f.diag.Message)
	for _, r := range f.diag.Related {
		print(r.Posn, r.End, "\t"+r.Message)
	}
}

// writeJSON prints the findings as one go/analysis JSON tree: package ID
// -> check -> diagnostics, each check's in the order it reported them.
func writeJSON(w io.Writer, findings []finding) error {
	findings = slices.Clone(findings)
	sort.SliceStable(findings, func(i, j int) bool { return findings[i].seq < findings[j].seq })
	tree := make(map[string]map[string][]jsonDiag)
	for _, f := range findings {
		if tree[f.pkg] == nil {
			tree[f.pkg] = make(map[string][]jsonDiag)
		}
		tree[f.pkg][f.check] = append(tree[f.pkg][f.check], f.diag)
	}
	data, err := json.MarshalIndent(tree, "", "\t")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", data)
	return err
}
