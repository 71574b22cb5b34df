// Package hooks registers exit hooks and named reports in package-level
// registries.
package hooks

import (
	"bytes"
	"log"
	"os"
)

// Report is a rendered report; Raw is the whole source file.
type Report struct {
	Title string
	Rows  int
	Raw   []byte
}

var onExit []func()

var byName = map[string]func() string{}

var lastHook func()

func render(r *Report) {}

func titleOf(raw []byte) string {
	line, _, _ := bytes.Cut(raw, []byte("\n"))
	return string(line)
}

// POSITIVE: the exit hook keeps the whole report file to print its title.
func Publish(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rep := &Report{Title: titleOf(raw), Rows: bytes.Count(raw, []byte("\n")), Raw: raw}
	render(rep)
	onExit = append(onExit, func() { // want `closure stored in package-level slice "onExit" captures "rep" \(\*Report holding input-sized \[\]byte from os\.ReadFile in field Raw\) but uses only rep\.Title; copy the field into a local before the closure`
		log.Printf("published %s", rep.Title)
	})
	return nil
}

// POSITIVE: a registry map keeps each report for its row count and title.
func Register(name, path string) {
	raw, _ := os.ReadFile(path)
	rep := &Report{Title: titleOf(raw), Raw: raw}
	byName[name] = func() string { // want `closure stored in package-level map "byName" captures "rep" \(.*\) but uses only len\(rep\.Raw\) and rep\.Title; copy what it uses into locals before the closure`
		return rep.Title + ": " + string(rune(len(rep.Raw)))
	}
}

// POSITIVE: a package-level func var.
func SetLast(path string) {
	raw, _ := os.ReadFile(path)
	lastHook = func() { log.Print(raw[0]) } // want `closure stored in package-level var "lastHook" captures "raw" \(input-sized \[\]byte from os\.ReadFile\) but uses only raw\[0\]; copy the element`
}

// NEGATIVE: the small fields are copied first.
func PublishLight(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rep := &Report{Title: titleOf(raw), Raw: raw}
	title := rep.Title
	onExit = append(onExit, func() { log.Printf("published %s", title) })
	render(rep)
	return nil
}

// NEGATIVE: the hook archives the whole report.
func PublishArchived(path string) {
	raw, _ := os.ReadFile(path)
	rep := &Report{Title: titleOf(raw), Raw: raw}
	onExit = append(onExit, func() { render(rep) })
}

// Summary is small: capturing it whole costs nothing.
type Summary struct {
	Title string
	Rows  int
}

// NEGATIVE: a small struct.
func PublishSummary(s *Summary) { // want PublishSummary:"pins\\(0:s.Title\\)"
	onExit = append(onExit, func() { log.Print(s.Title) })
}

// NEGATIVE: the report is kept in a registry anyway; the hook adds nothing.
var reports []*Report

func Keep(path string) {
	raw, _ := os.ReadFile(path)
	rep := &Report{Title: titleOf(raw), Raw: raw}
	reports = append(reports, rep)
	onExit = append(onExit, func() { log.Print(rep.Title) })
}

// addRow counts a row of a live report.
func addRow(rep *Report) { rep.Rows++ }

// POSITIVE without a fix: Rows changes after the hook is registered, so
// hoisting it would change what the hook prints.
func Track(path string) {
	raw, _ := os.ReadFile(path)
	rep := &Report{Title: titleOf(raw), Raw: raw}
	onExit = append(onExit, func() { log.Print(rep.Rows) }) // want `closure stored in package-level slice "onExit" captures "rep" \(.*\) but uses only rep\.Rows; copy the field`
	addRow(rep)
}
