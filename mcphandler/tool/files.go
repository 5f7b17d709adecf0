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
	f, closeRoot, err := openSafeFile(param, name, maxBytes)
	if err != nil {
		return nil, err
	}
	defer closeRoot()
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s %q: %w", param, truncate(name, 200), err)
	}
	if int64(len(data)) > maxBytes {
		return nil, BadInput("%s %q is larger than %d bytes", param, truncate(name, 200), maxBytes)
	}
	return data, nil
}

// CheckSafeFile makes ReadSafeFile's checks without reading the file, so
// that a tool taking several files can refuse a bad one before it sends
// any, and then hold one file in memory at a time.
func CheckSafeFile(param, name string, maxBytes int64) error {
	f, closeRoot, err := openSafeFile(param, name, maxBytes)
	if err != nil {
		return err
	}
	f.Close()
	closeRoot()
	return nil
}

// openSafeFile opens a regular file of at most maxBytes inside the
// working directory; the caller closes the file, then the root.
func openSafeFile(param, name string, maxBytes int64) (*os.File, func(), error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, nil, fmt.Errorf("finding the working directory: %w", err)
	}
	root, err := os.OpenRoot(wd)
	if err != nil {
		return nil, nil, fmt.Errorf("opening the working directory: %w", err)
	}
	fail := func(err error) (*os.File, func(), error) {
		root.Close()
		return nil, nil, err
	}
	rel := name
	if filepath.IsAbs(name) {
		if rel, err = filepath.Rel(wd, name); err != nil {
			return fail(BadInput("%s %q is outside the server's working directory", param, truncate(name, 200)))
		}
	}
	if !filepath.IsLocal(rel) {
		return fail(BadInput("%s %q is outside the server's working directory", param, truncate(name, 200)))
	}
	f, err := root.Open(rel)
	if err != nil {
		return fail(BadInput("%s %q cannot be read inside the server's working directory: %v", param, truncate(name, 200), unwrapPath(err)))
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fail(fmt.Errorf("reading %s %q: %w", param, truncate(name, 200), err))
	}
	if info.IsDir() {
		f.Close()
		return fail(BadInput("%s %q is a directory, not a file", param, truncate(name, 200)))
	}
	if info.Size() > maxBytes {
		f.Close()
		return fail(BadInput("%s %q is %d bytes; the limit is %d", param, truncate(name, 200), info.Size(), maxBytes))
	}
	return f, func() { root.Close() }, nil
}

// unwrapPath drops the *PathError wrapper, which repeats the path.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
