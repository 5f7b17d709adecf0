package contract

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// Violation is one way an exchange breaks the documents.
type Violation struct {
	Method    string
	Path      string // as received, gateway prefix included
	Operation string // operationId, "" when no operation matched
	Where     string // "request", "response" or "route"
	Status    int    // the status the handler answered with
	Message   string
	Body      string // excerpt of the request or response body concerned
}

func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s → %d", v.Method, v.Path, v.Status)
	if v.Operation != "" {
		fmt.Fprintf(&b, " (%s)", v.Operation)
	}
	fmt.Fprintf(&b, ": %s: %s", v.Where, v.Message)
	if v.Body != "" {
		fmt.Fprintf(&b, "\n\t%s body: %s", v.Where, v.Body)
	}
	return b.String()
}

// Call is one exchange seen by a Recorder.
type Call struct {
	Operation  string // operationId, "" when no operation matched
	Document   string // document name, e.g. "jira-cloud-platform-v3"
	Method     string
	Path       string // as received
	Template   string // the document's path template
	Status     int
	Deprecated bool   // the operation is deprecated in the document
	Note       string // e.g. an undocumented standard error status, or allow-listed
}

const (
	maxMessage = 400
	maxExcerpt = 300
)

// errorMessages flattens kin-openapi's error tree into one short message
// per problem, naming the parameter or body location.
func errorMessages(err error) []string {
	var out []string
	var walk func(prefix string, err error)
	walk = func(prefix string, err error) {
		switch e := err.(type) {
		case openapi3.MultiError:
			for _, x := range e {
				walk(prefix, x)
			}
		case *openapi3filter.RequestError:
			p := prefix
			switch {
			case e.Parameter != nil:
				p = fmt.Sprintf("%s parameter %q", e.Parameter.In, e.Parameter.Name)
			case e.RequestBody != nil:
				p = "body"
			}
			if e.Err == nil {
				out = append(out, joinMessage(p, e.Reason))
				return
			}
			if e.Reason != "" && !strings.HasPrefix(e.Reason, "doesn't match schema") {
				p = joinMessage(p, e.Reason)
			}
			walk(p, e.Err)
		case *openapi3filter.ResponseError:
			if e.Err == nil {
				out = append(out, joinMessage(prefix, e.Reason))
				return
			}
			p := prefix
			if strings.HasPrefix(e.Reason, "response body doesn't match schema") {
				p = joinMessage(prefix, "body")
			} else if e.Reason != "" {
				p = joinMessage(prefix, e.Reason)
			}
			walk(p, e.Err)
		case *openapi3.SchemaError:
			var all openapi3.MultiError
			if e.SchemaField == "allOf" && errors.As(e.Origin, &all) {
				// The failing parts carry full paths; list them, not "doesn't match all".
				walk(prefix, all)
				return
			}
			msg := e.Error()
			if ptr := e.JSONPointer(); len(ptr) > 0 {
				// Error() starts with `Error at "/a/b": `; say it shorter.
				msg = strings.TrimPrefix(msg, fmt.Sprintf("Error at %q: ", "/"+strings.Join(ptr, "/")))
				msg = "at /" + strings.Join(ptr, "/") + ": " + msg
			}
			out = append(out, joinMessage(prefix, msg))
		default:
			out = append(out, joinMessage(prefix, err.Error()))
		}
	}
	walk("", err)
	for i, m := range out {
		out[i] = truncate(strings.Join(strings.Fields(m), " "), maxMessage)
	}
	return out
}

func joinMessage(prefix, msg string) string {
	if prefix == "" {
		return msg
	}
	if msg == "" {
		return prefix
	}
	return prefix + ": " + msg
}

// excerpt shows the start of a body if it is text, or its size and type.
func excerpt(body []byte, header http.Header) string {
	if len(body) == 0 {
		return ""
	}
	ct := ""
	if header != nil {
		ct = header.Get("Content-Type")
	}
	mt, _, _ := mime.ParseMediaType(ct)
	text := ct == "" || strings.HasPrefix(mt, "text/") || strings.HasSuffix(mt, "json") || strings.HasSuffix(mt, "xml") ||
		mt == "application/x-www-form-urlencoded"
	if !text || !utf8.Valid(body) {
		return fmt.Sprintf("<%d bytes of %s>", len(body), ct)
	}
	return truncate(string(body), maxExcerpt)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
