package main

import "testing"

func TestUnifiedDiff(t *testing.T) {
	a := "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n"
	b := "1\n2\n3\nfour\n5\n6\n7\n8\n9\n10\n11\n12\n13\n14\n15\n16\n16a\n17\n18\n19\n20"
	want := `--- a
+++ b
@@ -1,7 +1,7 @@
 1
 2
 3
-4
+four
 5
 6
 7
@@ -14,7 +14,8 @@
 14
 15
 16
+16a
 17
 18
 19
-20
+20
\ No newline at end of file
`
	if got := unifiedDiff("a", "b", a, b); got != want {
		t.Errorf("unifiedDiff:\n%s\nwant:\n%s", got, want)
	}
	if got := unifiedDiff("a", "b", a, a); got != "" {
		t.Errorf("equal inputs: %q", got)
	}
}

func TestAddEdit(t *testing.T) {
	var edits []jsonEdit
	ok := func(e jsonEdit) bool {
		var accepted bool
		if next, good := addEdit(edits, e); good {
			edits, accepted = next, true
		}
		return accepted
	}
	for _, tt := range []struct {
		e    jsonEdit
		want bool
	}{
		{jsonEdit{"f", 10, 20, "x"}, true},
		{jsonEdit{"f", 10, 20, "x"}, true},  // identical: once
		{jsonEdit{"f", 15, 25, "y"}, false}, // overlaps
		{jsonEdit{"f", 0, 0, "a"}, true},    // insertion before
		{jsonEdit{"f", 0, 0, "b"}, false},   // another insertion at the same offset
		{jsonEdit{"f", 20, 22, "z"}, true},  // adjacent
	} {
		if got := ok(tt.e); got != tt.want {
			t.Errorf("addEdit(%v) = %v, want %v", tt.e, got, tt.want)
		}
	}
	if got := string(applyEdits([]byte("0123456789abcdefghijklmnop"), edits)); got != "a0123456789xzmnop" {
		t.Errorf("applyEdits: %q", got)
	}
}
