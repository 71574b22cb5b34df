package ssaq

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// ParamRoot returns the parameter whose object x is, or is a field of
// (through field addresses and loads of them, p.f.g), else nil. Summaries
// use it to say "stored into what parameter i points to": whether that
// object lives long is the caller's to judge.
func ParamRoot(x ssa.Value) *ssa.Parameter {
	for depth := 0; depth < 6; depth++ {
		switch v := Unwrap(x).(type) {
		case *ssa.Parameter:
			return v
		case *ssa.FieldAddr:
			x = v.X
		case *ssa.UnOp:
			if v.Op != token.MUL {
				return nil
			}
			x = v.X
		default:
			return nil
		}
	}
	return nil
}
