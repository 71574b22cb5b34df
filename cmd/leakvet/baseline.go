package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
)

// A baseline records accepted findings so that an existing codebase can
// adopt leakvet and fail only on new ones. Entries match on check, file,
// enclosing function and message, never on line numbers, so edits that
// move code do not invalidate them.
type baseline struct {
	Version  int             `json:"version"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Check    string `json:"check"`
	File     string `json:"file"`
	Function string `json:"function,omitempty"`
	Message  string `json:"message"`
	Count    int    `json:"count,omitempty"` // how many identical findings; 0 means 1
}

func (e baselineEntry) key() baselineEntry { e.Count = 0; return e }

func entryOf(f finding) baselineEntry {
	return baselineEntry{Check: f.check, File: f.file, Function: f.function, Message: f.diag.Message}
}

func readBaseline(path string) (*baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read baseline: %v", err)
	}
	var b baseline
	if err := json.Unmarshal(data, &b); err != nil {
		return nil, fmt.Errorf("baseline %s is not a leakvet baseline: %v", path, err)
	}
	if b.Version != 1 {
		return nil, fmt.Errorf("baseline %s has version %d; this leakvet reads version 1 (rewrite it with -write-baseline)", path, b.Version)
	}
	for i, e := range b.Findings {
		if e.Check == "" || e.File == "" || e.Message == "" {
			return nil, fmt.Errorf("baseline %s: entry %d lacks check, file or message", path, i+1)
		}
	}
	return &b, nil
}

func writeBaselineFile(path string, findings []finding) error {
	counts := make(map[baselineEntry]int)
	for _, f := range findings {
		counts[entryOf(f)]++
	}
	b := baseline{Version: 1, Findings: []baselineEntry{}}
	for e, n := range counts {
		if n > 1 {
			e.Count = n
		}
		b.Findings = append(b.Findings, e)
	}
	sort.Slice(b.Findings, func(i, j int) bool {
		x, y := b.Findings[i], b.Findings[j]
		if x.File != y.File {
			return x.File < y.File
		}
		if x.Function != y.Function {
			return x.Function < y.Function
		}
		if x.Check != y.Check {
			return x.Check < y.Check
		}
		return x.Message < y.Message
	})
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// filter drops the findings the baseline accounts for.
func (b *baseline) filter(findings []finding) []finding {
	left := make(map[baselineEntry]int)
	for _, e := range b.Findings {
		left[e.key()] += max(e.Count, 1)
	}
	var out []finding
	for _, f := range findings {
		k := entryOf(f)
		if left[k] > 0 {
			left[k]--
			continue
		}
		out = append(out, f)
	}
	return out
}
