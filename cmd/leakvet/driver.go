package main

// The standalone driver: parse the command line (flags.go), run the suite
// through go vet (govet.go), then filter, fix and print what came back
// (output.go), and turn the outcome into an exit code (exit.go).

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// standalone runs "leakvet [flags] [packages]" and returns the exit code.
func standalone(progname string, all []*analysis.Analyzer, args []string, stdout, stderr io.Writer) int {
	return exitCode(progname, stderr, run(progname, all, args, stdout, stderr))
}

func run(progname string, all []*analysis.Analyzer, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(progname, all, args)
	if errors.Is(err, flag.ErrHelp) {
		printUsage(stdout, progname, all)
		return nil
	}
	if err != nil {
		if strings.HasPrefix(err.Error(), "flag provided but not defined") {
			err = fmt.Errorf("%v (run '%s help' for the checks and flags)", err, progname)
		}
		return usageError(err)
	}
	if o.dir != "" {
		if err := os.Chdir(o.dir); err != nil {
			return usageError(fmt.Errorf("-C: %v", err))
		}
	}
	out, err := openOutputs(o, stdout)
	if err != nil {
		return err
	}
	defer out.close()
	gocmd, err := goCommand()
	if err != nil {
		return failure(err)
	}
	tool, err := selfPath()
	if err != nil {
		return failure(err)
	}
	rep, err := runVet(gocmd, tool, o)
	if err != nil {
		return failure(err)
	}
	for _, m := range rep.messages {
		fmt.Fprintln(stderr, m)
	}
	return report(progname, o, out, prepare(rep.findings, o.tests), rep.failed, stdout, stderr)
}
