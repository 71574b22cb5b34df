package goroutineleak_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/leakvet/leakvet/passes/goroutineleak"
	"golang.org/x/tools/go/analysis/analysistest"
)

// caseClasses are the reported inputs of ../shared/cases/goroutineleak,
// copied to testdata/src/cases/<class>/{leak,ok}: each leak package carries
// the `// want` of its findings, each ok package must stay silent.
var caseClasses = []string{
	"empty_select_cases",
	"field_channel_no_receiver",
	"actor_stopped",
	"cancel_in_field_never_called",
	"double_lock",
	"reentrant_lock_callee",
	"nested_field_mutex",
	"waitgroup_bulk_add",
	"cond_wait_in_callee",
	"maker_blocks_itself",
	"buffered_one_slot_loop",
	"sibling_consumer_exits",
	"fed_channel_with_error",
	"func_value_worker",
	"lock_held_on_entry",
	"same_guard_lock_unlock",
	"rangefunc_body_unlock",
	"lock_handed_to_result",
	"unlock_via_closure",
	"ticker_range_waitgroup",
	"main_return",
	"guarded_overflow_send",
	"self_close_then_drain",
	"handshake_before_return",
	"counter_balanced_locks",
}

// pendingCases are the packages ("<class>/leak" or "<class>/ok") the
// analyzer does not yet get right. TestCases checks that each of them still
// fails, so a fix must move it out of this list.
var pendingCases = []string{}

// TestVariants runs the variants written for each case class (other
// names, nesting, helpers, methods, generic types) and their near-misses.
func TestVariants(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), goroutineleak.Analyzer, "variants")
}

// recorder collects analysistest's complaints instead of failing.
type recorder struct{ errs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

// TestCases runs every case package in one analysistest load (one load is
// much cheaper than fifty) and attributes each complaint to its package by
// the file path it names.
func TestCases(t *testing.T) {
	var pkgs []string
	for _, class := range caseClasses {
		pkgs = append(pkgs, "cases/"+class+"/leak", "cases/"+class+"/ok")
	}
	var r recorder
	analysistest.Run(&r, analysistest.TestData(), goroutineleak.Analyzer, pkgs...)
	failing := make(map[string][]string)
	for _, e := range r.errs {
		pkg := "?"
		for _, p := range pkgs {
			if strings.Contains(e, p+"/") {
				pkg = strings.TrimPrefix(p, "cases/")
			}
		}
		failing[pkg] = append(failing[pkg], e)
	}
	for _, p := range pkgs {
		p = strings.TrimPrefix(p, "cases/")
		switch errs, pending := failing[p], slices.Contains(pendingCases, p); {
		case pending && len(errs) == 0:
			t.Errorf("%s is listed as pending but now behaves as labelled: remove it from pendingCases", p)
		case !pending:
			for _, e := range errs {
				t.Errorf("%s: %s", p, e)
			}
		}
	}
	for _, e := range failing["?"] {
		t.Error(e)
	}
}
