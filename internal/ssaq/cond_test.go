package ssaq

import (
	"go/token"
	"testing"
)

func TestOps(t *testing.T) {
	for _, tc := range []struct{ op, mirror, negate token.Token }{
		{token.EQL, token.EQL, token.NEQ},
		{token.NEQ, token.NEQ, token.EQL},
		{token.LSS, token.GTR, token.GEQ},
		{token.LEQ, token.GEQ, token.GTR},
		{token.GTR, token.LSS, token.LEQ},
		{token.GEQ, token.LEQ, token.LSS},
	} {
		if got := MirrorOp(tc.op); got != tc.mirror {
			t.Errorf("MirrorOp(%s) = %s, want %s", tc.op, got, tc.mirror)
		}
		if got := NegateOp(tc.op); got != tc.negate {
			t.Errorf("NegateOp(%s) = %s, want %s", tc.op, got, tc.negate)
		}
		if got := NegateOp(NegateOp(tc.op)); got != tc.op {
			t.Errorf("NegateOp twice of %s = %s", tc.op, got)
		}
	}
}
