// Verdicts on the package's candidates and on calls of other packages'
// growers, and the diagnostics that say so.

package globalgrowth

import (
	"fmt"
	"go/token"

	"github.com/leakvet/leakvet/internal/lifetime"
	"github.com/leakvet/leakvet/internal/ssaq"
	goanalysis "golang.org/x/tools/go/analysis"
)

// words holds how messages speak of each kind of collection.
var words = map[kind]struct {
	name, grows, grow, growsInto, unbounded, fix string
}{
	mapColl:     {"map", "adds entries", "add entries", "adds entries to", "nothing deletes them", "evict entries or bound the map"},
	sliceColl:   {"slice", "appends to it", "append to it", "appends to", "nothing truncates or resets it", "trim or reset the slice, or bound its length"},
	syncMapColl: {"sync.Map", "stores entries", "store entries", "stores entries in", "nothing deletes them", "delete entries or bound the map"},
	listColl:    {"list", "pushes elements", "push elements", "pushes elements onto", "nothing removes them", "remove elements or bound the list"},
}

func kindByName(name string) kind {
	for k, w := range words {
		if w.name == name {
			return k
		}
	}
	return notColl
}

// checkGlobals reports the candidates that grow in repeated code with no
// evidence of a bound, and returns the unbounded ones (for facts).
func (a *analysis) checkGlobals(cands []candidate) map[coll]candidate {
	if len(cands) == 0 {
		return nil
	}
	byColl := make(map[coll]*candidate, len(cands))
	for i := range cands {
		byColl[cands[i].c] = &cands[i]
	}
	type state struct {
		escaped  bool
		resets   []effect // bounds that empty or replace the whole collection
		removes  []effect // bounds that delete single entries
		grows    []growth
		deferred []growth
	}
	states := make(map[coll]*state, len(cands))
	for _, c := range cands {
		states[c.c] = &state{}
	}
	a.verdicts = make(map[growthAt]growth)
	for _, fn := range a.funcs {
		for _, e := range a.effects[fn] {
			if !e.c.ok() {
				continue
			}
			targets := []coll{e.c}
			if e.c.field == allFields {
				targets = targets[:0]
				for c := range states {
					if c.root == e.c.root {
						targets = append(targets, c)
					}
				}
			}
			for _, t := range targets {
				st := states[t]
				if st == nil {
					continue
				}
				switch e.kind {
				case bound:
					if ctx := a.life.At(e.instr); !(ctx.Runs == lifetime.Once && ctx.InitTime) {
						if e.perKey {
							st.removes = append(st.removes, e)
						} else {
							st.resets = append(st.resets, e)
						}
					}
				case escape:
					st.escaped = true
				case grow:
					if e.guarded || a.inTest[fn] {
						continue
					}
					g := a.classify(byColl[t], fn, e)
					switch {
					case g.origin.kind.bounded():
					case g.deferred:
						st.deferred = append(st.deferred, g)
					default:
						st.grows = append(st.grows, g)
					}
				}
			}
		}
	}
	unbounded := make(map[coll]candidate)
	for _, cand := range cands {
		st := states[cand.c]
		if st.escaped || len(st.resets) > 0 || a.report.Suppressed(cand.v.Pos()) {
			continue
		}
		// A remover bounds keys that repeat. Keys new on every request
		// stay for good unless the request's own path removes them.
		grows := st.grows
		if len(st.removes) > 0 {
			grows = nil
			for _, g := range st.grows {
				if g.origin.kind == keyUnique && !a.removedOnPath(g, st.removes) {
					grows = append(grows, g)
				}
			}
			st.deferred = nil
		}
		if len(grows) == 0 && len(st.deferred) == 0 {
			continue
		}
		unbounded[cand.c] = cand
		for _, g := range append(grows, st.deferred...) {
			a.verdicts[growthAt{g.e.instr, cand.c}] = g
		}
		var repeated []growth
		for _, g := range grows {
			if ctx := a.life.At(g.e.instr); ctx.Runs == lifetime.Repeatedly {
				g.why = ctx.Why
				repeated = append(repeated, g)
			}
		}
		if len(repeated) == 0 {
			continue
		}
		a.reportGlobal(cand, repeated, st.removes)
	}
	return unbounded
}

func (a *analysis) reportGlobal(cand candidate, grows []growth, removes []effect) {
	w := words[cand.kind]
	var names []string
	seen := make(map[string]bool)
	var related []goanalysis.RelatedInformation
	keyed := ""
	for _, g := range grows {
		name := ssaq.Name(g.e.instr.Parent())
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		if keyed == "" && g.e.key != nil {
			keyed = ", " + keyedBy(g.e.key, g.origin)
		}
		if len(related) < 8 && g.e.instr.Pos().IsValid() {
			related = append(related, goanalysis.RelatedInformation{
				Pos:     g.e.instr.Pos(),
				Message: fmt.Sprintf("%s grows here, %s", cand.name, g.why),
			})
		}
	}
	who, verb := names[0], w.grows
	switch len(names) {
	case 1:
	case 2:
		who, verb = names[0]+" and "+names[1], w.grow
	default:
		who, verb = fmt.Sprintf("%s, %s and %d more", names[0], names[1], len(names)-2), w.grow
	}
	unbounded := w.unbounded
	if len(removes) > 0 {
		// Only keys new on every request are left: say who could remove them.
		r := removes[0]
		unbounded = fmt.Sprintf("only %s removes them, which nothing on the request's path calls", ssaq.Name(r.instr.Parent()))
		if r.instr.Pos().IsValid() {
			related = append(related, goanalysis.RelatedInformation{
				Pos:     r.instr.Pos(),
				Message: fmt.Sprintf("%s removes entries here, off the path that adds them", ssaq.Name(r.instr.Parent())),
			})
		}
	}
	a.report.Report(goanalysis.Diagnostic{
		Pos:      cand.v.Pos(),
		End:      cand.v.Pos() + token.Pos(len(cand.v.Name())),
		Category: "unbounded-global",
		Message: fmt.Sprintf("package-level %s %q grows without bound: %s %s and %s%s; %s",
			w.name, cand.name, who, verb, unbounded, keyed, w.fix),
		Related: related,
	})
}

// checkImportedGrowers reports calls, in repeated code, to other packages'
// functions that grow their package's unbounded collections.
func (a *analysis) checkImportedGrowers() {
	for _, fn := range a.funcs {
		if a.inTest[fn] {
			continue
		}
		reported := make(map[string]bool) // per call and collection
		for _, e := range a.effects[fn] {
			if e.viaFact == nil {
				continue
			}
			ctx := a.life.At(e.instr)
			if ctx.Runs != lifetime.Repeatedly {
				continue
			}
			g := e.viaFact
			keyed := ""
			if g.KeyParam >= 0 {
				if e.key == nil {
					continue
				}
				// The callee adds an entry only for a new key: the
				// argument decides.
				o := a.keyOrigin(e.key)
				if o.kind.bounded() {
					continue
				}
				keyed = ", " + keyedBy(e.key, o)
			}
			id := fmt.Sprint(e.instr.Pos(), g.PkgPath, g.Name)
			if reported[id] {
				continue
			}
			reported[id] = true
			w := words[kindByName(g.Kind)]
			a.report.Report(goanalysis.Diagnostic{
				Pos:      e.instr.Pos(),
				Category: "unbounded-global-call",
				Message: fmt.Sprintf("%s %s package-level %s %q of package %s%s, where %s, and runs here repeatedly (%s); bound the %s in %s or call it once",
					ssaq.CalleeName(e.via, a.pass.Pkg), w.growsInto, w.name, g.Name, g.PkgName, keyed,
					w.unbounded, ctx.Why, w.name, g.PkgName),
			})
		}
	}
}
