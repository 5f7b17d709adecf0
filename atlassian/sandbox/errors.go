package sandbox

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Atlassian answers errors in three shapes, and clients parse each one:
// Jira's ErrorCollection, Confluence v1's statusCode/message and Confluence
// v2's errors[]. Handlers call c.fail and never build these themselves.

// writeJSON answers with a JSON body. Like Atlassian's servers it leaves
// '&', '<' and '>' as they are (encoding/json would write \u0026 and the
// like into every avatar URL and storage-format body).
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// jiraError answers in Jira's ErrorCollection shape; both lists are always
// present, as on real sites.
func jiraError(w http.ResponseWriter, status int, messages []string, fieldErrors map[string]string) {
	if messages == nil {
		messages = []string{}
	}
	if fieldErrors == nil {
		fieldErrors = map[string]string{}
	}
	writeJSON(w, status, map[string]any{"errorMessages": messages, "errors": fieldErrors})
}

// confluenceV2Error answers in the v2 shape. Cloud puts the message in
// title and leaves detail null, as observed on real sites (e.g. a 409
// titled "Version must be incremented when updating a page. Current
// Version: [5]. Provided version: [5]").
func confluenceV2Error(w http.ResponseWriter, status int, message string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{
		"status": status, "code": strings.ToUpper(strings.ReplaceAll(http.StatusText(status), " ", "_")),
		"title": message, "detail": nil,
	}}})
}

// confluenceV1Error answers in the v1 shape, which Cloud's /wiki/rest/api
// and Server/DC share; details are listed under data.errors as
// Confluence's message objects.
func confluenceV1Error(w http.ResponseWriter, status int, message string, details ...string) {
	errs := []any{}
	for _, d := range details {
		errs = append(errs, map[string]any{"message": map[string]any{"translation": d, "args": []any{}}})
	}
	writeJSON(w, status, map[string]any{
		"statusCode": status, "message": message, "reason": http.StatusText(status),
		"data": map[string]any{"authorized": status != http.StatusUnauthorized && status != http.StatusForbidden, "valid": false, "errors": errs, "successful": false},
	})
}

// productError answers in the shape the product (and, for Confluence, the
// API version of path) uses. For Jira, details are further messages.
func productError(w http.ResponseWriter, product atlassian.Product, path string, status int, message string, details ...string) {
	switch {
	case product != atlassian.Confluence:
		jiraError(w, status, append([]string{message}, details...), nil)
	case strings.Contains(path, "/api/v2/"):
		confluenceV2Error(w, status, message)
	default:
		confluenceV1Error(w, status, message, details...)
	}
}

func (s *Server) unauthorized(w http.ResponseWriter, product atlassian.Product, path string) {
	w.Header().Set("WWW-Authenticate", `Basic realm="sandbox"`)
	message := "You are not authenticated. Authentication required to perform this operation."
	if product == atlassian.Confluence {
		message = "This request requires authentication: the credentials were missing or wrong."
	}
	productError(w, product, path, http.StatusUnauthorized, message)
}

func (s *Server) notFound(w http.ResponseWriter, product atlassian.Product, path string) {
	message := "null for uri: " + path
	if product == atlassian.Confluence {
		message = "No route for " + path
	}
	productError(w, product, path, http.StatusNotFound, message)
}
