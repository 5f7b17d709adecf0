// Command buildcaddy builds ./caddy with this module from xcaddy.json, the
// build manifest. The manifest uses the field names of xcaddy's Builder
// type; this command turns it into xcaddy CLI flags, installing the pinned
// xcaddy first when it is missing, so a machine with only Go can build.
//
//	go run ./internal/buildcaddy [-o ./caddy]
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// xcaddyVersion is the xcaddy release the build is tested with.
const xcaddyVersion = "v0.4.5"

// manifest is the subset of xcaddy.Builder's JSON that the CLI can express.
type manifest struct {
	CaddyVersion string `json:"caddy_version"`
	Plugins      []struct {
		ModulePath string `json:"module_path"`
		Version    string `json:"version"`
	} `json:"plugins"`
	Replacements []struct {
		Old string `json:"old"`
		New string `json:"new"`
	} `json:"replacements"`
}

func main() {
	out := flag.String("o", "caddy", "output binary")
	file := flag.String("manifest", "xcaddy.json", "build manifest")
	flag.Parse()
	if err := run(*file, *out); err != nil {
		fmt.Fprintln(os.Stderr, "buildcaddy:", err)
		os.Exit(1)
	}
}

func run(file, out string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var m manifest
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if m.CaddyVersion == "" || len(m.Plugins) == 0 {
		return fmt.Errorf("%s: caddy_version and plugins are required", file)
	}
	dir, err := filepath.Abs(filepath.Dir(file))
	if err != nil {
		return err
	}
	args := []string{"build", m.CaddyVersion, "--output", out}
	replaced := map[string]string{}
	for _, r := range m.Replacements {
		target := r.New
		if strings.HasPrefix(target, ".") {
			target = filepath.Join(dir, target)
		}
		replaced[r.Old] = target
	}
	for _, p := range m.Plugins {
		spec := p.ModulePath
		if p.Version != "" {
			spec += "@" + p.Version
		}
		if target, ok := replaced[p.ModulePath]; ok {
			spec += "=" + target
			delete(replaced, p.ModulePath)
		}
		args = append(args, "--with", spec)
	}
	for old, target := range replaced {
		args = append(args, "--replace", old+"="+target)
	}
	xcaddy, err := findXcaddy()
	if err != nil {
		return err
	}
	cmd := exec.Command(xcaddy, args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	// A local replacement must not be looked up on the module proxy, which
	// may answer "forbidden" rather than "not found" for its path.
	cmd.Env = append(os.Environ(), "GOPROXY="+proxyWithFallback())
	fmt.Fprintln(os.Stderr, "buildcaddy:", xcaddy, strings.Join(args, " "))
	return cmd.Run()
}

func proxyWithFallback() string {
	p := os.Getenv("GOPROXY")
	if p == "" {
		out, err := exec.Command("go", "env", "GOPROXY").Output()
		if err == nil {
			p = strings.TrimSpace(string(out))
		}
	}
	if p == "" || p == "off" {
		return "off"
	}
	first := strings.FieldsFunc(p, func(r rune) bool { return r == ',' || r == '|' })[0]
	if first == "direct" || first == "off" {
		return first
	}
	return first + "|off"
}

// findXcaddy returns the xcaddy binary, installing the pinned version
// into GOBIN (or GOPATH/bin) if it is not there yet.
func findXcaddy() (string, error) {
	bin := os.Getenv("GOBIN")
	if bin == "" {
		out, err := exec.Command("go", "env", "GOPATH").Output()
		if err != nil {
			return "", err
		}
		bin = filepath.Join(strings.TrimSpace(string(out)), "bin")
	}
	path := filepath.Join(bin, "xcaddy")
	if _, err := os.Stat(path); err == nil {
		return path, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	fmt.Fprintln(os.Stderr, "buildcaddy: installing xcaddy", xcaddyVersion)
	cmd := exec.Command("go", "install", "github.com/caddyserver/xcaddy/cmd/xcaddy@"+xcaddyVersion)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("installing xcaddy: %w", err)
	}
	return path, nil
}
