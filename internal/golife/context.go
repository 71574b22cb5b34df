package golife

import (
	"fmt"

	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/ssa"
)

// This file classifies when a context's Done channel closes.

// ctxSignal classifies when a context's Done channel closes.
func (in *Info) ctxSignal(ctx ssa.Value, fr frame, depth int) (Signal, string) {
	vals, ok := in.resolve(ctx, fr, depth)
	if !ok || len(vals) == 0 {
		return PerCall, ""
	}
	var s Signal
	var why string
	for i, fv := range vals {
		t, whyT := in.ctxOrigin(fv.v, fv.fr, depth)
		if i == 0 {
			s, why = t, whyT
		} else {
			s, why = join(s, why, t, whyT)
		}
	}
	return s, why
}

func (in *Info) ctxOrigin(v ssa.Value, fr frame, depth int) (Signal, string) {
	if depth > maxDepth {
		return PerCall, ""
	}
	switch x := v.(type) {
	case *ssa.Call:
		fn := ssaq.Callee(&x.Call)
		switch {
		case ssaq.IsFunc(fn, "context", "Background"), ssaq.IsFunc(fn, "context", "TODO"):
			return Never, "the context comes from context." + fn.Name() + "(), whose Done never closes"
		case ssaq.IsFunc(fn, "context", "WithValue"):
			return in.ctxSignal(x.Call.Args[0], fr, depth+1)
		case ssaq.IsFunc(fn, "context", "WithoutCancel"):
			return Never, "the context comes from context.WithoutCancel, whose Done never closes"
		}
	case *ssa.Extract:
		call, ok := x.Tuple.(*ssa.Call)
		if !ok || x.Index != 0 {
			break
		}
		fn := ssaq.Callee(&call.Call)
		if !ssaq.IsFunc(fn, "context", "WithCancel") && !ssaq.IsFunc(fn, "context", "WithCancelCause") {
			break // WithTimeout, WithDeadline: the deadline fires
		}
		switch cancelUse(call) {
		case cancelCalled:
			return PerCall, ""
		case cancelInField:
			return Owner, "its cancel func is kept in a field, called when the owner shuts down"
		}
		s, why := in.ctxSignal(call.Call.Args[0], fr, depth+1)
		if s > PerCall {
			why = "its cancel func is never called and " + why
		}
		return s, why
	case *ssa.UnOp:
		if f, ok := ssaq.LoadedField(x); ok {
			return Owner, fmt.Sprintf("the context in field %s lives as long as its owner", fieldName(f))
		}
	}
	return PerCall, ""
}

type cancelHow uint8

const (
	cancelNever cancelHow = iota
	cancelCalled
	cancelInField
)

// cancelUse says what becomes of the cancel func of a WithCancel call.
func cancelUse(call *ssa.Call) cancelHow {
	if call.Referrers() == nil {
		return cancelNever
	}
	how := cancelNever
	for _, r := range *call.Referrers() {
		ext, ok := r.(*ssa.Extract)
		if !ok || ext.Index != 1 {
			continue
		}
		for _, e := range ssaq.Escapes(ext) {
			if e.Kind == ssaq.ToField {
				how = max(how, cancelInField)
				continue
			}
			return cancelCalled // called, deferred, captured, returned, handed on
		}
		if ext.Referrers() != nil {
			for _, u := range *ext.Referrers() {
				if c, ok := u.(ssa.CallInstruction); ok && c.Common().Value == ext {
					return cancelCalled
				}
			}
		}
	}
	return how
}
