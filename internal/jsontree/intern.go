package jsontree

import "sync/atomic"

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
