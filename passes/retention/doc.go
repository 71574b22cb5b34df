// Package retention defines an Analyzer that reports small views of large
// values (subslices, substrings, split parts, regexp matches, pointers
// into a large array or struct) that are kept somewhere long-lived, where
// they keep the whole value alive.
//
// # Analyzer retention
//
// retention: report small views that keep a large buffer alive in a long-lived place
//
// A subslice shares its backing array and a substring shares its string's
// bytes: keeping 16 bytes cut from a 10 MiB file read keeps all 10 MiB for
// as long as the 16 bytes live. strings.Clone (Go 1.18), bytes.Clone (Go
// 1.20) and slices.Clone (Go 1.21) exist to cut that link; the Go blog's
// "Arrays, slices (and strings)" article shows the classic bug: a function
// that reads a whole file and returns the small part of it that matches.
//
// The check reports a view when all of these hold:
//
//   - it is a view: b[i:j] or s[i:j] whose length is a constant (s[4:20],
//     s[i:i+8]) or bounded by two computed positions (s[start:end]), an
//     element of the result of strings or bytes Split, SplitN, SplitAfter,
//     Fields or FieldsFunc, a result of strings.Cut or bytes.Cut, a result
//     (or an element of the result) of a regexp.Regexp Find, FindString,
//     FindSubmatch, FindStringSubmatch, FindAll or FindAllString method, or
//     &a[i] or &s.f on an array or struct large by itself;
//   - of a large value: one the shared size model (internal/size) calls
//     input-sized (io.ReadAll unless capped by a small io.LimitReader or
//     http.MaxBytesReader, os.ReadFile, fs.ReadFile, a buffer or builder
//     filled from a reader, a marshalled value, a value a helper returns
//     from one of those, through facts), or at least -retention.size bytes
//     by types.Sizes (default 64 KiB: a big constant make, a big array);
//   - that reaches a long-lived place (the shared query of
//     internal/longlived): a package-level variable, or a map, slice, array
//     or channel one holds (also through a local variable or struct that
//     is then stored there, or append); a field of a long-lived object; a
//     channel a goroutine receives from and keeps what it receives; a
//     function that stores its argument there (a fact: exported setters,
//     Put methods of a long-lived receiver); or the results of a function
//     that returns such a view (a fact), or a value holding one (a struct,
//     a slice of parts; in the same package), when its caller keeps them.
//
// The diagnostic is at the view; Related points at where the large value
// comes from and at the place that keeps the view. A view returned by a
// function of another package is reported at the call that keeps its
// result.
//
// WRONG:
//
//	var ids = map[string]string{}
//
//	func handle(r *http.Request) {
//		body, _ := io.ReadAll(r.Body)
//		id := string(body)[:16] // a substring of the whole body
//		ids[r.RemoteAddr] = id  // keeps all of the body alive
//	}
//
// RIGHT:
//
//	ids[r.RemoteAddr] = strings.Clone(string(body)[:16])
//	// or: ids[r.RemoteAddr] = string(body[:16]), which copies 16 bytes
//
// WRONG:
//
//	func FindDigits(filename string) []byte {
//		b, _ := os.ReadFile(filename)
//		return digitRegexp.Find(b) // the match shares b's array
//	}
//
// RIGHT:
//
//	return bytes.Clone(digitRegexp.Find(b))
//
// WRONG:
//
//	var current = map[string]*Stats{}
//
//	func collect(name string) {
//		snap := new(Snapshot) // 256 KiB of counters, Stats among them
//		fill(snap)
//		current[name] = &snap.Stats // keeps the whole snapshot
//	}
//
// RIGHT:
//
//	st := snap.Stats
//	current[name] = &st
//
// The suggested fix wraps the view in strings.Clone, bytes.Clone or
// slices.Clone (adding the import) when the file's Go version has it
// (go1.18, go1.20 and go1.21); for older files, for pointers into an
// array or struct, for a view that is one of several results of a call
// (strings.Cut: wrapping the call would not compile), and for a slice of
// strings or other pointer-holding elements (slices.Clone would copy the
// headers, still pointing into the buffer), the message says what to copy
// instead and no fix is offered.
//
// False-positive policy: the check stays silent when the view is copied
// before it is kept (string(b[i:j]), []byte(s[i:j]), strings.Clone,
// bytes.Clone, slices.Clone, append([]byte(nil), v...), copy into a new
// slice, strings.Builder or bytes.Buffer writes, fmt and strconv calls),
// when it is kept only in locals or passed to calls not known to store it,
// when the value it is cut from is not known to be large (a parameter of
// unknown origin, a read into a buffer of unknown size, a value of a type
// parameter), when the view keeps most of the value (b[1:], b[:len(b)-1],
// b[i:], b[:n]), when the value it is cut from lives long anyway (a
// package-level array, a buffer in a field of the long-lived object that
// keeps the view, a body that is also stored whole), and in _test.go
// files. bufio.Scanner.Bytes results are out of scope: that buffer is
// reused, not retained (a different bug).
//
// # Limitations
//
// Views are recognised only when the length is constant or cut between two
// computed bounds, so b[:n] after a search is not reported. Only direct
// results of the listed strings, bytes and regexp functions are views;
// strings.TrimSpace, strings.Trim* and similar are taken to keep most of
// their input. A view of a parameter is followed only when it is returned
// (a fact for the callers); a result that holds views (a parsed struct)
// is followed only to the callers in the same package, one level up; a
// function that stores a view of its own
// parameter is not reported, nor is its caller. Long-lived objects are
// those the shared long-lived query knows: held by a package-level
// variable (or of a type one holds, in the same package), or serving HTTP.
// A channel counts only when it is a package-level variable or a field,
// and the goroutine that receives from it is in the same package.
// Interface method calls and func values of unknown origin are not
// followed.
//
// # Categories
//
// Every diagnostic carries one of these categories (Diagnostic.Category,
// SARIF rule properties, golangci-lint's issue text); they are stable.
//
//   - retention-global: the view is stored in a package-level variable, or in a map, slice or array one holds
//   - retention-field: the view is stored in a field of a long-lived object
//   - retention-channel: the view is sent to a goroutine that keeps what it receives in a long-lived place
//   - retention-stored: the view is passed to a function whose fact says it stores that argument somewhere long-lived
//   - retention-returned: the view is the result of a function that returns a view of a large value, kept by the caller
package retention
