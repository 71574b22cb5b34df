package b

func leak() int { return 0 }

// A trailing directive covers only its own line, even when the next line
// starts a spec or a declaration.
var (
	first  = leak() //nolint:leakvet
	second = leak() // want "leak call"
)

var x = leak() //nolint:leakvet
func after() {
	leak() // want "leak call"
}
