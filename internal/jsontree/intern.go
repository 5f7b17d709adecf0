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
	slot := &keys[shortHash(b)%uint32(len(keys))]
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
	slot := &values[shortHash(s)%uint32(len(values))]
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

// shortHash picks a cache slot for a short string from its length and
// seven of its bytes: cheaper than hashing every byte, and a collision
// only costs an allocation.
func shortHash[T string | []byte](b T) uint32 {
	n := len(b)
	if n == 0 {
		return 0
	}
	h := uint32(n)*0x9E3779B1 ^ (uint32(b[0]) | uint32(b[n-1])<<8 | uint32(b[n/2])<<16 | uint32(b[n/3])<<24)
	h *= 0x85EBCA6B
	h ^= uint32(b[n*2/3]) | uint32(b[n-1-n/4])<<8 | uint32(b[n/5])<<16
	h *= 0xC2B2AE35
	return h ^ h>>16
}
