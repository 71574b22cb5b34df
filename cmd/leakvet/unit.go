package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"

	"github.com/leakvet/leakvet/internal/factcache"
)

// childEnv marks a unit process started by runCachedUnit, which runs the
// unit itself.
const childEnv = "LEAKVET_UNIT_CHILD"

// runCachedUnit runs a go vet unit (u, its config; args, the command
// line ending in the config file) that only needs its facts (VetxOnly)
// through the facts cache (internal/factcache): when another unit with the
// same key stored its facts, they are copied to the unit's output and no
// analysis runs; otherwise the unit runs in a child process (unitchecker
// exits the process that runs it) and its facts are stored. ok is false
// when the unit is not facts-only or the cache cannot be used: the caller
// runs the unit itself. A cache that cannot be used is not an error:
// LEAKVET_DEBUG=1 says why on stderr, and says which units' facts were
// reused or stored.
func runCachedUnit(u *factcache.Unit, args []string) (code int, ok bool) {
	if os.Getenv(childEnv) != "" || u == nil || !u.VetxOnly || u.VetxOutput == "" {
		return 0, false
	}
	debug := func(what any) {
		if os.Getenv("LEAKVET_DEBUG") != "" {
			fmt.Fprintf(os.Stderr, "leakvet: facts cache: %s: %v\n", u.ImportPath, what)
		}
	}
	c, err := factcache.Open(factcache.Dir())
	if err != nil {
		if !errors.Is(err, factcache.ErrOff) {
			debug(err)
		}
		return 0, false
	}
	exe, err := os.Executable()
	if err != nil {
		debug(err)
		return 0, false
	}
	key, err := factcache.Key(u, exe, args[:len(args)-1])
	if err != nil {
		debug(err)
		return 0, false
	}
	if c.Get(key, u.VetxOutput) {
		debug("reused")
		return 0, true
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return exit.ExitCode(), true // not stored: the unit failed
	case err != nil:
		debug(err)
		return 0, false // could not start: run it here
	}
	if err := c.Put(key, u.VetxOutput); err != nil {
		debug(err)
	} else {
		debug("stored")
	}
	return 0, true
}
