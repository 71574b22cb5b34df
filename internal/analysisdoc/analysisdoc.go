// Package analysisdoc extracts an analyzer's Doc from its doc.go, the way
// x/tools passes do: the "# Analyzer <name>" section of the package comment.
package analysisdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the "# Analyzer name" section of the package doc comment
// in the Go source content (up to the next "# Analyzer" heading), without
// the heading. The section must start with a "name: summary" line; like
// x/tools, the returned Doc starts with the summary alone, since drivers
// print "name: " before it.
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("parsing doc.go: %v", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("doc.go has no package comment")
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name + "\n"
	i := strings.Index(text, heading)
	if i < 0 {
		return "", fmt.Errorf("package comment has no %q heading", strings.TrimSpace(heading))
	}
	body := text[i+len(heading):]
	if j := strings.Index(body, "\n# Analyzer "); j >= 0 {
		body = body[:j]
	}
	body = strings.TrimSpace(body)
	summary, ok := strings.CutPrefix(body, name+":")
	if !ok {
		return "", fmt.Errorf("%q heading not followed by a %q line", strings.TrimSpace(heading), name+": summary")
	}
	return strings.TrimSpace(summary), nil
}

// MustExtract is Extract that panics on error; for package initialisation.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Categories returns the diagnostic categories listed in the "# Categories"
// section of an analyzer's Doc: one "  - name: meaning" line per category,
// or "  - a, b: meaning" for several that share a meaning.
func Categories(doc string) []string {
	_, sec, ok := strings.Cut(doc, "# Categories\n")
	if !ok {
		return nil
	}
	if i := strings.Index(sec, "\n# "); i >= 0 {
		sec = sec[:i]
	}
	var out []string
	for _, line := range strings.Split(sec, "\n") {
		line = strings.TrimSpace(line)
		item, ok := strings.CutPrefix(line, "- ")
		if !ok {
			continue
		}
		names, _, ok := strings.Cut(item, ": ")
		if !ok {
			continue
		}
		for _, n := range strings.Split(names, ",") {
			out = append(out, strings.TrimSpace(n))
		}
	}
	return out
}
