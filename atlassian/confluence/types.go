package confluence

// Page is a Confluence page in one shape for both deployments.
type Page struct {
	ID             string
	Title          string
	Type           string
	Subtype        string // Cloud v2 page subtype, e.g. "live"; "" for a classic page
	Status         string
	SpaceID        string
	SpaceKey       string // empty when the space could not be looked up (see Notes)
	SpaceName      string
	ParentID       string
	Body           string // storage-format XHTML
	Version        int
	VersionMessage string
	VersionAuthor  string // account id (Cloud) or username (DC)
	VersionDate    string
	Author         string // account id (Cloud) or username (DC)
	Created        string
	URL            string // absolute web URL
	Ancestors      []PageRef
	// Notes explain auxiliary lookups that failed without failing the
	// read, e.g. the page's space.
	Notes []string
}

// PageRef names a page.
type PageRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Comment is a footer or inline comment.
type Comment struct {
	ID       string
	Body     string // storage-format XHTML
	Author   string // account id (Cloud) or display name (DC)
	Created  string
	Version  int
	ParentID string
	// Location is footer or inline (or resolved, for a resolved inline
	// comment on Server/DC), as the v1 extensions.location says; "" when
	// the answer did not say.
	Location string
}

// SearchResult is one CQL hit.
type SearchResult struct {
	ID           string
	Type         string
	Title        string
	SpaceKey     string
	SpaceName    string
	URL          string
	Excerpt      string
	LastModified string
}

// Representation is how a page or comment body is written.
type Representation string

const (
	Storage Representation = "storage"
	Wiki    Representation = "wiki"
)

// NewPage describes a page to create.
type NewPage struct {
	SpaceKey       string
	Title          string
	ParentID       string
	Body           string
	Representation Representation
	// Subtype is a Cloud page subtype ("live"); Server/DC has none.
	Subtype string
}

// PageUpdate describes a change to a page. A nil Body keeps the current
// body; an empty ParentID keeps the parent.
type PageUpdate struct {
	ID             string
	Title          string
	Body           *string
	Representation Representation
	ParentID       string
	MinorEdit      bool
	Message        string
	// Base, when set, is the page as the caller read it: the write is its
	// next version, so Confluence refuses it (409) if someone saved since,
	// and the page is not read again.
	Base *Page
}
