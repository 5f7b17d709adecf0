package tool

import "reflect"

// NewInput returns a new *In of t's handler.
func NewInput(t Tool) any { return t.input() }

// Assign is assign, for the external tests.
var Assign = assign

// HasPlan says whether t's input is filled without going through JSON.
func HasPlan(t Tool) bool { return planFor(reflect.TypeOf(t.input()).Elem()) != nil }
