package jsontree

import (
	"strings"
	"sync/atomic"
)

// Object keys repeat endlessly in Atlassian's answers ("self", "accountId",
// "displayName", "type", "content"... on every user and every ADF node),
// and a fresh string for each was a third of the decoder's allocations.
// keys is a small, lossy, lock-free cache of the short keys seen: a key
// found there is shared, one not found is allocated and may replace the
// entry. Strings are immutable, so sharing them is safe.
var keys [1024]atomic.Pointer[string]

// maxInterned is the longest key kept; longer ones are rarely repeated.
const maxInterned = 32

func internKey(b []byte) string {
	if len(b) > maxInterned {
		return string(b)
	}
	// FNV-1a
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	slot := &keys[h%uint32(len(keys))]
	if p := slot.Load(); p != nil && *p == string(b) {
		return *p
	}
	s := string(b)
	slot.Store(&s)
	return s
}

// Short string values repeat too (ADF's node and mark types, account ids,
// names, "UTC"), and each one put into an interface is an allocation of
// its own. values is the same kind of cache as keys for such strings,
// held already boxed.
var values [1024]atomic.Pointer[boxedString]

type boxedString struct {
	s string
	v any // s, boxed once
}

// maxInternedValue is the longest value kept: ADF types, Cloud account
// ids (24 bytes) and most names fit.
const maxInternedValue = 24

// internValue returns s boxed, from the cache when it was seen before.
func internValue(s string) any {
	if len(s) > maxInternedValue {
		return s
	}
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	slot := &values[h%uint32(len(values))]
	if p := slot.Load(); p != nil && p.s == s {
		return p.v
	}
	// A copy: s may be a slice of a whole answer, which the cache must
	// not keep alive.
	b := &boxedString{s: strings.Clone(s)}
	b.v = b.s
	slot.Store(b)
	return b.v
}
