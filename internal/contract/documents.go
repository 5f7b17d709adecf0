package contract

import (
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// document describes one of Atlassian's OpenAPI documents and where its
// paths sit on the wire.
type document struct {
	// name is the file name without ".json"; it names the document in
	// violations and load statistics.
	name string
	// prefix is the part of the wire path in front of the document's own
	// paths: the path of its servers entry, which kin-openapi's routers would
	// want to match against a host we do not have.
	prefix string
	// claims are the wire path prefixes this document answers for. Routing by
	// prefix lets a test touching only Jira never load Confluence documents.
	claims []string
	// patches are the document-specific corrections; see patch.go.
	patches []patch
	// jiraDates makes format date-time accept Jira's "+0000" offsets.
	jiraDates bool
}

func (d *document) file() string { return d.name + ".json" }

var (
	jiraCloudPlatform = &document{
		name:      "jira-cloud-platform-v3",
		claims:    []string{"/rest/"},
		patches:   []patch{patchAssignNull},
		jiraDates: true,
	}
	jiraCloudAgile = &document{
		name: "jira-software-cloud-agile",
		claims: []string{
			"/rest/agile/", "/rest/builds/", "/rest/deployments/", "/rest/devinfo/",
			"/rest/featureflags/", "/rest/remotelinks/", "/rest/security/",
		},
		jiraDates: true,
	}
	jiraDC = &document{
		name:      "jira-software-dc-10.3",
		prefix:    "/rest",
		claims:    []string{"/rest/"},
		patches:   []patch{patchDCArrayResponses, patchAssignNull, patchDCVersionDates},
		jiraDates: true,
	}
	confluenceCloudV2 = &document{
		name:   "confluence-cloud-v2",
		prefix: "/wiki/api/v2",
		claims: []string{"/wiki/api/v2/"},
	}
	confluenceCloudV1 = &document{
		name:   "confluence-cloud-v1",
		claims: []string{"/wiki/rest/"},
	}
	confluenceDC = &document{
		name:    "confluence-dc-10.0.3",
		prefix:  "/confluence",
		claims:  []string{"/confluence/rest/"},
		patches: []patch{patchDCAttachmentListStatus, patchDCValidationErrors, patchDCUntypedPathParams},
	}
)

// deploymentDocuments lists the documents one sandbox host serves, per
// deployment: a host plays Cloud or Data Center for both products.
var deploymentDocuments = map[atlassian.Deployment][]*document{
	atlassian.Cloud:  {jiraCloudPlatform, jiraCloudAgile, confluenceCloudV2, confluenceCloudV1},
	atlassian.Server: {jiraDC, confluenceDC},
}

// allDocuments is every document this package uses, for Load's presence check.
var allDocuments = []*document{
	jiraCloudPlatform, jiraCloudAgile, jiraDC, confluenceCloudV2, confluenceCloudV1, confluenceDC,
}

// selectDocument picks the document for a wire path: the one with the
// longest claim that prefixes it. It returns the path relative to the
// document (prefix removed), or nil if no document claims the path.
func selectDocument(d atlassian.Deployment, wirePath string) (*document, string) {
	var best *document
	bestLen := -1
	for _, doc := range deploymentDocuments[d] {
		for _, c := range doc.claims {
			if len(c) > bestLen && strings.HasPrefix(wirePath, c) {
				best, bestLen = doc, len(c)
			}
		}
	}
	if best == nil {
		return nil, ""
	}
	return best, strings.TrimPrefix(wirePath, best.prefix)
}

// sitePath is the path a request to wirePath reaches on the site itself:
// the OAuth gateway prefix (Cloud) and the /rest/api/latest alias (Data
// Center) removed.
func sitePath(d atlassian.Deployment, wirePath string) string {
	if d == atlassian.Cloud {
		wirePath = stripGateway(wirePath)
	}
	return stripAlias(d, wirePath)
}

// stripGateway turns a path sent to the api.atlassian.com OAuth gateway into
// the path the site itself serves: /ex/jira/{cloudId}/rest/... becomes
// /rest/..., /ex/confluence/{cloudId}/wiki/... becomes /wiki/..., and the
// gateway's Confluence form without /wiki (/ex/confluence/{cloudId}/rest/api/...)
// gains it. The gateway exists for Cloud only; other paths are returned as is.
func stripGateway(p string) string {
	rest, ok := strings.CutPrefix(p, "/ex/")
	if !ok {
		return p
	}
	product, rest, ok := strings.Cut(rest, "/")
	if !ok {
		return p
	}
	_, rest, ok = strings.Cut(rest, "/") // cloud id
	if !ok {
		return p
	}
	rest = "/" + rest
	switch product {
	case "jira":
		return rest
	case "confluence":
		if strings.HasPrefix(rest, "/wiki/") {
			return rest
		}
		return "/wiki" + rest
	}
	return p
}

// stripAlias maps Jira DC's /rest/api/latest alias to /rest/api/2, the
// version the document describes and the one "latest" means on DC.
func stripAlias(d atlassian.Deployment, p string) string {
	if rest, ok := strings.CutPrefix(p, "/rest/api/latest/"); ok && d == atlassian.Server {
		return "/rest/api/2/" + rest
	}
	return p
}
