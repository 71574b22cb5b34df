package a

func leak() int { return 0 }

func unsuppressed() {
	leak() // want "globalgrowth: leak call"
}

func trailingLeakvet() {
	leak() //nolint:leakvet
}

func ownLineAbove() {
	//nolint:globalgrowth
	leak()
}

func ownLineAboveOnlyNextLine() {
	//nolint:globalgrowth
	leak()
	leak() // want "leak call"
}

func bareTrailing() {
	leak() //nolint
}

func bareAbove() {
	//nolint
	leak()
}

func bareWithReason() {
	leak() //nolint // reason
}

func otherCheckTrailing() {
	leak() //nolint:tickerstop // want "leak call"
}

func otherCheckAbove() {
	//nolint:tickerstop
	leak() // want "leak call"
}

func trailingWithReason() {
	leak() //nolint:leakvet // some reason
}

func listOfChecks() {
	leak() //nolint:tickerstop,globalgrowth
}

func emptyList() {
	leak() //nolint: // want "leak call"
}

func previousLineTrailing() {
	x := 1 //nolint:leakvet
	leak() // want "leak call"
	_ = x
}

func previousLineTrailingCall() {
	leak() //nolint:leakvet
	leak() // want "leak call"
}

func blockComment() {
	leak() /*nolint:leakvet*/ // want "leak call"
}

// docDirective has the directive in its doc comment: it covers the body.
//
//nolint:globalgrowth
func docDirective() {
	leak()
	if leak() > 0 {
		leak()
	}
	func() { leak() }()
}

func afterDocDirective() {
	leak() // want "leak call"
}

// docOtherCheck names another check in its doc comment.
//
//nolint:tickerstop
func docOtherCheck() {
	leak() // want "leak call"
}

func firstLineTrailing() { //nolint:leakvet
	leak()
	leak()
}

//nolint:leakvet
var single = leak()

var unsuppressedVar = leak() // want "leak call"

var (
	//nolint:leakvet
	suppressedSpec = leak()

	keptSpec = leak() // want "leak call"

	//nolint:globalgrowth
	multiLineSpec = []int{
		leak(),
		leak(),
	}

	keptMultiLine = []int{
		leak(), // want "leak call"
	}
)

//nolint:globalgrowth
var (
	wholeBlock1 = leak()
	wholeBlock2 = leak()
)

func ignoreWithReason() {
	//leakvet:ignore globalgrowth the map is bounded by the config
	leak()
}

func ignoreTrailing() {
	leak() //leakvet:ignore globalgrowth bounded by config
}

func ignoreLeakvet() {
	//leakvet:ignore leakvet fixed set of keys
	leak()
}

func ignoreList() {
	//leakvet:ignore tickerstop,globalgrowth both are fine here
	leak()
}

func ignoreNoReason() {
	// want +1 "leakvet:ignore needs a reason"
	//leakvet:ignore globalgrowth
	leak() // want "leak call"
}

func ignoreLeakvetNoReason() {
	// want +1 "leakvet:ignore needs a reason"
	//leakvet:ignore leakvet
	leak() // want "leak call"
}

func ignoreUnknown() {
	// want +1 "leakvet:ignore names no known check"
	//leakvet:ignore nosuchcheck some reason
	leak() // want "leak call"
}

func ignoreBare() {
	// want +1 "leakvet:ignore names no known check"
	//leakvet:ignore
	leak() // want "leak call"
}

func ignoreOtherCheck() {
	//leakvet:ignore tickerstop the ticker lives as long as the process
	leak() // want "leak call"
}

// A missing reason on another check's directive is that check's to report.
func ignoreOtherCheckNoReason() {
	//leakvet:ignore tickerstop
	leak() // want "leak call"
}

func ignoreWithSpace() {
	// leakvet:ignore globalgrowth not a directive with a space
	leak() // want "leak call"
}

// docIgnore is ignored through its doc comment.
//
//leakvet:ignore globalgrowth every entry is removed in Close
func docIgnore() {
	leak()
	leak()
}
