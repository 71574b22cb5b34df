package size_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/internal/size"
	"github.com/leakvet/leakvet/internal/ssatest"
	"golang.org/x/tools/go/ssa"
)

// sizeSrc has one function per shape; each returns the value whose size
// the test asks for.
const sizeSrc = `package p

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
)

type Doc struct {
	Title    string
	Sections []string
}

type Small struct{ A, B int }

type Cached struct {
	Text  string
	cache map[string]int
	Skip  []string ` + "`json:\"-\"`" + `
}

type Big struct{ Buf [1 << 17]byte }

type Holder struct {
	Name string
	Data []byte
}

type Glossary struct {
	Name    string
	Entries []string
}

func array() [1 << 17]byte         { var a [1 << 17]byte; return a }
func smallArray() [16]byte         { var a [16]byte; return a }
func bigStruct() *Big              { return &Big{} }
func makeConst() []byte            { return make([]byte, 1<<20) }
func makeSmall() []byte            { return make([]byte, 512) }
func makeVar(n int) []byte         { return make([]byte, n) }
func makeMap() map[int64]int64     { return make(map[int64]int64, 1<<16) }
func readAll(r io.Reader) []byte   { b, _ := io.ReadAll(r); return b }
func readCapped(r io.Reader) []byte {
	b, _ := io.ReadAll(io.LimitReader(r, 1024))
	return b
}
func readFile() []byte              { b, _ := os.ReadFile("x"); return b }
func subSlice(r io.Reader) []byte   { b, _ := io.ReadAll(r); return b[10:] }
func substring(r io.Reader) string  { b, _ := io.ReadAll(r); s := string(b); return s[3:] }
func shortConv(r io.Reader) string  { b, _ := io.ReadAll(r); return string(b[:8]) }
func cloneShort(r io.Reader) []byte { b, _ := io.ReadAll(r); return bytes.Clone(b[:8]) }
func decoded(raw []byte) *Doc       { var d Doc; json.Unmarshal(raw, &d); return &d }
func decodedConst() *Doc            { var d Doc; json.Unmarshal([]byte("{}"), &d); return &d }
func decodedSmall(raw []byte) *Small { var s Small; json.Unmarshal(raw, &s); return &s }
func decodedCached(raw []byte) *Cached { var c Cached; json.Unmarshal(raw, &c); return &c }
func decoder(r *http.Request) *Doc  { var d Doc; json.NewDecoder(r.Body).Decode(&d); return &d }
func decoderCapped(r io.Reader) *Doc {
	var d Doc
	json.NewDecoder(io.LimitReader(r, 100)).Decode(&d)
	return &d
}
func bufferFilled(r io.Reader) []byte { var buf bytes.Buffer; buf.ReadFrom(r); return buf.Bytes() }
func bufferCopied(r io.Reader) string  { var sb strings.Builder; io.Copy(&sb, r); return sb.String() }
func bufferPrintf() []byte            { var buf bytes.Buffer; fmt.Fprintf(&buf, "x"); return buf.Bytes() }
func marshal(d *Doc) []byte           { b, _ := json.Marshal(d); return b }
func marshalSmall(s Small) []byte     { b, _ := json.Marshal(s); return b }
func field(r io.Reader) *Holder {
	b, _ := io.ReadAll(r)
	h := &Holder{Name: "x"}
	h.Data = b
	return h
}
func fieldLoad(h *Holder, r io.Reader) []byte {
	b, _ := io.ReadAll(r)
	x := &Holder{Data: b}
	return x.Data
}
func scanned(src io.Reader) []string {
	var lines []string
	sc := bufio.NewScanner(src)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines
}
func scannedField(src io.Reader) *Glossary {
	g := &Glossary{Name: "g"}
	sc := bufio.NewScanner(src)
	for sc.Scan() {
		g.Entries = append(g.Entries, sc.Text())
	}
	return g
}
func rows(rs *sql.Rows) []string {
	var out []string
	for rs.Next() {
		var s string
		rs.Scan(&s)
		out = append(out, s)
	}
	return out
}
func readLoop(r io.Reader) []byte {
	var data []byte
	buf := make([]byte, 512)
	for {
		n, err := r.Read(buf)
		data = append(data, buf[:n]...)
		if err != nil {
			return data
		}
	}
}
func counted(xs []int) []int {
	var out []int
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}
func afterLoop(src io.Reader) []string {
	sc := bufio.NewScanner(src)
	for sc.Scan() {
	}
	var out []string
	out = append(out, "done")
	return out
}
func fields(r io.Reader) []string { b, _ := io.ReadAll(r); return strings.Fields(string(b)) }
func split(r io.Reader) [][]byte  { b, _ := io.ReadAll(r); return bytes.Split(b, []byte("\n")) }
func splitConst() []string        { return strings.Split("a,b", ",") }
func phi(r io.Reader, c bool) []byte {
	var b []byte
	if c {
		b, _ = io.ReadAll(r)
	}
	return b
}
func generic[T any]() []T { return make([]T, 1<<20) }
`

// results returns the first result of the return in each function.
func results(t *testing.T, src string) (map[string]ssa.Value, *size.Model) {
	t.Helper()
	_, res := ssatest.Build(t, src)
	out := map[string]ssa.Value{}
	for _, fn := range res.SrcFuncs {
		for _, b := range fn.Blocks {
			if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) > 0 {
				out[fn.Name()] = ret.Results[0]
			}
		}
	}
	return out, size.New(size.Config{Pkg: res.Pkg.Pkg, Threshold: 64 << 10})
}

func TestOf(t *testing.T) {
	vals, m := results(t, sizeSrc)
	cases := []struct {
		fn    string
		large bool
		input bool
		what  string // a substring of What
	}{
		{"array", true, false, "[131072]byte of 128 KiB"},
		{"smallArray", false, false, ""},
		{"bigStruct", true, false, "*Big of 128 KiB"},
		{"makeConst", true, false, "[]byte of 1 MiB from make"},
		{"makeSmall", false, false, ""},
		{"makeVar", false, false, ""},
		{"makeMap", true, false, "map[int64]int64 of 1 MiB from make"},
		{"readAll", true, true, "input-sized []byte from io.ReadAll"},
		{"readCapped", false, false, ""},
		{"readFile", true, true, "from os.ReadFile"},
		{"subSlice", true, true, "sub-slice of input-sized []byte from io.ReadAll"},
		{"substring", true, true, "substring of input-sized []byte"},
		{"shortConv", false, false, ""},
		{"cloneShort", false, false, ""},
		{"decoded", true, true, "input-sized *Doc decoded by json.Unmarshal"},
		{"decodedConst", false, false, ""},
		{"decodedSmall", false, false, ""},
		{"decodedCached", false, false, ""},
		{"decoder", true, true, "decoded by (*json.Decoder).Decode"},
		{"decoderCapped", false, false, ""},
		{"bufferFilled", true, true, "from (*bytes.Buffer).Bytes"},
		{"bufferCopied", true, true, "from (*strings.Builder).String"},
		{"bufferPrintf", false, false, ""},
		{"marshal", true, true, "from json.Marshal"},
		{"marshalSmall", false, false, ""},
		{"field", true, true, "*Holder holding input-sized []byte from io.ReadAll in field Data"},
		{"fieldLoad", true, true, "input-sized []byte from io.ReadAll"},
		{"scanned", true, true, "input-sized []string accumulated in a (*bufio.Scanner).Scan loop"},
		{"scannedField", true, true, "*Glossary holding input-sized []string accumulated in a (*bufio.Scanner).Scan loop in field Entries"},
		{"rows", true, true, "accumulated in a (*sql.Rows).Next loop"},
		{"readLoop", true, true, "accumulated in a Read loop"},
		{"counted", false, false, ""},
		{"afterLoop", false, false, ""},
		{"fields", true, true, "input-sized []string from strings.Fields of"},
		{"split", true, true, "from bytes.Split of"},
		{"splitConst", false, false, ""},
		{"phi", true, true, "io.ReadAll"},
		{"generic", false, false, ""},
	}
	for _, c := range cases {
		v, ok := vals[c.fn]
		if !ok {
			t.Errorf("%s: no return", c.fn)
			continue
		}
		s := m.Of(v)
		if s.Large() != c.large || s.Input != c.input || !strings.Contains(s.What, c.what) {
			t.Errorf("%s: Of = %+v, want large=%v input=%v what~%q", c.fn, s, c.large, c.input, c.what)
		}
	}
}

func TestThreshold(t *testing.T) {
	_, res := ssatest.Build(t, `package p
func small() []byte { return make([]byte, 2048) }
`)
	var v ssa.Value
	for _, b := range res.SrcFuncs[0].Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			v = ret.Results[0]
		}
	}
	for _, c := range []struct {
		threshold int64
		large     bool
	}{{1024, true}, {2048, true}, {4096, false}, {64 << 10, false}} {
		m := size.New(size.Config{Pkg: res.Pkg.Pkg, Threshold: c.threshold})
		if got := m.Of(v).Large(); got != c.large {
			t.Errorf("threshold %d: Large = %v, want %v", c.threshold, got, c.large)
		}
	}
}

// TestCallee checks that a callee's Summary makes a call's result large,
// and that Results computes it from a function's returns.
func TestCallee(t *testing.T) {
	_, res := ssatest.Build(t, `package p

import "io"

type Box struct{ B []byte }

func load(r io.Reader) []byte { b, _ := io.ReadAll(r); return b }
func wrap(b []byte) *Box       { return &Box{B: b} }
func same(b []byte) []byte     { return b[1:] }
func use(r io.Reader) []byte   { return load(r) }
func boxed(r io.Reader) *Box   { b, _ := io.ReadAll(r); return wrap(b) }
func small() *Box              { return wrap(nil) }
`)
	funcs := map[string]*ssa.Function{}
	for _, fn := range res.SrcFuncs {
		funcs[fn.Name()] = fn
	}
	sums := map[*ssa.Function]*size.Summary{}
	m := size.New(size.Config{Pkg: res.Pkg.Pkg, Threshold: 64 << 10, Callee: func(fn *ssa.Function) *size.Summary { return sums[fn] }})
	for _, name := range []string{"load", "wrap", "same"} {
		s := m.Results(funcs[name])
		sums[funcs[name]] = &s
	}
	if got := sums[funcs["load"]].Input; !strings.Contains(got, "io.ReadAll") {
		t.Errorf("load: Input = %q", got)
	}
	if got := sums[funcs["wrap"]].Holds; len(got) != 1 || got[0] != (size.Held{Param: 0, Field: 0}) {
		t.Errorf("wrap: Holds = %v", got)
	}
	if got := sums[funcs["same"]].Holds; len(got) != 1 || got[0] != (size.Held{Param: 0, Field: -1}) {
		t.Errorf("same: Holds = %v", got)
	}
	m.Reset()
	ret := func(name string) ssa.Value {
		for _, b := range funcs[name].Blocks {
			if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				return r.Results[0]
			}
		}
		return nil
	}
	if s := m.Of(ret("use")); !s.Input {
		t.Errorf("use: %+v, want input-sized through load's summary", s)
	}
	if s := m.Of(ret("boxed")); !s.Input || s.Field != 0 || !strings.Contains(s.What, "in field B") {
		t.Errorf("boxed: %+v, want input-sized in field B", s)
	}
	if s := m.Of(ret("small")); s.Large() {
		t.Errorf("small: %+v, want Unknown", s)
	}
}

func TestShortSlice(t *testing.T) {
	_, res := ssatest.Build(t, `package p
func f(b []byte, n int) ([]byte, []byte, []byte, []byte, []int64) {
	return b[:16], b[4:20], b[:n], b[:1<<20], nil
}
func g(b []int64) []int64 { return b[:16] }
`)
	m := size.New(size.Config{Pkg: res.Pkg.Pkg, Threshold: 64 << 10})
	var slices []*ssa.Slice
	for _, fn := range res.SrcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if s, ok := instr.(*ssa.Slice); ok {
					slices = append(slices, s)
				}
			}
		}
	}
	want := []struct {
		n     int64
		short bool
	}{{16, true}, {16, true}, {0, false}, {0, false}, {128, true}}
	if len(slices) != len(want) {
		t.Fatalf("%d slices, want %d", len(slices), len(want))
	}
	for i, w := range want {
		n, ok := m.ShortSlice(slices[i])
		if n != w.n || ok != w.short {
			t.Errorf("%s: ShortSlice = %d, %v; want %d, %v", slices[i], n, ok, w.n, w.short)
		}
	}
}

func TestHuman(t *testing.T) {
	for n, want := range map[int64]string{512: "512 bytes", 65536: "64 KiB", 1 << 20: "1 MiB", 1<<20 + 1<<10: "1025 KiB", 1 << 30: "1 GiB"} {
		if got := size.Human(n); got != want {
			t.Errorf("Human(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestCursor checks which calls step through input, by type information.
func TestCursor(t *testing.T) {
	_, res := ssatest.Build(t, `package p

import (
	"bufio"
	"encoding/csv"
	"io"
	"os"
	"strings"
)

type myReader struct{}

func (myReader) Read(p []byte) (int, error) { return 0, io.EOF }

type notReader struct{}

func (notReader) Read(p []byte) int { return 0 }

func f(r io.Reader, f *os.File, c *csv.Reader, b *bufio.Reader, m myReader, n notReader, s *strings.Reader) {
	r.Read(nil)
	f.Read(nil)
	c.Read()
	b.ReadString('\n')
	m.Read(nil)
	n.Read(nil)
	s.Len()
}
`)
	var got []string
	for _, fn := range res.SrcFuncs {
		if fn.Name() != "f" {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if ci, ok := instr.(ssa.CallInstruction); ok {
					got = append(got, size.Cursor(ci.Common()))
				}
			}
		}
	}
	want := []string{"Read", "Read", "(*csv.Reader).Read", "(*bufio.Reader).ReadString", "Read", "", ""}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Cursor = %q, want %q", got, want)
	}
}

// TestAccumulatedIn checks that an append counts only on a cycle through
// the cursor: in a nested loop, not after the loop.
func TestAccumulatedIn(t *testing.T) {
	_, res := ssatest.Build(t, `package p

import "bufio"

func f(sc *bufio.Scanner, cols []string) ([]string, []string) {
	var in, after []string
	for sc.Scan() {
		for _, c := range cols {
			in = append(in, c)
		}
	}
	after = append(after, "end")
	return in, after
}
`)
	m := size.New(size.Config{Pkg: res.Pkg.Pkg})
	var got []string
	for _, b := range res.SrcFuncs[0].Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok && c.Call.Value.Name() == "append" {
				got = append(got, m.AccumulatedIn(c))
			}
		}
	}
	sort.Strings(got)
	if strings.Join(got, ",") != ",(*bufio.Scanner).Scan" {
		t.Errorf("AccumulatedIn = %q", got)
	}
}
