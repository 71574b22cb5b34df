package ssaq

import "golang.org/x/tools/go/ssa"

// EscapeKind says where a value goes that may outlive the current use.
type EscapeKind int

const (
	ToGlobal  EscapeKind = iota // stored in a package-level var
	ToField                     // stored through a pointer: a struct field or *p
	ToElement                   // stored in a slice, array or map element
	ToClosure                   // captured by a closure
	ToChannel                   // sent on a channel
	ToCall                      // passed as an argument (incl. go/defer and receivers)
	ToReturn                    // returned to the caller
)

func (k EscapeKind) String() string {
	return [...]string{"global", "field", "element", "closure", "channel", "call", "return"}[k]
}

// Escape is one place a value escapes to.
type Escape struct {
	Kind  EscapeKind
	Instr ssa.Instruction
	Call  *ssa.CallCommon // for ToCall
	Arg   int             // for ToCall: index into Call.Args (receiver of an invoke is -1)
}

// Escapes returns where v escapes, following value-preserving conversions,
// phis and local variables (captured or not). Uses that only read v (len,
// index, field load, comparison, ...) are not escapes.
func Escapes(v ssa.Value) []Escape {
	var out []Escape
	seen := make(map[ssa.Value]bool)
	var visit func(v ssa.Value)
	visit = func(v ssa.Value) {
		if seen[v] {
			return
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, instr := range *refs {
			switch u := instr.(type) {
			case *ssa.ChangeType, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.Phi, *ssa.Convert, *ssa.TypeAssert:
				visit(u.(ssa.Value))
			case *ssa.Store:
				if u.Val != v {
					continue
				}
				switch addr := u.Addr.(type) {
				case *ssa.Global:
					out = append(out, Escape{Kind: ToGlobal, Instr: u})
				case *ssa.Alloc:
					visitLocal(addr, &out, visit)
				case *ssa.IndexAddr:
					out = append(out, Escape{Kind: ToElement, Instr: u})
				default:
					out = append(out, Escape{Kind: ToField, Instr: u})
				}
			case *ssa.MapUpdate:
				if u.Key == v || u.Value == v {
					out = append(out, Escape{Kind: ToElement, Instr: u})
				}
			case *ssa.Send:
				if u.X == v {
					out = append(out, Escape{Kind: ToChannel, Instr: u})
				}
			case *ssa.MakeClosure:
				out = append(out, Escape{Kind: ToClosure, Instr: u})
			case *ssa.Return:
				out = append(out, Escape{Kind: ToReturn, Instr: u})
			case ssa.CallInstruction:
				call := u.Common()
				if call.IsInvoke() && call.Value == v {
					out = append(out, Escape{Kind: ToCall, Instr: u, Call: call, Arg: -1})
				}
				for i, a := range call.Args {
					if a == v {
						out = append(out, Escape{Kind: ToCall, Instr: u, Call: call, Arg: i})
					}
				}
			}
		}
	}
	visit(v)
	return out
}

// visitLocal follows a value stored in a local variable: its loads carry the
// value on, and a closure capturing the variable captures the value.
func visitLocal(alloc *ssa.Alloc, out *[]Escape, visit func(ssa.Value)) {
	refs := alloc.Referrers()
	if refs == nil {
		return
	}
	for _, instr := range *refs {
		switch u := instr.(type) {
		case *ssa.UnOp:
			visit(u)
		case *ssa.MakeClosure:
			*out = append(*out, Escape{Kind: ToClosure, Instr: u})
		case *ssa.Store:
			if u.Val == alloc { // the variable's address is stored somewhere
				*out = append(*out, Escape{Kind: ToField, Instr: u})
			}
		case *ssa.DebugRef:
		default:
			// The variable's address itself goes somewhere: treat as a field store.
			*out = append(*out, Escape{Kind: ToField, Instr: instr})
		}
	}
}
