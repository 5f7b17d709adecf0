package contract_test

import (
	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func init() { extraTours["confluence_templates"] = confTemplatesTour }

// confTemplatesTour reads Cloud's page templates, checks a content
// permission and lists a space's permissions; Server/DC has none of these.
func confTemplatesTour(tr *tourist, d atlassian.Deployment) {
	if d != atlassian.Cloud {
		return
	}
	list := tr.ok("GET", "/wiki/rest/api/template/page?limit=10", "")
	tr.ok("GET", "/wiki/rest/api/template/page?spaceKey=DEMO", "")
	tr.ok("GET", "/wiki/rest/api/template/"+str(list, "results", 0, "templateId"), "")
	tr.status(404, "GET", "/wiki/rest/api/template/404", "")

	spaces := tr.ok("GET", "/wiki/api/v2/spaces?keys=DEMO", "")
	sid := str(spaces, "results", 0, "id")
	pid := str(tr.ok("GET", "/wiki/api/v2/pages?space-id="+sid+"&title=Home", ""), "results", 0, "id")
	tr.ok("POST", "/wiki/rest/api/content/"+pid+"/permission/check", `{"subject":{"type":"user","identifier":"5b10a2844c20165700ede21b"},"operation":"update"}`)
	tr.ok("POST", "/wiki/rest/api/content/"+pid+"/permission/check", `{"subject":{"type":"group","identifier":"confluence-users"},"operation":"delete"}`)
	tr.ok("GET", "/wiki/api/v2/spaces/"+sid+"/permissions?limit=3", "")
}
