package sandbox

import (
	"slices"
	"strings"
)

// collection is one kind of resource in the store: items in creation
// order, found by id or by the key or name clients may send instead (a
// project key, a status name, a space key). The sandbox holds tens of
// items, so finding scans rather than indexes, and an item renamed in
// place is found by its new name at once.
type collection[T comparable] struct {
	items []T
	id    func(T) string
	// name is the key or name, matched case-insensitively as Atlassian
	// does; nil when clients only ever send the id.
	name func(T) string
}

// newCollection holds items, identified by id and, when name is not nil,
// also by name.
func newCollection[T comparable](id, name func(T) string, items ...T) *collection[T] {
	return &collection[T]{items: items, id: id, name: name}
}

// add appends items in creation order.
func (c *collection[T]) add(items ...T) { c.items = append(c.items, items...) }

// all is every item in creation order; callers must not modify it.
func (c *collection[T]) all() []T { return c.items }

func (c *collection[T]) len() int { return len(c.items) }

// get finds the item with this id, or returns the zero T (nil).
func (c *collection[T]) get(id string) T {
	var none T
	if id == "" {
		return none
	}
	for _, it := range c.items {
		if c.id(it) == id {
			return it
		}
	}
	return none
}

// find resolves what clients send for an item: its id, or else its key or
// name in any case. It returns the zero T (nil) when nothing matches.
func (c *collection[T]) find(idOrName string) T {
	if it := c.get(idOrName); it != *new(T) || c.name == nil {
		return it
	}
	for _, it := range c.items {
		if strings.EqualFold(c.name(it), idOrName) {
			return it
		}
	}
	return *new(T)
}

// named finds the item with this key or name only, in any case.
func (c *collection[T]) named(name string) T {
	for _, it := range c.items {
		if c.name != nil && strings.EqualFold(c.name(it), name) {
			return it
		}
	}
	return *new(T)
}

// where lists, in creation order, the items keep accepts.
func (c *collection[T]) where(keep func(T) bool) []T {
	var out []T
	for _, it := range c.items {
		if keep(it) {
			out = append(out, it)
		}
	}
	return out
}

// removeWhere drops, keeping the order of the rest, the items drop accepts.
func (c *collection[T]) removeWhere(drop func(T) bool) {
	c.items = slices.DeleteFunc(c.items, drop)
}
