package size

import (
	"fmt"
	"go/types"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// Accumulation: a slice grown by append once per item a cursor over input
// yields is as large as the input (lines of an upload, rows of a query,
// elements of a JSON stream, chunks of a read loop).

// cursors are the calls that step through input, one item per call, and
// end with it: a loop around one of them runs as often as the input has
// items.
var cursors = []struct{ pkg, recv, name string }{
	{"bufio", "Scanner", "Scan"},
	{"bufio", "Reader", "ReadString"},
	{"bufio", "Reader", "ReadBytes"},
	{"bufio", "Reader", "ReadLine"},
	{"bufio", "Reader", "ReadSlice"},
	{"bufio", "Reader", "ReadRune"},
	{"database/sql", "Rows", "Next"},
	{"encoding/json", "Decoder", "More"},
	{"encoding/json", "Decoder", "Token"},
	{"encoding/xml", "Decoder", "Token"},
	{"encoding/xml", "Decoder", "RawToken"},
	{"encoding/csv", "Reader", "Read"},
	{"io", "", "ReadFull"},
	{"io", "", "ReadAtLeast"},
}

// Cursor returns the name of the call ("(*bufio.Scanner).Scan", "Read")
// when call steps through input: a cursor of the catalogue, or a Read
// method with io.Reader's signature (static or through an interface).
func Cursor(call *ssa.CallCommon) string {
	if call.IsInvoke() {
		if isReadMethod(call.Method) {
			return "Read"
		}
		return ""
	}
	fn := ssaq.Callee(call)
	if fn == nil {
		return ""
	}
	for _, c := range cursors {
		if c.recv == "" && ssaq.IsFunc(fn, c.pkg, c.name) {
			return pathBase(c.pkg) + "." + c.name
		}
		if c.recv != "" && ssaq.IsMethod(fn, c.pkg, c.recv, c.name) {
			return "(*" + pathBase(c.pkg) + "." + c.recv + ")." + c.name
		}
	}
	if obj, ok := fn.Object().(*types.Func); ok && isReadMethod(obj) {
		return "Read"
	}
	return ""
}

// isReadMethod reports whether m is a method Read(p []byte) (n int, err
// error): io.Reader's contract.
func isReadMethod(m *types.Func) bool {
	if m == nil || m.Name() != "Read" {
		return false
	}
	sig := m.Signature()
	if sig.Recv() == nil || sig.Params().Len() != 1 || sig.Results().Len() != 2 {
		return false
	}
	p, ok := sig.Params().At(0).Type().Underlying().(*types.Slice)
	if !ok || !types.Identical(p.Elem(), types.Typ[types.Byte]) {
		return false
	}
	n, ok := sig.Results().At(0).Type().Underlying().(*types.Basic)
	return ok && n.Kind() == types.Int && types.Identical(sig.Results().At(1).Type(), types.Universe.Lookup("error").Type())
}

// cursorLoop is one cursor call in a loop of its function.
type cursorLoop struct {
	name  string
	block *ssa.BasicBlock
}

// cursorLoops returns the cursor calls of fn that lie on a loop.
func (m *Model) cursorLoops(fn *ssa.Function) []cursorLoop {
	if out, ok := m.loops[fn]; ok {
		return out
	}
	var out []cursorLoop
	in := m.loopBlocks(fn)
	for _, b := range fn.Blocks {
		if !in[b.Index] {
			continue
		}
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				if name := Cursor(ci.Common()); name != "" {
					out = append(out, cursorLoop{name, b})
				}
			}
		}
	}
	m.loops[fn] = out
	return out
}

// loopBlocks is ssaq.LoopBlocks, memoised per function.
func (m *Model) loopBlocks(fn *ssa.Function) []bool {
	if in, ok := m.inLoop[fn]; ok {
		return in
	}
	in := ssaq.LoopBlocks(fn)
	m.inLoop[fn] = in
	return in
}

// AccumulatedIn returns the name of the cursor whose loop runs instr once
// per item of input ("(*bufio.Scanner).Scan"), or "": instr and the cursor
// call lie on one cycle of the control-flow graph.
func (m *Model) AccumulatedIn(instr ssa.Instruction) string {
	b := instr.Block()
	if b == nil {
		return ""
	}
	fn := b.Parent()
	loops := m.cursorLoops(fn)
	if len(loops) == 0 {
		return ""
	}
	if in := m.loopBlocks(fn); b.Index >= len(in) || !in[b.Index] {
		return ""
	}
	for _, c := range loops {
		if ssaq.ReachesAvoiding(b, c.block, nil) && ssaq.ReachesAvoiding(c.block, b, nil) {
			return c.name
		}
	}
	return ""
}

// appendSize is the size of append(s, x...): input-sized when it runs
// once per item of a cursor over input; else as large as s, whose backing
// array it may share.
func (m *Model) appendSize(call *ssa.Call, depth int) Size {
	if name := m.AccumulatedIn(call); name != "" {
		return Size{Input: true, What: fmt.Sprintf("input-sized %s accumulated in a %s loop", m.TypeString(call.Type()), name), Field: -1}
	}
	if len(call.Call.Args) > 0 {
		if s := m.of(call.Call.Args[0], depth+1); s.Large() {
			return Size{Bytes: s.Bytes, Input: s.Input, What: s.What, Field: -1}
		}
	}
	return Unknown
}
