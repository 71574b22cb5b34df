package a

// ExportedForTest is declared by a test file of package a: go vet
// recompiles what a's external test imports (c, and b under it) against
// a's test variant. This file imports nothing, so the test variant
// changes a's types (one more function) and nothing else: b's facts file
// in the variant is byte for byte b's.
func ExportedForTest(ch chan<- int) { Send(ch, 0) }
