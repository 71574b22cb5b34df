package ssaq

import (
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/go/ssa"
)

const escapeSrc = `package p

type T struct{ f int; next *T }

func (*T) M() {}

type I interface{ M() }

type S struct{ t *T }

var (
	G   *T
	GA  any
	GP  **T
	GS  []*T
)

func mk() *T
func use(*T)
func use2(int, *T)
func cond() bool

func toGlobal()          { v := mk(); G = v }
func toField(s *S)       { v := mk(); s.t = v }
func toDeref(pp **T)     { v := mk(); *pp = v }
func toSlice(xs []*T)    { v := mk(); xs[0] = v }
func toArray(a *[2]*T)   { v := mk(); a[1] = v }
func toMapValue(m map[int]*T) { v := mk(); m[1] = v }
func toMapKey(m map[*T]int)   { v := mk(); m[v] = 1 }
func toAppend()          { v := mk(); GS = append(GS, v) }
func toClosure() func() *T {
	v := mk()
	return func() *T { return v }
}
func toClosureVar() {
	v := mk()
	func() { v.f++; v = nil }()
}
func toChannel(ch chan *T) { v := mk(); ch <- v }
func toCall()              { v := mk(); use(v) }
func toCallSecondArg()     { v := mk(); use2(1, v) }
func toGo()                { v := mk(); go use(v) }
func toDefer()             { v := mk(); defer use(v) }
func toReceiver()          { v := mk(); v.M() }
func toInvoke()            { v := mk(); var i I = v; i.M() }
func toReturn() *T         { v := mk(); return v }
func viaPhi() {
	v := mk()
	x := v
	if cond() {
		x = nil
	}
	G = x
}
func viaInterface()   { v := mk(); var a any = v; GA = a }
func viaTypeAssert()  { v := mk(); var a any = v; G = a.(*T) }
func viaLocalVar() {
	v := mk()
	var x *T
	if cond() {
		x = v
	}
	G = x
}
func twice(ch chan *T) { v := mk(); G = v; ch <- v }
func readOnly() int {
	v := mk()
	if v == nil || v.next == nil {
		return 0
	}
	w := *v
	return v.f + w.f
}
func callsValue(f func() *T) { v := f(); _ = v.f }
func addrToGlobal() { v := mk(); GP = &v }
func addrToCall()   { v := mk(); p := &v; sink(p) }
func sink(**T)
`

func kindsOf(es []Escape) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Kind.String())
	}
	sort.Strings(out)
	return out
}

// mkValue returns the value of the only call to mk (or the func param) in fn.
func mkValue(t *testing.T, fn *ssa.Function) ssa.Value {
	t.Helper()
	cs := calls(fn, "mk")
	if len(cs) == 1 {
		return cs[0].(*ssa.Call)
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok {
				return c
			}
		}
	}
	t.Fatalf("no value in %s", fn.Name())
	return nil
}

func TestEscapes(t *testing.T) {
	t.Parallel()
	p := build(t, escapeSrc)
	tests := []struct {
		fn   string
		want string // space-separated sorted kinds; "" for none
		skip string
	}{
		{fn: "toGlobal", want: "global"},
		{fn: "toField", want: "field"},
		{fn: "toDeref", want: "field"},
		{fn: "toSlice", want: "element"},
		{fn: "toArray", want: "element"},
		{fn: "toMapValue", want: "element"},
		{fn: "toMapKey", want: "element"},
		{fn: "toAppend", want: "element"},
		{fn: "toClosure", want: "closure"},
		{fn: "toClosureVar", want: "closure"},
		{fn: "toChannel", want: "channel"},
		{fn: "toCall", want: "call"},
		{fn: "toCallSecondArg", want: "call"},
		{fn: "toGo", want: "call"},
		{fn: "toDefer", want: "call"},
		{fn: "toReceiver", want: "call"},
		{fn: "toInvoke", want: "call"},
		{fn: "toReturn", want: "return"},
		{fn: "viaPhi", want: "global"},
		{fn: "viaInterface", want: "global"},
		{fn: "viaTypeAssert", want: "global"},
		{fn: "viaLocalVar", want: "global"},
		{fn: "twice", want: "channel global"},
		{fn: "readOnly", want: ""},
		{fn: "callsValue", want: ""},
		// The address of the variable holding v goes to a call: the
		// variable's address is treated as a field store.
		{fn: "addrToCall", want: "field"},
		{fn: "addrToGlobal", want: "field"},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			fn := p.fn(t, tt.fn)
			v := mkValue(t, fn)
			es := Escapes(v)
			got := strings.Join(kindsOf(es), " ")
			if got != tt.want {
				if tt.skip != "" {
					t.Skip(tt.skip)
				}
				t.Fatalf("Escapes = [%s], want [%s]\n%s", got, tt.want, dump(fn))
			}
			if tt.skip != "" {
				t.Errorf("case marked %q now passes: drop the skip", tt.skip)
			}
			for _, e := range es {
				if e.Instr == nil || e.Instr.Parent() != fn && e.Instr.Parent().Parent() != fn {
					t.Errorf("escape %v has instruction %v outside %s", e.Kind, e.Instr, fn.Name())
				}
				if (e.Kind == ToCall) != (e.Call != nil) {
					t.Errorf("escape %v: Call = %v", e.Kind, e.Call)
				}
			}
		})
	}
}

func TestEscapesCallArg(t *testing.T) {
	t.Parallel()
	p := build(t, escapeSrc)
	tests := []struct {
		fn, callee string
		arg        int
	}{
		{"toCall", "use", 0},
		{"toCallSecondArg", "use2", 1},
		{"toGo", "use", 0},
		{"toDefer", "use", 0},
		{"toReceiver", "M", 0},
		{"toInvoke", "M", -1},
	}
	for _, tt := range tests {
		t.Run(tt.fn, func(t *testing.T) {
			fn := p.fn(t, tt.fn)
			es := Escapes(mkValue(t, fn))
			if len(es) != 1 {
				t.Fatalf("got %d escapes, want 1", len(es))
			}
			e := es[0]
			if e.Arg != tt.arg {
				t.Errorf("Arg = %d, want %d", e.Arg, tt.arg)
			}
			if got := calleeName(e.Call); got != tt.callee {
				t.Errorf("Call is to %q, want %q", got, tt.callee)
			}
			if e.Instr.(ssa.CallInstruction).Common() != e.Call {
				t.Errorf("Call is not the common part of Instr")
			}
		})
	}
}

func TestEscapeKindString(t *testing.T) {
	t.Parallel()
	want := map[EscapeKind]string{
		ToGlobal: "global", ToField: "field", ToElement: "element", ToClosure: "closure",
		ToChannel: "channel", ToCall: "call", ToReturn: "return",
	}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), s)
		}
	}
}
