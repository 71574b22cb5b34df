package main

import (
	"container/list"
	"path/filepath"
)

type Op struct {
	Kind string
	Pos  int
	Text string
}

type Editor struct{ name string }

// POSITIVE: container/list.List value; every edit is pushed onto the undo
// log by a method and the log is only ever read, never trimmed.
var undoLog list.List // want `package-level list "undoLog" grows without bound: .* pushes elements and nothing removes them`

func (e *Editor) Apply(op Op) {
	undoLog.PushBack(op)
}

func (e *Editor) History() []Op {
	var ops []Op
	for el := undoLog.Front(); el != nil; el = el.Next() {
		ops = append(ops, el.Value.(Op))
	}
	return ops
}

type Workspace struct{ root string }

// POSITIVE: *list.List from list.New(); the "recent files" list gets one
// element per Open and is never capped.
var recentFiles = list.New() // want `package-level list "recentFiles" grows without bound: .* pushes elements and nothing removes them`

func (w *Workspace) Open(path string) {
	recentFiles.PushFront(filepath.Join(w.root, path))
}
