// Package closurecapture defines an Analyzer that reports long-lived
// closures that pin a large value while using only a small part of it.
//
// # Analyzer closurecapture
//
// closurecapture: report long-lived closures that pin large values but use only a small part of them
//
// A closure keeps every variable it captures alive for as long as the
// closure itself lives. When a closure escapes into something long-lived and
// captures a large value (a request body, a file, a big array) but needs only
// its length, one field or one element, the whole value stays in memory for
// nothing: once per request, per timer, per registered hook.
//
// The check reports a closure when all of these hold:
//
//   - it reaches a long-lived sink: a goroutine that never returns, or that
//     waits in a loop (a worker, a poller) or on ctx.Done(), a timer or
//     ticker, time.After or time.Sleep, while its spawner does not wait for
//     it (sync.WaitGroup, errgroup, a receive from the goroutine) before
//     returning; time.AfterFunc and context.AfterFunc, unless the timer
//     (or stop func) they return is stopped on every path to return
//     (defer t.Stop()); runtime.SetFinalizer, runtime.AddCleanup;
//     http.HandleFunc, http.Handle, the ServeMux methods,
//     (*http.Server).RegisterOnShutdown; a package-level var, or a slice, map
//     or channel held by one (hooks, registries, retry queues); a field of
//     an object held by a package-level var or of a type that serves HTTP;
//     a function that stores its func parameter in one of those or runs it
//     in such a goroutine (a fact across packages), also into a receiver or
//     collection argument that is long-lived at the call;
//   - it captures a variable whose value is large: arrays and structs (or
//     pointers to them) of at least -closurecapture.size bytes by
//     types.Sizes (default 64 KiB), make with constant sizes that reach it,
//     and input-sized values: the results of io.ReadAll (unless capped by a
//     small io.LimitReader or http.MaxBytesReader), os.ReadFile,
//     fs.ReadFile, a bytes.Buffer or strings.Builder filled from a reader
//     or with input (and its Bytes or String), json.Marshal(Indent) and
//     xml.Marshal of values holding a slice, map or string, httputil.Dump*,
//     a variable filled by json.Unmarshal, xml.Unmarshal or a json, xml or
//     gob Decoder when its type holds a slice, map or interface (not when
//     decoded from a constant or a small capped reader, nor into a type
//     parameter), of helpers that return one (a fact), conversions and
//     sub-slices or substrings of them (a sub-slice keeps the whole backing
//     array), and structs holding one in a field (&Doc{Raw: body},
//     up.Data = body, or a helper that returns its argument in a field);
//   - the closure uses only a small projection of it: len or cap, one field
//     (not the one that holds the large value), one element at a fixed
//     index, a constant short sub-slice or substring, a nil check, a
//     method returning a number or bool (buf.Len()), or one of those of a
//     field (len(rep.Rows), rep.Meta["trace"]). When which field is large
//     is not known (a decoded struct, a struct from a helper), every field
//     holding a slice, map or interface counts as the large part; string
//     fields count as small, so rep.ID is a projection.
//
// Interprocedurally, a function that captures its parameter in such a
// closure (Pins in the fact) is reported at the calls that pass it a large
// value, and a function that returns a closure using a projection of its
// parameter or of a large value of its own is reported at the calls whose
// result goes to a long-lived sink.
//
// WRONG:
//
//	func (u *Uploader) Upload(r *http.Request) {
//		data, _ := io.ReadAll(r.Body)
//		u.send(data)
//		time.AfterFunc(time.Minute, func() {
//			log.Printf("uploaded %d bytes", len(data)) // pins all of data for a minute
//		})
//	}
//
// RIGHT:
//
//	n := len(data)
//	time.AfterFunc(time.Minute, func() { log.Printf("uploaded %d bytes", n) })
//
// WRONG:
//
//	doc := parse(body) // *Document holding the request body in Raw
//	mux.HandleFunc("/"+doc.Slug, func(w http.ResponseWriter, r *http.Request) {
//		fmt.Fprint(w, doc.Title) // keeps doc.Raw alive as long as the mux
//	})
//
// RIGHT:
//
//	title := doc.Title
//	mux.HandleFunc("/"+doc.Slug, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, title) })
//
// For len, cap and field projections, the suggested fix inserts the local
// (dataLen := len(data), title := doc.Title) before the statement that
// makes the closure and uses it inside. It is offered only when every
// mention of the variable in the closure is that projection, and, for a
// field, when no code of the package assigns the field after construction
// (hoisting would then miss later writes).
//
// False-positive policy: the check stays silent when the closure uses the
// whole value (passes it on, ranges over it, indexes it with a changing
// index, writes to it), for method values (time.AfterFunc(d, up.cleanup)
// hands the method its whole receiver: what it needs is the method's to
// say, not a projection to copy), when the closure runs synchronously (called
// directly, deferred, passed to sort.Slice, sync.Once.Do or any function
// not known to keep it), when the goroutine is joined before its spawner
// returns, when the variable may be replaced after the closure is made
// (data = nil) or is assigned inside a closure, when the value is kept
// alive anyway (stored in a global or field, sent, returned, or used whole
// by another closure), when the size is unknown (a parameter of unknown
// origin, make with a variable size), and in _test.go files, whose closures
// die with the test.
//
// # Limitations
//
// A long-lived object is recognised only when a package-level var holds it
// (or a value of its type, in the same package), or its type serves HTTP;
// an object kept alive by a long-running goroutine or a server loop is not.
// A goroutine that blocks inside a callee is seen only when the callee never
// returns. Closures reached through interface method calls, reflection or
// func values of unknown origin are not followed. Sizes are estimated from
// allocation sites in the same function and one level of helpers (facts);
// a value made large by code the check cannot see (a custom decoder, a
// buffer grown by a callee) is not known to be large. A closure that uses
// only a long string field of a decoded struct is reported too: copying
// the field frees the rest, but the field itself stays. A value
// also handed to a function that stores it (a cache's Put) is still
// reported: the check does not know the callee keeps it. Pins are followed
// through wrappers that pass their parameter on; a returned closure only
// from the function that makes it.
//
// # Categories
//
// Every diagnostic carries one of these categories (Diagnostic.Category,
// SARIF rule properties, golangci-lint's issue text); they are stable.
//
//   - capture-goroutine: the closure runs as a goroutine that outlives its spawner
//   - capture-afterfunc: the closure is the callback of time.AfterFunc or context.AfterFunc
//   - capture-finalizer: the closure is a finalizer or cleanup (runtime.SetFinalizer, runtime.AddCleanup)
//   - capture-handler: the closure is an HTTP handler or registered with a mux
//   - capture-global: the closure is stored in a package-level variable, hook or registry
//   - capture-field: the closure is stored in a field of a long-lived object
//   - capture-channel: the closure is sent to a long-lived goroutine
//   - capture-stored: the closure is passed to a function whose fact says it stores its func argument somewhere long-lived
//   - capture-returned: the closure is returned by a function whose callers keep it long-lived
package closurecapture
