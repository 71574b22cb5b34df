// Package globalgrowth defines an Analyzer that reports package-level
// collections that grow without bound.
//
// # Analyzer globalgrowth
//
// globalgrowth: report package-level maps, slices and lists that only grow
//
// A package-level collection lives as long as the process. When code that
// runs over and over (an HTTP handler, a method, a loop, a callback, a
// goroutine) adds to it and nothing ever removes from it, memory grows with
// every request until the process is restarted: the Go twin of the
// module-level array that every request pushes to.
//
// The check considers unexported package-level vars whose type is a slice,
// a map, a sync.Map, a container/list.List (or a pointer to one of those),
// and such collections held in the fields of a package-level struct var or
// behind a package-level pointer to a struct. It reports a collection when
// some code that runs repeatedly grows it (append stored back, map insert,
// sync.Map Store/LoadOrStore/Swap, list Push*/Insert*, or a call to a
// function or method that does one of these to the collection passed to it)
// with keys that are not from a small, fixed set, and nothing in the
// package bounds it.
//
// WRONG:
//
//	var hits = map[string]int{}
//
//	func handle(w http.ResponseWriter, r *http.Request) {
//		hits[r.URL.Path]++ // one entry per distinct path, forever
//	}
//
// RIGHT:
//
//	var hits = map[string]int{}
//
//	func handle(w http.ResponseWriter, r *http.Request) {
//		mu.Lock()
//		if len(hits) < maxPaths {
//			hits[r.URL.Path]++
//		}
//		mu.Unlock()
//	}
//
// WRONG:
//
//	var audit []Entry
//
//	func (l *Logger) Record(e Entry) { audit = append(audit, e) }
//
// RIGHT:
//
//	func (l *Logger) Flush() { write(audit); audit = audit[:0] }
//
// WRONG (a get-or-create under a deferred unlock is a cache, not a
// registration: the hit returns a nil error):
//
//	func schemaFor(url string) (*schema, error) {
//		mu.Lock()
//		defer mu.Unlock()
//		if s, ok := schemas[url]; ok {
//			return s, nil
//		}
//		s := compile(url)
//		schemas[url] = s // url comes from each request's header
//		return s, nil
//	}
//
// WRONG (a remover nobody on the request's path calls):
//
//	tenants[r] = r.Header.Get("X-Tenant") // r is the *http.Request
//	next.ServeHTTP(w, r)
//
// RIGHT:
//
//	tenants[r] = r.Header.Get("X-Tenant")
//	defer Forget(r)
//	next.ServeHTTP(w, r)
//
// Code runs repeatedly when it is in a loop, in a method, in an exported
// function, in a function used as a value (a handler or callback), in a
// goroutine started from such code, or in a function called from any of
// those. Code in init functions, package var initializers, helpers called
// only from them, main outside its loops and sync.Once bodies runs once and
// is never reported.
//
// # Key provenance
//
// Whether a map grows depends on its keys. The check traces each inserted
// key (through helpers' parameters and their callers' arguments, local
// variables, closures' captured variables, fields and conversions) to one
// of these origins, and the message says which ("keyed by url (Validate
// passes r.Header.Get("X-Schema")), derived from the request r of
// Validate"):
//
//   - constant: a literal or constant, also when every caller of an
//     unexported helper passes one (metric("requests")). Bounded.
//   - small type: bool, integers of at most 16 bits, struct{}, a named type
//     whose package declares constants of it (an enum), a value masked or
//     reduced to at most 65536 values (Severity(pri&7), n%64), reflect.Type
//     and other type descriptors, and values computed only from those.
//     Bounded.
//   - set-up: an unexported field the package writes only where it builds
//     the object (a composite literal, a fresh new(T), also through a
//     variable a closure captures) or at start-up, and otherwise only reads
//     (also through methods that only read their receiver), and the fields
//     of such a field (db.opt.Dir); a package-level scalar the package
//     assigns only at start-up (writes in _test.go files do not count); an
//     integer (a buffer size) taken from the parameters of a constructor, a
//     function that returns a freshly allocated object. Bounded: one entry
//     per configured value.
//   - caller's parameter: a parameter of an exported function. The library
//     cannot know its callers; see "Where the key is decided".
//   - per-request: the *http.Request itself, an ID from an atomic counter,
//     a newly allocated object: new on every request or call.
//   - input: derived from a request, a callback's parameter, a channel.
//   - unknown: a call result, a package-level var, a loop-carried value.
//
// Where a bound is a judgement (a key from configuration, from an
// authenticated admin path) the collection stays reportable and the message
// says what the key is derived from, so a reader can judge it at a glance.
//
// # Where the key is decided
//
// An exported function that hands its collection to its callers — a
// get-or-create returning the entry it finds or creates (stats.Get(name)),
// a setter storing the value it is passed, possibly through unexported
// wrappers, or a package-level appender of its parameter or of a callback
// (rules.Add(r), OnInitialize(f)) — is not reported at the collection:
// its Grows fact names the parameter the key comes from, and each call
// site in a dependent package is judged instead. A call with a constant,
// small-typed or set-up argument adds nothing new and is silent; a call in
// repeated code with a key derived from a request is reported there, with
// the key. An appender's call is reported whenever it runs repeatedly. The
// library itself is reported only when its own code grows the collection
// repeatedly with keys it derives (an exported Receive(host) that counts
// per host, a handler that calls the get-or-create with request data).
//
// # Bound evidence
//
// Any one of these is taken as evidence that the collection is bounded,
// and silences the report:
//
//   - a reset anywhere in the package outside initialisation: clear,
//     reassignment (nil, make, a literal, another value, x[i:], x[:0],
//     append(x[:0], ...)), maps.DeleteFunc, slices.Delete, sync.Map Clear,
//     list Init;
//   - a removal of single entries (delete, sync.Map
//     Delete/LoadAndDelete/CompareAndDelete, list Remove), except for keys
//     new on every request or call: those are bounded only by a removal on
//     the request's own path (in a function reachable from the function
//     that inserts or from its callers: a deferred Forget(r), a cleanup
//     closure the handler starts), or a key handed back to the caller
//     (returned, or stored in the object returned: an allocator's ID that
//     its Release removes, as a file's Close does);
//   - growth dominated by a check of the collection's length, one of
//     whose branches cannot reach the growth (a return, break or
//     continue: a check that only logs bounds nothing);
//   - a key that every path to the growth has checked against a few
//     values: equal to a constant (a switch's cases), present in an
//     allow-list (an unexported package-level map that only start-up code
//     fills: if !known[k] { return }), or, for an integer, between two
//     constant bounds less than 65536 apart (n < 0 || n >= 10 returns
//     first; an unsigned integer needs only the upper bound);
//   - growth dominated by a presence test of the key (_, ok := m[k];
//     m[k] != nil; if set[k]; m.Load(k)) whose failing branch panics or
//     returns a non-nil error: a registration that refuses duplicates, or
//     an update of keys already present. A check of the value stored under
//     the key (if m[k]+n > limit { return errQuota }) is not such a guard:
//     it fails for new keys and old alike. With a defer, SSA returns
//     through result slots; the value each return statement stores is what
//     counts, so a cache hit's "return s, nil" is not an error return;
//   - for k := range m { m[k] = v }: it overwrites keys already present;
//   - growth inside a function named Register*/MustRegister*, or a
//     LoadOrStore whose "loaded" result leads to a panic or error return.
//
// Exported vars are skipped unless -globalgrowth.exported is set, since
// another package may prune them. Vars declared in _test.go files, growth in
// test files, and generated files are ignored.
//
// False-positive policy: the check stays silent whenever the collection's
// address or value goes where it cannot follow: returned from a function
// (seen through result slots), stored in another variable or field,
// captured by a closure, merged in a phi, sent on a channel, or passed by
// pointer (or as a map) to code it has no summary for (interface methods,
// function values, reflection-based APIs taking any). A key the check
// cannot trace counts as unbounded; a key from a caller's parameter of an
// API that hands its collection out is left to the callers. Packages in
// GOROOT export no growth facts: their caches are keyed by types and names
// and are not the caller's to fix.
//
// # Limitations
//
// The check follows a collection through one level of struct fields and
// through the package's own functions and the facts of analysed
// dependencies; collections reached through a second level of fields, maps
// of maps, or through interface values are not considered. Key tracing
// stops after a few calls and values; what it cannot see is "unknown"
// (reported). A set-up field is trusted even when the constructor is
// called per request with request data, and an integer from a
// constructor's parameters is taken as configuration. A facade package
// that wraps another package's get-or-create in its own exported function
// is judged at the facade (its callers' keys are not followed across two
// packages). A key check counts only in the function that grows the map:
// a handler that validates the key and calls a helper that inserts it is
// reported at the helper's caller as if unchecked. The request path of a remover is the package's static call
// graph: a remover called by another middleware, through an interface or
// from another package is not seen, and the growth is reported. Bounds
// enforced by logic the check cannot see (an external process that
// restarts the server) are not recognised: suppress those with
// //leakvet:ignore globalgrowth <reason>.
//
// # Categories
//
// Every diagnostic carries one of these categories (Diagnostic.Category,
// SARIF rule properties, golangci-lint's issue text); they are stable.
//
//   - unbounded-global: a package-level collection of this package grows in repeated code with keys that are not from a small, fixed set, and nothing bounds it (reported at its declaration with what the key is derived from; Related at each growth and, for per-request keys, at the remover off the request's path)
//   - unbounded-global-call: a call, in repeated code, of another package's function whose fact says it grows an unbounded collection of that package (with the key the call passes, when the fact names the callee's key parameter)
//   - directive: a //leakvet:ignore directive that names no known check or gives no reason (reported once per package, by globalgrowth)
package globalgrowth
