package tool

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadSafeFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("inside.txt", []byte("hello"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir("sub", 0o700); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(filepath.Dir(dir), "outside-"+filepath.Base(dir)+".txt")
	if err := os.WriteFile(outside, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Remove(outside) })
	if err := os.Symlink(outside, "link.txt"); err != nil {
		t.Fatal(err)
	}

	if data, err := ReadSafeFile("file", "inside.txt", 100); err != nil || string(data) != "hello" {
		t.Errorf("inside.txt = %q, %v", data, err)
	}
	if data, err := ReadSafeFile("file", filepath.Join(dir, "inside.txt"), 100); err != nil || string(data) != "hello" {
		t.Errorf("absolute path inside = %q, %v", data, err)
	}
	for name, want := range map[string]string{
		"../" + filepath.Base(outside): "outside the server's working directory",
		outside:                        "outside the server's working directory",
		"link.txt":                     "cannot be read",
		"sub":                          "is a directory",
		"missing.txt":                  "cannot be read",
	} {
		if _, err := ReadSafeFile("file", name, 100); err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("%s: err = %v, want it to say %q", name, err, want)
		}
		if err := CheckSafeFile("file", name, 100); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CheckSafeFile(%s): err = %v, want it to say %q", name, err, want)
		}
	}
	if _, err := ReadSafeFile("file", "inside.txt", 3); err == nil || !strings.Contains(err.Error(), "the limit is 3") {
		t.Errorf("over the limit: err = %v", err)
	}
	if err := CheckSafeFile("file", "inside.txt", 3); err == nil || !strings.Contains(err.Error(), "the limit is 3") {
		t.Errorf("CheckSafeFile over the limit: err = %v", err)
	}
	if err := CheckSafeFile("file", "inside.txt", 100); err != nil {
		t.Errorf("CheckSafeFile(inside.txt) = %v", err)
	}
}
