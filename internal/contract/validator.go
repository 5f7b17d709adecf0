package contract

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Validator checks traffic against the documents in one directory. It is
// cheap: documents are parsed on first use, once per process (see loadSpec),
// so a Jira-only test never pays for Confluence.
type Validator struct {
	dir string
}

var (
	validatorsMu sync.Mutex
	validators   = map[string]*Validator{}
)

// Load returns the Validator for Dir(), after checking that every document
// is there. Parsing is deferred to first use, per document.
func Load() (*Validator, error) {
	return loadDir(Dir())
}

func loadDir(dir string) (*Validator, error) {
	var missing []string
	for _, d := range allDocuments {
		if _, err := os.Stat(filepath.Join(dir, d.file())); err != nil {
			missing = append(missing, d.file())
		}
	}
	if missing != nil {
		return nil, &MissingError{Dir: dir, Files: missing}
	}
	validatorsMu.Lock()
	defer validatorsMu.Unlock()
	v := validators[dir]
	if v == nil {
		v = &Validator{dir: dir}
		validators[dir] = v
	}
	return v, nil
}

// MissingError reports documents absent from the directory.
type MissingError struct {
	Dir   string
	Files []string
}

func (e *MissingError) Error() string {
	return fmt.Sprintf("Atlassian OpenAPI documents missing from %s: %v (set %s to their directory)", e.Dir, e.Files, DirEnv)
}

// Require returns the Validator for a test. Without the documents, the
// test is skipped, so a checkout without ../shared still passes go test;
// under CI it fails instead, so the contract checks cannot silently vanish.
func Require(t testing.TB) *Validator {
	t.Helper()
	v, err := Load()
	if err != nil {
		fail, msg := missingDecision(err, os.Getenv("CI"))
		if fail {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return v
}

// Optional is Require for tests that are worth running without contract
// checks (end-to-end tests): without the documents it logs and returns nil
// outside CI, and fails under CI.
func Optional(t testing.TB) *Validator {
	t.Helper()
	v, err := Load()
	if err != nil {
		fail, msg := missingDecision(err, os.Getenv("CI"))
		if fail {
			t.Fatal(msg)
		}
		t.Log("contract: " + err.Error() + " (running without contract checks)")
		return nil
	}
	return v
}

// missingDecision says what Require does when Load fails: fail under CI
// (CI set to anything but a false boolean), skip elsewhere.
func missingDecision(err error, ci string) (fail bool, msg string) {
	inCI := ci != ""
	if b, perr := strconv.ParseBool(ci); perr == nil {
		inCI = b
	}
	if inCI {
		return true, "contract: " + err.Error() + " (CI is set, so this fails instead of skipping)"
	}
	return false, "contract: skipping: " + err.Error()
}

// Preload parses the documents of a deployment now rather than on first
// request, to fail early and keep load time out of request timings.
func (v *Validator) Preload(d atlassian.Deployment) error {
	docs, ok := deploymentDocuments[d]
	if !ok {
		return fmt.Errorf("contract: unknown deployment %q", d)
	}
	var errs []error
	for _, doc := range docs {
		if _, err := loadSpec(v.dir, doc); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Stats reports the documents of this Validator's directory loaded so far.
func (v *Validator) Stats() []LoadStats {
	var out []LoadStats
	for _, d := range allDocuments {
		path, err := filepath.Abs(filepath.Join(v.dir, d.file()))
		if err != nil {
			continue
		}
		if e, ok := cache.Load(path); ok {
			entry := e.(*cacheEntry)
			if entry.ready.Load() && entry.spec != nil {
				out = append(out, entry.spec.stats)
			}
		}
	}
	return out
}
