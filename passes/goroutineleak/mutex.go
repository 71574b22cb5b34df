package goroutineleak

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"github.com/leakvet/leakvet/internal/blocking"
	"github.com/leakvet/leakvet/internal/ssaq"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// checkLocks reports the lock findings of the blocking model's lock
// dataflow over fn: a Lock of a mutex the path already holds, a call made
// with a mutex held of a function that locks it again, and a Lock that a
// return leaves held while another path releases it (the next Lock blocks
// forever).
func (c *checker) checkLocks(fn *ssa.Function) {
	if c.model == nil {
		c.model = blocking.New(c.pkg)
	}
	for _, ev := range c.model.Locks(fn) {
		read := strings.HasSuffix(string(ev.Lock), "#r")
		lock, unlock := "Lock", "Unlock"
		if read {
			lock, unlock = "RLock", "RUnlock"
		}
		switch ev.Kind {
		case blocking.DoubleLock:
			name := c.lockName(ev.Instr)
			unlock := unlock
			if h := string(ev.HeldLock); h != "" && h != string(ev.Lock) {
				// The other mode of an RWMutex is held: release that.
				unlock = "Unlock"
				if strings.HasSuffix(h, "#r") {
					unlock = "RUnlock"
				}
			}
			c.diag(analysis.Diagnostic{
				Pos:      ev.Pos,
				Category: "mutex-double-lock",
				Message: fmt.Sprintf("mutex %q is locked again while already held on this path, so %s blocks forever; %s it before locking again",
					name, ssaq.Name(fn), unlock),
				Related: []analysis.RelatedInformation{related(ev.Held, "%s acquired here", name)},
			})
		case blocking.Reentrant:
			name := c.exprAt(ev.Inner, -1) // as the callee writes it
			if name == "" {
				name = "mutex"
			}
			c.diag(analysis.Diagnostic{
				Pos:      ev.Pos,
				Category: "mutex-double-lock",
				Message: fmt.Sprintf("%s calls %s, which locks %q again while it is held here, so the call blocks forever (sync mutexes are not reentrant); call a variant that expects the lock held",
					ssaq.Name(fn), ssaq.Name(ev.Callee), name),
				Related: []analysis.RelatedInformation{
					related(ev.Held, "%s acquired here", name),
					related(ev.Inner, "%s locks it again here", ssaq.Name(ev.Callee)),
				},
			})
		case blocking.LeftHeld:
			if _, direct := ev.Instr.(*ssa.Call); direct {
				if op, _ := blocking.LockOp(ev.Instr.(*ssa.Call).Common()); op != "" {
					name := c.lockName(ev.Instr)
					c.diag(analysis.Diagnostic{
						Pos:      ev.Pos,
						Category: "mutex-left-locked",
						Message: fmt.Sprintf("mutex %q locked here stays locked when %s returns on another path, so the next %s blocks forever; %s before that return or defer %s.%s()",
							name, ssaq.Name(fn), lock, unlock, name, unlock),
						Related: []analysis.RelatedInformation{related(retPos(ev.Return), "returns here with %s held", name)},
					})
					continue
				}
			}
			// Acquired by a call (a Begin that hands its lock to the
			// result): report at the return that keeps it.
			what := c.callText(ev.Instr)
			c.diag(analysis.Diagnostic{
				Pos:      retPos(ev.Return),
				Category: "mutex-left-locked",
				Message: fmt.Sprintf("%s returns here with the lock held by %s, which another path releases, so the next %s blocks forever; release %s before this return, or defer its release",
					ssaq.Name(fn), what, lock, what),
				Related: []analysis.RelatedInformation{related(ev.Pos, "%s acquires the lock here", what)},
			})
		}
	}
}

// lockName is the source text of the mutex a Lock call locks ("c.inner.mu").
func (c *checker) lockName(instr ssa.Instruction) string {
	if name := c.exprAt(instr.Pos(), -1); name != "" {
		return name
	}
	return "mutex"
}

// callText names what an acquiring call's lock is held by: the variable
// its first result is assigned to ("tx"), else the call's source text.
func (c *checker) callText(instr ssa.Instruction) string {
	f := c.file(instr.Pos())
	if f == nil {
		return "the call's result"
	}
	path, _ := astutil.PathEnclosingInterval(f, instr.Pos(), instr.Pos())
	for i, n := range path {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) > 0 {
				return types.ExprString(n.Lhs[0])
			}
		case *ast.CallExpr:
			if i+1 < len(path) {
				if _, ok := path[i+1].(*ast.AssignStmt); ok {
					continue
				}
			}
			return types.ExprString(n)
		}
	}
	return "the call's result"
}
