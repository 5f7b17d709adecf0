package contract

import (
	"fmt"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Operation names the document and the operation that describe method on
// wirePath in deployment d, without a request: a {name} segment matches
// any parameter of the document's template, so route patterns such as the
// sandbox's /rest/api/3/issue/{issueIdOrKey} can be looked up as written.
// It fails when no document of d has such an operation.
func (v *Validator) Operation(d atlassian.Deployment, method, wirePath string) (document, operationID string, err error) {
	doc, docPath := selectDocument(d, sitePath(d, wirePath))
	if doc == nil {
		return "", "", fmt.Errorf("contract: no %s document claims %s", d, wirePath)
	}
	sp, err := loadSpec(v.dir, doc)
	if err != nil {
		return doc.name, "", err
	}
	route, _, err := sp.router.find(method, docPath)
	if err != nil {
		return doc.name, "", fmt.Errorf("contract: %s %s in %s: %w", method, wirePath, doc.name, err)
	}
	return doc.name, route.Operation.OperationID, nil
}
