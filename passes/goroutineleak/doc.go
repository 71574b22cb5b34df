// Package goroutineleak defines an Analyzer that reports goroutines that
// can never finish.
//
// # Analyzer goroutineleak
//
// goroutineleak: report goroutines blocked forever or looping with no exit
//
// (full documentation below is being written)
package goroutineleak
