package contract

import (
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// LoadStats describes the loading of one document, for keeping load time
// and memory in view (the Jira v3 document is 2.4 MB of JSON).
type LoadStats struct {
	Document   string
	Duration   time.Duration // read, parse, resolve $refs, patch, index
	Allocated  uint64        // bytes allocated meanwhile (approximate if other goroutines allocate)
	Operations int
	Patches    map[string]int // patch name → places changed
}

func (s LoadStats) String() string {
	return fmt.Sprintf("%s: %d operations in %v, %.0f MB allocated, patches %v",
		s.Document, s.Operations, s.Duration.Round(time.Millisecond), float64(s.Allocated)/(1<<20), s.Patches)
}

// spec is a loaded, patched document ready to validate against.
type spec struct {
	document *document
	doc      *openapi3.T
	router   *router
	options  *openapi3filter.Options
	stats    LoadStats
}

type cacheEntry struct {
	once  sync.Once
	ready atomic.Bool // set once spec and err are, for Stats
	spec  *spec
	err   error
}

// cache holds every document loaded in this process, by file path: each is
// parsed once however many Validators and tests use it.
var cache sync.Map // string → *cacheEntry

// loadSpec returns the document from dir, loading it on first use.
func loadSpec(dir string, d *document) (*spec, error) {
	path := filepath.Join(dir, d.file())
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	e, _ := cache.LoadOrStore(path, &cacheEntry{})
	entry := e.(*cacheEntry)
	entry.once.Do(func() {
		entry.spec, entry.err = readSpec(path, d)
		entry.ready.Store(true)
	})
	return entry.spec, entry.err
}

// readSpec loads, patches and indexes one document, uncached.
func readSpec(path string, d *document) (*spec, error) {
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()

	loader := openapi3.NewLoader() // external $refs stay disallowed
	doc, err := loader.LoadFromFile(path)
	if err != nil {
		return nil, fmt.Errorf("contract: loading %s: %w", path, err)
	}
	stats := LoadStats{Document: d.name}
	stats.Patches = applyPatches(doc, append(append([]patch(nil), genericPatches...), d.patches...))
	s := &spec{document: d, doc: doc, router: newRouter(doc), options: validationOptions(d)}
	for _, item := range doc.Paths.Map() {
		stats.Operations += len(item.Operations())
	}

	stats.Duration = time.Since(start)
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	stats.Allocated = after.TotalAlloc - before.TotalAlloc
	s.stats = stats
	return s, nil
}

// validationOptions are kin-openapi's options for one document.
func validationOptions(d *document) *openapi3filter.Options {
	o := &openapi3filter.Options{
		// Auth is checked by the sandbox, and under-declared by Atlassian.
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		// Validate what was sent, never rewrite it.
		SkipSettingDefaults: true,
		MultiError:          true,
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			// Messages name the path and the reason, not the whole schema.
			openapi3.DisableSchemaErrorDetails(),
		},
	}
	if d.jiraDates {
		o.SchemaValidationOptions = append(o.SchemaValidationOptions,
			openapi3.WithStringFormatValidator("date-time", jiraDateTime))
	}
	return o
}
