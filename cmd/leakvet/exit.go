package main

// Exit codes of a standalone run (documented in the README):
//
//	0  no findings (or -json, -sarif, -fix, -write-baseline output written)
//	1  some packages failed to load, type-check or analyse (the others are
//	   still reported), or go vet could not be run
//	2  bad command line: flag, flag value, -format, baseline or output path
//	3  findings (text output, after any -baseline)

import (
	"errors"
	"fmt"
	"io"
)

const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitFindings = 3
)

// exitError carries an exit code and an optional one-line message.
type exitError struct {
	code int
	err  error // nil: nothing more to say
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit code %d", e.code)
	}
	return e.err.Error()
}

func usageError(err error) error { return &exitError{exitUsage, err} }
func failure(err error) error    { return &exitError{exitFailure, err} }

// exitCode prints err's message, if any, as one line and returns its code.
func exitCode(progname string, stderr io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if !errors.As(err, &ee) {
		ee = &exitError{exitFailure, err}
	}
	if ee.err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", progname, ee.err)
	}
	return ee.code
}
