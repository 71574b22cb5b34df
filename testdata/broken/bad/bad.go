// Package bad deliberately fails to type-check.
package bad

var x int = "not an int"
