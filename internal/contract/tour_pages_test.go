package contract_test

import (
	"net/url"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

func init() { extraTours["pages"] = pagesTour }

// pagesTour reaches the page operations past create/read/update: children,
// delete, move, copy, labels, properties, restrictions, user lookups and
// view counts.
func pagesTour(tr *tourist, d atlassian.Deployment) {
	if d == atlassian.Cloud {
		pagesCloudTour(tr)
		return
	}
	pagesDCTour(tr)
}

func pagesCloudTour(tr *tourist) {
	const v2, v1 = "/wiki/api/v2", "/wiki/rest/api"
	sid := str(tr.ok("GET", v2+"/spaces?keys=DEMO", ""), "results", 0, "id")
	home := str(tr.ok("GET", v2+"/pages?space-id="+sid+"&title=Home", ""), "results", 0, "id")
	tr.ok("GET", v2+"/pages/"+home+"/direct-children?limit=2", "")
	tr.ok("GET", v2+"/pages/"+home+"/labels", "")
	tr.status(404, "GET", v2+"/pages/999999999/direct-children", "")

	a := str(tr.ok("POST", v2+"/pages", `{"spaceId":`+quote(sid)+`,"status":"current","title":"Pages tour A","subtype":"live","body":{"representation":"storage","value":"<p>a</p>"}}`), "id")
	b := str(tr.ok("POST", v2+"/pages", `{"spaceId":`+quote(sid)+`,"status":"current","title":"Pages tour B","body":{"representation":"storage","value":"<p>b</p>"}}`), "id")
	tr.ok("PUT", v1+"/content/"+b+"/move/append/"+a, "")
	tr.status(400, "PUT", v1+"/content/"+a+"/move/append/"+b, "")
	tr.ok("POST", v1+"/content/"+a+"/copy", `{"copyAttachments":true,"copyPermissions":false,"copyProperties":false,"copyLabels":false,"pageTitle":"Pages tour copy","destination":{"type":"space","value":"TEAM"}}`)

	tr.ok("POST", v1+"/content/"+a+"/label", `[{"prefix":"global","name":"tour"}]`)
	tr.status(400, "POST", v1+"/content/"+a+"/label", `[{"prefix":"global","name":"has space"}]`)

	prop := tr.ok("POST", v2+"/pages/"+a+"/properties", `{"key":"emoji-title-published","value":"1f4dd"}`)
	tr.ok("GET", v2+"/pages/"+a+"/properties?key=emoji-title-published", "")
	tr.ok("PUT", v2+"/pages/"+a+"/properties/"+str(prop, "id"), `{"key":"emoji-title-published","value":"1f680","version":{"number":2}}`)
	tr.status(409, "PUT", v2+"/pages/"+a+"/properties/"+str(prop, "id"), `{"key":"emoji-title-published","value":"1f680","version":{"number":2}}`)

	tr.ok("PUT", v1+"/content/"+a+"/restriction",
		`[{"operation":"read","restrictions":{"user":[{"type":"known","accountId":"5b10a2844c20165700ede21b"}],"group":[{"type":"group","name":"confluence-administrators"}]}},{"operation":"update","restrictions":{"user":[],"group":[]}}]`)
	tr.ok("GET", v1+"/content/"+a+"/restriction/byOperation", "")

	tr.ok("GET", v1+"/search/user?cql="+url.QueryEscape(`user.fullname ~ "bob"`)+"&limit=5", "")
	tr.status(400, "GET", v1+"/search/user?cql="+url.QueryEscape(`nonsense`), "")
	tr.ok("GET", v1+"/analytics/content/"+home+"/views", "")

	tr.status(204, "DELETE", v2+"/pages/"+b, "")
	tr.status(404, "GET", v2+"/pages/"+b, "")
}

func pagesDCTour(tr *tourist) {
	const api = "/confluence/rest/api"
	home := str(tr.ok("GET", api+"/content?spaceKey=DEMO&title=Home&type=page", ""), "results", 0, "id")
	tr.ok("GET", api+"/content/"+home+"/label", "")

	a := str(tr.ok("POST", api+"/content", `{"type":"page","title":"Pages tour A","space":{"key":"DEMO"},"body":{"storage":{"value":"<p>a</p>","representation":"storage"}}}`), "id")
	tr.ok("POST", api+"/content/"+a+"/label", `{"prefix":"global","name":"tour"}`)

	tr.status(404, "GET", api+"/content/"+a+"/property/content-appearance-published", "")
	tr.ok("POST", api+"/content/"+a+"/property", `{"key":"content-appearance-published","value":"full-width"}`)
	tr.ok("PUT", api+"/content/"+a+"/property/content-appearance-published", `{"key":"content-appearance-published","value":"max","version":{"number":2,"minorEdit":true}}`)
	tr.ok("GET", api+"/content/"+a+"/property/content-appearance-published", "")

	tr.ok("PUT", api+"/content/"+a+"/restriction",
		`[{"operation":"update","restrictions":{"user":[{"type":"known","username":"bob"}],"group":[]}}]`)
	tr.ok("GET", api+"/content/"+a+"/restriction/byOperation", "")
	tr.ok("GET", api+"/group/confluence-users/member?start=0&limit=200", "")
	tr.status(404, "GET", api+"/group/no-such-group/member", "")

	tr.status(204, "DELETE", api+"/content/"+a, "")
	tr.status(404, "GET", api+"/content/"+a, "")
}
