package tool

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// MaxFileBytes is mcp-atlassian's ATTACHMENT_MAX_BYTES: the largest file a
// tool reads from disk or returns inline, 50 MB.
const MaxFileBytes = 50 * 1000 * 1000

// MaxInlineTotal bounds the files one answer carries together, so that
// content with many large attachments cannot make an answer of gigabytes.
const MaxInlineTotal = 100 << 20

// InlineBudget counts the bytes of the files one answer carries; the
// tools that return several files check each against it, and list the
// files past it as left out.
type InlineBudget struct{ Used, Limit int64 }

// NewInlineBudget is a budget of MaxInlineTotal.
func NewInlineBudget() *InlineBudget { return &InlineBudget{Limit: MaxInlineTotal} }

// Admit tells whether a file of the announced size (0: unknown) still
// fits, and why not.
func (b *InlineBudget) Admit(size int64) error {
	if b.Used >= b.Limit || b.Used+size > b.Limit {
		return fmt.Errorf("left out: the files before it already fill this answer's %d MiB; download it on its own", b.Limit>>20)
	}
	return nil
}

// Spend counts a file the answer carries.
func (b *InlineBudget) Spend(n int) { b.Used += int64(n) }

// ReadSafeFile reads a file a tool argument names, only inside the
// server's working directory (mcp-atlassian's validate_safe_path): a
// model must not read arbitrary files. Symbolic links and ".." cannot
// leave the directory either (os.Root). param names the argument in
// errors; files over maxBytes are refused before they are read.
func ReadSafeFile(param, name string, maxBytes int64) ([]byte, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("finding the working directory: %w", err)
	}
	root, err := os.OpenRoot(wd)
	if err != nil {
		return nil, fmt.Errorf("opening the working directory: %w", err)
	}
	defer root.Close()
	rel := name
	if filepath.IsAbs(name) {
		if rel, err = filepath.Rel(wd, name); err != nil {
			return nil, BadInput("%s %q is outside the server's working directory", param, truncate(name, 200))
		}
	}
	if !filepath.IsLocal(rel) {
		return nil, BadInput("%s %q is outside the server's working directory", param, truncate(name, 200))
	}
	f, err := root.Open(rel)
	if err != nil {
		return nil, BadInput("%s %q cannot be read inside the server's working directory: %v", param, truncate(name, 200), unwrapPath(err))
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading %s %q: %w", param, truncate(name, 200), err)
	}
	if info.IsDir() {
		return nil, BadInput("%s %q is a directory, not a file", param, truncate(name, 200))
	}
	if info.Size() > maxBytes {
		return nil, BadInput("%s %q is %d bytes; the limit is %d", param, truncate(name, 200), info.Size(), maxBytes)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s %q: %w", param, truncate(name, 200), err)
	}
	if int64(len(data)) > maxBytes {
		return nil, BadInput("%s %q is larger than %d bytes", param, truncate(name, 200), maxBytes)
	}
	return data, nil
}

// unwrapPath drops the *PathError wrapper, which repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
