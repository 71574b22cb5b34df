package main

// -fix and -diff: the first suggested fix of each finding, applied from
// the JSON edits go vet reported (so fixing shares go vet's cached results
// with every other run). A fix whose edits overlap edits already accepted
// is skipped whole, as are fixes to generated files; edited files are
// gofmt'ed.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"io"
	"os"
	"sort"
	"strings"
)

// fixResult counts what applyFixes did.
type fixResult struct {
	applied, skipped, files int
}

// applyFixes applies (or, with diff, prints as a unified diff on w) the
// first suggested fix of each finding.
func applyFixes(findings []finding, src *sources, diff bool, w io.Writer) (fixResult, error) {
	var res fixResult
	accepted := make(map[string][]jsonEdit) // by file, sorted by start
	generated := make(map[string]bool)
	isGenerated := func(name string) bool {
		g, ok := generated[name]
		if !ok {
			f := src.syntax(name)
			g = f != nil && ast.IsGenerated(f)
			generated[name] = g
		}
		return g
	}
fixes:
	for _, f := range findings {
		if len(f.diag.SuggestedFixes) == 0 {
			continue
		}
		fix := f.diag.SuggestedFixes[0]
		next := make(map[string][]jsonEdit)
		for _, e := range fix.Edits {
			data := src.content(e.Filename)
			if data == nil || e.Start < 0 || e.Start > e.End || e.End > len(data) || isGenerated(e.Filename) {
				res.skipped++
				continue fixes
			}
			if next[e.Filename] == nil {
				next[e.Filename] = accepted[e.Filename]
			}
			merged, ok := addEdit(next[e.Filename], e)
			if !ok {
				res.skipped++
				continue fixes
			}
			next[e.Filename] = merged
		}
		for name, edits := range next {
			accepted[name] = edits
		}
		res.applied++
	}
	names := make([]string, 0, len(accepted))
	for name := range accepted {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		before := src.content(name)
		after := applyEdits(before, accepted[name])
		if formatted, err := format.Source(after); err == nil {
			after = formatted
		}
		if bytes.Equal(before, after) {
			continue
		}
		res.files++
		if diff {
			io.WriteString(w, unifiedDiff(name+" (old)", name+" (new)", string(before), string(after)))
			continue
		}
		if err := os.WriteFile(name, after, 0o644); err != nil {
			return res, fmt.Errorf("applying fixes: %v", err)
		}
	}
	return res, nil
}

// addEdit inserts e into edits (sorted by start), or reports a conflict:
// an edit that overlaps one already there, or a second, different
// insertion at the same offset. An identical edit is accepted once.
func addEdit(edits []jsonEdit, e jsonEdit) ([]jsonEdit, bool) {
	i := sort.Search(len(edits), func(i int) bool { return edits[i].Start >= e.Start })
	for _, o := range edits {
		if o == e {
			return edits, true
		}
		if e.Start < o.End && o.Start < e.End || e.Start == o.Start && (e.Start == e.End || o.Start == o.End) {
			return nil, false
		}
	}
	out := make([]jsonEdit, 0, len(edits)+1)
	out = append(out, edits[:i]...)
	out = append(out, e)
	return append(out, edits[i:]...), true
}

// applyEdits applies non-overlapping edits, sorted by start, to data.
func applyEdits(data []byte, edits []jsonEdit) []byte {
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		out.Write(data[last:e.Start])
		out.WriteString(e.New)
		last = e.End
	}
	out.Write(data[last:])
	return out.Bytes()
}

// lineOp is one line of an edit script: ' ' kept, '-' deleted, '+' inserted.
type lineOp struct {
	kind byte
	text string // with its "\n", if it has one
}

// unifiedDiff returns a unified diff (3 lines of context) from a to b, or
// "" if they are equal.
func unifiedDiff(oldName, newName, a, b string) string {
	if a == b {
		return ""
	}
	ops := lineOps(splitLines(a), splitLines(b))
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", oldName, newName)
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		stop := hunkEnd(ops, i)
		writeHunk(&sb, ops, max(i-diffContext, 0), stop)
		i = stop
	}
	return sb.String()
}

const diffContext = 3

// hunkEnd returns the end of the hunk whose first change is ops[i]:
// changes closer than two contexts apart share a hunk.
func hunkEnd(ops []lineOp, i int) int {
	end := i
	for j := i; j < len(ops); j++ {
		if ops[j].kind != ' ' {
			end = j + 1
		} else if j-end >= 2*diffContext {
			break
		}
	}
	return min(end+diffContext, len(ops))
}

// writeHunk writes ops[start:stop] as one hunk.
func writeHunk(sb *strings.Builder, ops []lineOp, start, stop int) {
	// count returns the lines of a (skip '+') or b (skip '-') in ops.
	count := func(ops []lineOp, skip byte) int {
		n := 0
		for _, o := range ops {
			if o.kind != skip {
				n++
			}
		}
		return n
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n",
		hunkRange(count(ops[:start], '+')+1, count(ops[start:stop], '+')),
		hunkRange(count(ops[:start], '-')+1, count(ops[start:stop], '-')))
	for _, o := range ops[start:stop] {
		sb.WriteByte(o.kind)
		sb.WriteString(o.text)
		if !strings.HasSuffix(o.text, "\n") {
			sb.WriteString("\n\\ No newline at end of file\n")
		}
	}
}

// lineOps returns the edit script from x to y: the common prefix and
// suffix are kept, and the lines between are matched along a longest
// common subsequence.
func lineOps(x, y []string) []lineOp {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []lineOp
	for _, l := range x[:pre] {
		ops = append(ops, lineOp{' ', l})
	}
	xi, yi := pre, pre
	for _, k := range lcsOps(x[pre:len(x)-suf], y[pre:len(y)-suf]) {
		switch k {
		case ' ':
			ops = append(ops, lineOp{' ', x[xi]})
			xi++
			yi++
		case '-':
			ops = append(ops, lineOp{'-', x[xi]})
			xi++
		case '+':
			ops = append(ops, lineOp{'+', y[yi]})
			yi++
		}
	}
	for _, l := range x[len(x)-suf:] {
		ops = append(ops, lineOp{' ', l})
	}
	return ops
}

func hunkRange(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start-1)
	case 1:
		return fmt.Sprint(start)
	}
	return fmt.Sprintf("%d,%d", start, n)
}

// splitLines splits s into lines that keep their "\n".
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// lcsOps returns the edit script (' ', '-', '+') from x to y along a
// longest common subsequence of lines.
func lcsOps(x, y []string) []byte {
	n, m := len(x), len(y)
	l := make([][]int32, n+1)
	for i := range l {
		l[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				l[i][j] = l[i+1][j+1] + 1
			} else {
				l[i][j] = max(l[i+1][j], l[i][j+1])
			}
		}
	}
	var ops []byte
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case x[i] == y[j]:
			ops = append(ops, ' ')
			i++
			j++
		case l[i+1][j] >= l[i][j+1]:
			ops = append(ops, '-')
			i++
		default:
			ops = append(ops, '+')
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, '-')
	}
	for ; j < m; j++ {
		ops = append(ops, '+')
	}
	return ops
}
