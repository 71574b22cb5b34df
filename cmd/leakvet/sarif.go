package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// SARIF 2.1.0, the subset GitHub code scanning reads.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool              sarifTool                   `json:"tool"`
	OriginalURIBaseID map[string]sarifArtifactLoc `json:"originalUriBaseIds,omitempty"`
	Results           []sarifResult               `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	Name             string       `json:"name"`
	ShortDescription sarifText    `json:"shortDescription"`
	FullDescription  sarifText    `json:"fullDescription"`
	Help             sarifText    `json:"help"`
	HelpURI          string       `json:"helpUri,omitempty"`
	DefaultConfig    sarifConfig  `json:"defaultConfiguration"`
	Properties       sarifRuleTag `json:"properties"`
}

type sarifRuleTag struct {
	Tags []string `json:"tags"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	RelatedLocations    []sarifLocation   `json:"relatedLocations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Fixes               []sarifFix        `json:"fixes,omitempty"`
}

type sarifLocation struct {
	ID               *int          `json:"id,omitempty"`
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
	Message          *sarifText    `json:"message,omitempty"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLoc `json:"artifactLocation"`
	Region           sarifRegion      `json:"region"`
}

type sarifArtifactLoc struct {
	URI       string `json:"uri"`
	URIBaseID string `json:"uriBaseId,omitempty"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn"`
	EndLine     int `json:"endLine"`
	EndColumn   int `json:"endColumn"`
}

type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifactLoc   `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent sarifText   `json:"insertedContent"`
}

const srcRoot = "%SRCROOT%"

// writeSARIF writes one run with a rule per analyzer and a result per finding.
func writeSARIF(w io.Writer, analyzers []*analysis.Analyzer, findings []finding, root string, src *sources) error {
	driver := sarifDriver{
		Name:           "leakvet",
		Version:        version(),
		InformationURI: "https://github.com/leakvet/leakvet",
	}
	ruleIndex := make(map[string]int)
	for i, a := range analyzers {
		short, _, _ := strings.Cut(a.Doc, "\n")
		driver.Rules = append(driver.Rules, sarifRule{
			ID:               a.Name,
			Name:             a.Name,
			ShortDescription: sarifText{Text: strings.TrimSpace(strings.TrimPrefix(short, a.Name+":"))},
			FullDescription:  sarifText{Text: a.Doc},
			Help:             sarifText{Text: a.Doc, Markdown: a.Doc},
			HelpURI:          a.URL,
			DefaultConfig:    sarifConfig{Level: "warning"},
			Properties:       sarifRuleTag{Tags: []string{"leak", "reliability"}},
		})
		ruleIndex[a.Name] = i
	}
	rootURI := (&url.URL{Scheme: "file", Path: filepath.ToSlash(root) + "/"}).String()
	run := sarifRun{
		Tool:              sarifTool{driver},
		OriginalURIBaseID: map[string]sarifArtifactLoc{srcRoot: {URI: rootURI}},
		Results:           []sarifResult{},
	}
	for _, f := range findings {
		res := sarifResult{
			RuleID:    f.check,
			RuleIndex: ruleIndex[f.check],
			Level:     "warning",
			Message:   sarifText{Text: f.diag.Message},
			Locations: []sarifLocation{{PhysicalLocation: physical(root, parsePosn(f.diag.Posn), endOf(f.diag.Posn, f.diag.End))}},
			PartialFingerprints: map[string]string{
				"leakvet/v1": fingerprint(f),
			},
		}
		for i, r := range f.diag.Related {
			id := i + 1
			res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
				ID:               &id,
				PhysicalLocation: physical(root, parsePosn(r.Posn), endOf(r.Posn, r.End)),
				Message:          &sarifText{Text: r.Message},
			})
		}
		for _, fix := range f.diag.SuggestedFixes {
			sf := sarifFix{Description: sarifText{Text: fix.Message}}
			byFile := make(map[string]int)
			for _, e := range fix.Edits {
				sl, sc := src.lineCol(e.Filename, e.Start)
				el, ec := src.lineCol(e.Filename, e.End)
				loc := physical(root, position{e.Filename, sl, sc}, position{e.Filename, el, ec})
				i, ok := byFile[loc.ArtifactLocation.URI]
				if !ok {
					i = len(sf.ArtifactChanges)
					byFile[loc.ArtifactLocation.URI] = i
					sf.ArtifactChanges = append(sf.ArtifactChanges, sarifArtifactChange{ArtifactLocation: loc.ArtifactLocation})
				}
				sf.ArtifactChanges[i].Replacements = append(sf.ArtifactChanges[i].Replacements, sarifReplacement{
					DeletedRegion:   loc.Region,
					InsertedContent: sarifText{Text: e.New},
				})
			}
			res.Fixes = append(res.Fixes, sf)
		}
		run.Results = append(run.Results, res)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

func physical(root string, p, e position) sarifPhysical {
	loc := sarifArtifactLoc{URI: relPath(root, p.file)}
	if !filepath.IsAbs(loc.URI) {
		loc.URIBaseID = srcRoot
	}
	return sarifPhysical{
		ArtifactLocation: loc,
		Region:           sarifRegion{StartLine: p.line, StartColumn: p.col, EndLine: e.line, EndColumn: max(e.col, p.col)},
	}
}

// fingerprint identifies a finding across line shifts: check, file,
// enclosing function and message.
func fingerprint(f finding) string {
	sum := sha256.Sum256([]byte(f.check + "\x00" + f.file + "\x00" + f.function + "\x00" + f.diag.Message))
	return hex.EncodeToString(sum[:16])
}

// version is the module version leakvet was built at, or "devel".
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
