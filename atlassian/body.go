package atlassian

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/semaphore"
)

// DefaultMaxResponseBytes bounds one answer from Atlassian unless the site
// or the request says otherwise, so a runaway answer cannot exhaust memory.
const DefaultMaxResponseBytes = 32 << 20

// errorBodyLimit is what we read of a non-2xx answer: Atlassian's messages
// fit many times over, and an error page is not worth more.
const errorBodyLimit = 64 << 10

// largeBodyThreshold is the size from which reading an answer takes a
// share of the process-wide response memory budget; below it answers are
// read freely.
const largeBodyThreshold = 1 << 20

// DefaultResponseMemoryBudget is how many bytes of large answers the
// process holds at once, across all sites and users: two full 32 MiB
// answers. Further large reads wait their turn (within their deadline).
const DefaultResponseMemoryBudget = 64 << 20

// ResponseTooLargeError is an answer bigger than the cap for its call.
type ResponseTooLargeError struct {
	Product Product
	Method  string
	Path    string
	Limit   int64
	Size    int64 // announced by Content-Length; -1 when cut while streaming
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("%s API %s %s: the %s answer is larger than %s; narrow the request (fewer fields, smaller limit)",
		e.Product.Title(), e.Method, e.Path, e.Product.Title(), formatBytes(e.Limit))
}

// formatBytes writes n the way a limit is usually set: MiB, MB or bytes.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1e6 && n%1e6 == 0:
		return fmt.Sprintf("%d MB", n/1e6)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d bytes", n)
}

// memoryBudget is a weighted semaphore over bytes of answers being held.
// A reader takes its whole share at once (the announced length, or the
// cap when the length is unknown), so no reader holds part of the budget
// while waiting for more, and readers cannot deadlock each other.
type memoryBudget struct {
	sem  *semaphore.Weighted
	size int64
}

var responseBudget atomic.Pointer[memoryBudget]

func init() { SetResponseMemoryBudget(DefaultResponseMemoryBudget) }

// SetResponseMemoryBudget sets the process-wide budget for large answers
// held in memory at once; n <= 0 restores DefaultResponseMemoryBudget.
// Reads already under way finish under the budget they started with.
func SetResponseMemoryBudget(n int64) {
	if n <= 0 {
		n = DefaultResponseMemoryBudget
	}
	responseBudget.Store(&memoryBudget{sem: semaphore.NewWeighted(n), size: n})
}

// acquire reserves n bytes (at most the whole budget) until release.
func (b *memoryBudget) acquire(ctx context.Context, n int64) (release func(), err error) {
	n = min(n, b.size)
	if err := b.sem.Acquire(ctx, n); err != nil {
		return nil, fmt.Errorf("waiting for memory to read a %s answer: %w", formatBytes(n), err)
	}
	return sync.OnceFunc(func() { b.sem.Release(n) }), nil
}

// errTooLarge tells readBody's caller the answer passed the limit; size is
// the announced length or -1.
type errTooLarge struct{ size int64 }

func (e errTooLarge) Error() string { return "answer too large" }

// readBody reads a 2xx answer of at most limit bytes. Large answers take a
// share of the memory budget, given back by release once the caller is
// done with the bytes.
func readBody(ctx context.Context, body io.Reader, contentLength, limit int64) (data []byte, release func(), err error) {
	noop := func() {}
	if contentLength > limit {
		return nil, noop, errTooLarge{contentLength}
	}
	budget := responseBudget.Load()
	if contentLength >= 0 {
		release = noop
		if contentLength > largeBodyThreshold {
			if release, err = budget.acquire(ctx, contentLength); err != nil {
				return nil, noop, err
			}
		}
		data = newBody(contentLength)
		if _, err := io.ReadFull(body, data); err != nil {
			release()
			return nil, noop, err
		}
		return data, release, nil
	}
	// Unknown length (chunked, or gzip undone by the transport): read the
	// first part freely, and reserve the whole cap only if there is more.
	free := min(largeBodyThreshold, limit)
	first, err := io.ReadAll(io.LimitReader(body, free+1))
	if err != nil {
		return nil, noop, err
	}
	if int64(len(first)) <= free {
		return first, noop, nil
	}
	if free == limit {
		return nil, noop, errTooLarge{-1}
	}
	if release, err = budget.acquire(ctx, limit); err != nil {
		return nil, noop, err
	}
	data, err = readChunked(first, body, limit)
	if err != nil {
		release()
		return nil, noop, err
	}
	return data, release, nil
}

// readChunked reads the rest of a body after first, up to limit bytes in
// all, into chunks that are never copied while growing (a doubling buffer
// would leave its old halves as garbage), joined once at the end.
func readChunked(first []byte, body io.Reader, limit int64) ([]byte, error) {
	chunks := [][]byte{first}
	total := int64(len(first))
	size := int64(len(first))
	for {
		size = min(2*size, 8<<20, limit+1-total)
		if size <= 0 {
			return nil, errTooLarge{-1}
		}
		chunk := make([]byte, size)
		n, err := io.ReadFull(body, chunk)
		chunks = append(chunks, chunk[:n])
		total += int64(n)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if total > limit {
		return nil, errTooLarge{-1}
	}
	return bytes.Join(chunks, nil), nil
}

// Most answers are a few kilobytes, read, decoded (which copies what it
// keeps) and dropped within one call: Do hands their buffers back here,
// and the next answer of a known length reuses one instead of allocating
// and zeroing a fresh one. Only Do recycles, and only after decoding, so
// a buffer given to anyone else is theirs.
var bodyBuffers = sync.Pool{New: func() any { return new([]byte) }}

// maxRecycledBody is the largest buffer kept for reuse.
const maxRecycledBody = 64 << 10

func newBody(n int64) []byte {
	if n == 0 {
		return nil // an empty answer needs no buffer from the pool
	}
	if n <= maxRecycledBody {
		if bp := bodyBuffers.Get().(*[]byte); int64(cap(*bp)) >= n {
			return (*bp)[:n]
		}
	}
	return make([]byte, n)
}

// recycleBody gives back a buffer nothing refers to any more.
func recycleBody(b []byte) {
	if c := cap(b); c > 0 && c <= maxRecycledBody {
		b = b[:0]
		bodyBuffers.Put(&b)
	}
}
