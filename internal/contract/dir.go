package contract

import (
	"os"
	"path/filepath"
	"runtime"
)

// DirEnv names the environment variable that overrides Dir.
const DirEnv = "ATLASSIAN_OPENAPI_DIR"

// Dir returns the directory holding Atlassian's OpenAPI documents:
// $ATLASSIAN_OPENAPI_DIR if set, else ../shared/atlassian-openapi relative to
// the module root. The documents are 6 MB of third-party data, so they sit
// next to the repository rather than in it.
func Dir() string {
	if d := os.Getenv(DirEnv); d != "" {
		return d
	}
	return filepath.Join(moduleRoot(), "..", "shared", "atlassian-openapi")
}

// moduleRoot finds the directory holding go.mod, walking up from the working
// directory (a test runs in its package directory) and, failing that, from
// this source file, which works for binaries run from elsewhere in a checkout.
func moduleRoot() string {
	if wd, err := os.Getwd(); err == nil {
		if root := findGoMod(wd); root != "" {
			return root
		}
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		if root := findGoMod(filepath.Dir(file)); root != "" {
			return root
		}
	}
	return "."
}

func findGoMod(dir string) string {
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
