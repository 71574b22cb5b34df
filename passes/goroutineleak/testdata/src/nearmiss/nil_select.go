package nearmiss

// LogLine is one line read from a container's stdout or stderr.
type LogLine struct {
	Stream string
	Text   string
}

// MergeStreams models the nil-channel idiom: a drained input is set to nil to
// disable its select case, and the goroutine exits once both are nil.
func MergeStreams(stdout, stderr <-chan string) <-chan LogLine { // want MergeStreams:"feeds\\(many\\)"
	merged := make(chan LogLine)
	go func() {
		defer close(merged)
		for stdout != nil || stderr != nil {
			select {
			case text, ok := <-stdout:
				if !ok {
					stdout = nil
					continue
				}
				merged <- LogLine{Stream: "stdout", Text: text}
			case text, ok := <-stderr:
				if !ok {
					stderr = nil
					continue
				}
				merged <- LogLine{Stream: "stderr", Text: text}
			}
		}
	}()
	return merged
}
