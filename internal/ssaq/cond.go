package ssaq

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// StripNot returns v without its ! operators, and whether there was an odd
// number of them.
func StripNot(v ssa.Value) (ssa.Value, bool) {
	neg := false
	for {
		u, ok := v.(*ssa.UnOp)
		if !ok || u.Op != token.NOT {
			return v, neg
		}
		neg, v = !neg, u.X
	}
}

// MirrorOp returns the comparison that holds for (y, x) when op holds for
// (x, y): < becomes >, <= becomes >=; == and != stay.
func MirrorOp(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// NegateOp returns the comparison that holds when op does not: == and !=,
// < and >=, > and <=.
func NegateOp(op token.Token) token.Token {
	switch op {
	case token.EQL:
		return token.NEQ
	case token.NEQ:
		return token.EQL
	case token.LSS:
		return token.GEQ
	case token.GEQ:
		return token.LSS
	case token.GTR:
		return token.LEQ
	case token.LEQ:
		return token.GTR
	}
	return op
}
