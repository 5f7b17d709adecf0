package tool

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// FetchInline downloads one attachment to answer inline, for Jira and
// Confluence alike. A file is refused before its bytes are read when its
// announced size passes MaxFileBytes or what is left of the answer's
// budget, and while reading when the bytes do; get downloads with the cap
// it is given. It returns the bytes and their media type: the announced
// one, else the download's, else application/octet-stream.
func FetchInline(budget *InlineBudget, product, name string, size int64, mediaType string,
	get func(max int64) (*atlassian.Download, error)) ([]byte, string, error) {
	if size > MaxFileBytes {
		return nil, "", fmt.Errorf("attachment %q is %d bytes, over the 50 MB inline limit; download it from %s directly", name, size, product)
	}
	if err := budget.Admit(size); err != nil {
		return nil, "", err
	}
	dl, err := get(MaxFileBytes)
	var tooLarge *atlassian.ResponseTooLargeError
	if errors.As(err, &tooLarge) {
		return nil, "", fmt.Errorf("attachment %q is over the 50 MB inline limit; download it from %s directly", name, product)
	}
	if err != nil {
		return nil, "", fmt.Errorf("downloading attachment %q: %w", name, err)
	}
	defer dl.Close()
	budget.Spend(len(dl.Data))
	if mediaType == "" {
		mediaType = dl.MediaType()
	}
	if mediaType == "" {
		mediaType = "application/octet-stream"
	}
	return dl.Data, mediaType, nil
}

// imageTypes are the image media types clients render, and imageExts
// the same by file extension.
var (
	imageTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true, "image/svg+xml": true, "image/bmp": true}
	imageExts  = map[string]string{".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
		".webp": "image/webp", ".svg": "image/svg+xml", ".bmp": "image/bmp"}
)

// ImageType tells whether a file is an image clients can show, and its
// media type, as mcp-atlassian decides it: by the announced type
// (parameters and case ignored), or by the extension when the site
// announced only a generic binary type.
func ImageType(mediaType, filename string) (string, bool) {
	mt, _, _ := strings.Cut(mediaType, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	if mt == "image/jpg" {
		mt = "image/jpeg"
	}
	if imageTypes[mt] {
		return mt, true
	}
	switch mt {
	case "", "application/octet-stream", "application/binary", "multipart/form-data":
		byExt, ok := imageExts[strings.ToLower(filepath.Ext(filename))]
		return byExt, ok
	}
	return "", false
}
