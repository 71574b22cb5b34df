package main

// Findings as go vet reports them (the go/analysis JSON schema), with what
// reports and baselines add: the file relative to the report root and the
// enclosing declaration.

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// jsonDiag is one diagnostic in go/analysis's JSON form (the field order
// is that of golang.org/x/tools/go/analysis's JSON output).
type jsonDiag struct {
	Category       string        `json:"category,omitempty"`
	Posn           string        `json:"posn"` // file:line:column
	End            string        `json:"end"`
	Message        string        `json:"message"`
	SuggestedFixes []jsonFix     `json:"suggested_fixes,omitempty"`
	Related        []jsonRelated `json:"related,omitempty"`
}

type jsonFix struct {
	Message string     `json:"message"`
	Edits   []jsonEdit `json:"edits"`
}

// jsonEdit replaces bytes [Start, End) of Filename with New.
type jsonEdit struct {
	Filename string `json:"filename"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	New      string `json:"new"`
}

type jsonRelated struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
}

// finding is one diagnostic with what reports and baselines need.
type finding struct {
	check    string
	pkg      string // ID of the package go vet reported it for
	seq      int    // order in which go vet reported it
	diag     jsonDiag
	file     string // relative to the report root, slash-separated
	function string // enclosing function ("(*T).m", "f") or declaration ("var hits")
}

// position is a parsed file:line:column (column 0 when absent).
type position struct {
	file      string
	line, col int
}

// parsePosn parses "file:line:col" or "file:line".
func parsePosn(s string) position {
	p := position{file: s}
	rest := s
	var nums []int
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		nums = append(nums, n)
		rest = rest[:i]
	}
	switch len(nums) {
	case 2:
		return position{rest, nums[1], nums[0]}
	case 1:
		return position{rest, nums[0], 0}
	}
	return p
}

func (f *finding) pos() position { return parsePosn(f.diag.Posn) }

// end is the end position, or the start when the diagnostic has none.
func endOf(posn, end string) position {
	if end == "" {
		return parsePosn(posn)
	}
	return parsePosn(end)
}

// prepare removes duplicates (a package and its test variant report the
// same finding; so may two runs), drops findings in _test.go files unless
// tests is set, and sorts by position then check.
func prepare(in []finding, tests bool) []finding {
	seen := make(map[string]bool)
	var out []finding
	for _, f := range in {
		key := f.check + "\x00" + f.diag.Posn + "\x00" + f.diag.Message
		if seen[key] {
			continue
		}
		seen[key] = true
		if !tests && strings.HasSuffix(f.pos().file, "_test.go") {
			continue
		}
		out = append(out, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		pi, pj := out[i].pos(), out[j].pos()
		if pi.file != pj.file {
			return pi.file < pj.file
		}
		if pi.line != pj.line {
			return pi.line < pj.line
		}
		if pi.col != pj.col {
			return pi.col < pj.col
		}
		return out[i].check < out[j].check
	})
	return out
}

// sources reads and parses the files findings are in, once each.
type sources struct {
	fset  *token.FileSet
	data  map[string][]byte
	files map[string]*ast.File
}

func newSources() *sources {
	return &sources{fset: token.NewFileSet(), data: map[string][]byte{}, files: map[string]*ast.File{}}
}

// content returns the file's bytes (nil if unreadable).
func (s *sources) content(name string) []byte {
	if data, ok := s.data[name]; ok {
		return data
	}
	data, _ := os.ReadFile(name)
	s.data[name] = data
	return data
}

// syntax returns the file's syntax tree (nil if it cannot be parsed).
func (s *sources) syntax(name string) *ast.File {
	if f, ok := s.files[name]; ok {
		return f
	}
	f, err := parser.ParseFile(s.fset, name, s.content(name), parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		f = nil
	}
	s.files[name] = f
	return f
}

// lineCol converts a byte offset in the file to a 1-based line and column
// (columns count bytes, as go/token's do).
func (s *sources) lineCol(name string, offset int) (line, col int) {
	data := s.content(name)
	offset = min(max(offset, 0), len(data))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	return line, offset - (bytes.LastIndexByte(before, '\n') + 1) + 1
}

// describe fills each finding's root-relative file and enclosing declaration.
func describe(findings []finding, root string, src *sources) {
	for i := range findings {
		f := &findings[i]
		p := f.pos()
		f.file = relPath(root, p.file)
		f.function = ""
		if file := src.syntax(p.file); file != nil {
			tf := src.fset.File(file.FileStart)
			if p.line >= 1 && p.line <= tf.LineCount() {
				off := int(tf.LineStart(p.line)) - tf.Base() + max(p.col-1, 0)
				f.function = enclosing(file, tf.Pos(min(off, tf.Size())))
			}
		}
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

// relPath returns filename relative to root, slash-separated, when it lies
// inside root; otherwise the absolute path.
func relPath(root, filename string) string {
	rel, err := filepath.Rel(root, filename)
	if err != nil || strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(filename)
	}
	return filepath.ToSlash(rel)
}

// enclosing names the declaration of f containing pos: "(*T).m", "f", "var x".
func enclosing(f *ast.File, pos token.Pos) string {
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
	return ""
}
