package c

func leak() int { return 0 }

func missingReason() {
	// want +1 "leakvet:ignore needs a reason"
	//leakvet:ignore tickerstop
	leak() // want "tickerstop: leak call"
}

func withReason() {
	//leakvet:ignore tickerstop the ticker is stopped by the caller
	leak()
}

// Only the first check (globalgrowth) reports unknown checks.
func unknownCheck() {
	//leakvet:ignore nosuchcheck some reason
	leak() // want "leak call"
}

// A directive for another check is that check's to report.
func otherCheckNoReason() {
	//leakvet:ignore globalgrowth
	leak() // want "leak call"
}

// "leakvet" without a reason is reported once, by the first check.
func leakvetNoReason() {
	//leakvet:ignore leakvet
	leak() // want "leak call"
}

// A list is reported by the first of its checks.
func listFirstOther() {
	//leakvet:ignore globalgrowth,tickerstop
	leak() // want "leak call"
}

func listFirstOurs() {
	// want +1 "leakvet:ignore needs a reason"
	//leakvet:ignore tickerstop,globalgrowth
	leak() // want "leak call"
}

func nolintOther() {
	leak() //nolint:globalgrowth // want "leak call"
}

func nolintOurs() {
	leak() //nolint:tickerstop
}
