package sandbox

import (
	"embed"
	"encoding/json"
	"fmt"
)

// The seeded demo data lives in seed/*.json rather than in Go literals, so
// that adding an issue, a page or a whole resource's fixtures is an edit
// of data. The files are embedded: the sandbox needs nothing at run time.
//
//go:embed seed/*.json
var seedFiles embed.FS

// loadSeed decodes seed/name into v; the files are part of the build, so
// a failure is a bug in them and panics with the reason.
func loadSeed(name string, v any) {
	data, err := seedFiles.ReadFile("seed/" + name)
	if err == nil {
		err = json.Unmarshal(data, v)
	}
	if err != nil {
		panic(fmt.Errorf("sandbox: seed/%s: %w", name, err))
	}
}

// confluenceSeed is seed/confluence.json: spaces, then pages and blog posts
// in id order (65537 Home …), then comments, then the content added after
// them (Appended), which keeps the ids before it where tests know them.
// Bodies are storage XHTML in the compact notation expandSeed turns into
// this deployment's dialect.
type confluenceSeed struct {
	Spaces   []confSeedSpace   `json:"spaces"`
	Pages    []confSeedContent `json:"pages"`
	Comments []confSeedComment `json:"comments"`
	Appended []confSeedContent `json:"appended"`
}

type confSeedSpace struct {
	ID          int64    `json:"id"`
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Creator     string   `json:"creator"`
	Hours       int      `json:"hours"`              // created, after confSeedBase
	ReadOnly    []string `json:"readOnly,omitempty"` // users who may read but not write
}

type confSeedVersion struct {
	Author  string `json:"author"`
	Hours   int    `json:"hours"` // after confSeedBase
	Message string `json:"message,omitempty"`
	Body    string `json:"body"`
}

type confSeedContent struct {
	Ref      string            `json:"ref"` // name other seeds use to refer to this one
	Type     string            `json:"type"`
	Space    string            `json:"space"`
	Parent   string            `json:"parent,omitempty"` // ref of the parent page
	Title    string            `json:"title"`
	Labels   []string          `json:"labels,omitempty"`
	Versions []confSeedVersion `json:"versions"` // oldest first
}

type confSeedComment struct {
	Ref     string `json:"ref"`
	On      string `json:"on"`                // page ref
	ReplyTo string `json:"replyTo,omitempty"` // comment ref
	Author  string `json:"author"`
	Hours   int    `json:"hours"`
	Body    string `json:"body"`
}
