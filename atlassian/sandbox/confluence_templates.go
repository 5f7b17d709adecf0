package sandbox

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Confluence Cloud's page templates, content permission checks and space
// permission assignments. Server/DC has different APIs for these and the
// tools over them are Cloud-only, so these routes are Cloud-only too.

func init() {
	routeTables = append(routeTables, &confluenceTemplateRoutes, &confluencePermissionV2Routes)
}

// confluenceTemplateRoutes are Cloud's v1 template reads and the v1
// content permission check.
var confluenceTemplateRoutes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV1Cloud,
	routes: []route{
		{method: "GET", path: "/template/page", cloud: "getContentTemplates", handle: (*call).confTemplates},
		{method: "GET", path: "/template/{contentTemplateId}", cloud: "getContentTemplate", handle: (*call).confTemplate},
		{method: "POST", path: "/content/{id}/permission/check", cloud: "checkContentPermission", handle: (*call).confPermissionCheck},
	},
}

// confluencePermissionV2Routes are Cloud's v2 space permission list.
var confluencePermissionV2Routes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV2Root,
	routes: []route{
		{method: "GET", path: "/spaces/{id}/permissions", cloud: "getSpacePermissionsAssignments", handle: (*call).confV2SpacePermissions},
	},
}

type confTemplate struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Space       string `json:"space"`
	Body        string `json:"body"`
}

// confTemplates are the seeded templates; they never change, so they are
// read once per request from the embedded seed.
func confTemplates() []confTemplate {
	var seed struct {
		Templates []confTemplate `json:"templates"`
	}
	loadSeed("confluence_templates.json", &seed)
	return seed.Templates
}

func (c *call) v1Template(x *confCtx, t confTemplate, withBody bool) confMap {
	m := confMap{"templateId": t.ID, "name": t.Name, "description": t.Description, "templateType": "page",
		"editorVersion": "v2", "labels": []any{}, "originalTemplate": confMap{"pluginKey": "", "moduleKey": ""},
		"_links": confMap{"base": x.base, "context": x.context(), "self": x.base + "/rest/api/template/" + t.ID}}
	if t.Space != "" {
		m["space"] = confMap{"key": t.Space}
	}
	if withBody {
		m["body"] = confMap{"storage": confMap{"value": t.Body, "representation": "storage"}}
	} else {
		m["_expandable"] = confMap{"body": ""}
	}
	return m
}

func (c *call) confTemplates() {
	start, limit, ok := c.confDCPaging(200)
	if !ok {
		return
	}
	space := c.r.URL.Query().Get("spaceKey")
	if space != "" && c.conf.spaces.named(space) == nil {
		c.fail(http.StatusNotFound, "No space with key : "+space)
		return
	}
	var list []confTemplate
	for _, t := range confTemplates() {
		if strings.EqualFold(t.Space, space) {
			list = append(list, t)
		}
	}
	x := c.confluence()
	results := []any{}
	for _, t := range window(list, start, limit) {
		results = append(results, c.v1Template(x, t, false))
	}
	c.confDCList(x, "/rest/api/template/page", results, start, limit, len(list))
}

func (c *call) confTemplate() {
	id := c.r.PathValue("contentTemplateId")
	for _, t := range confTemplates() {
		if t.ID == id {
			c.json(http.StatusOK, c.v1Template(c.confluence(), t, true))
			return
		}
	}
	c.fail(http.StatusNotFound, "No template with id "+id)
}

// confPermissionCheck answers whether a user (by account id) or a group
// may read, update or delete content: every known user and the
// confluence-users group may read; writing needs write access to the
// space.
func (c *call) confPermissionCheck() {
	var in struct {
		Subject struct {
			Type       string `json:"type"`
			Identifier string `json:"identifier"`
		} `json:"subject"`
		Operation string `json:"operation"`
	}
	if !c.decodeConfJSON(&in) {
		return
	}
	content := c.conf.get(c.r.PathValue("id"))
	if content == nil || content.status != "current" {
		c.fail(http.StatusNotFound, confNotFoundID(c.r.PathValue("id")))
		return
	}
	if in.Operation != "read" && in.Operation != "update" && in.Operation != "delete" {
		c.fail(http.StatusBadRequest, "Unsupported operation: "+in.Operation+". Use read, update or delete")
		return
	}
	deny := func(msg string) {
		c.json(http.StatusOK, confMap{"hasPermission": false, "errors": []any{confMap{"translation": msg, "args": []any{}}}})
	}
	switch in.Subject.Type {
	case "user":
		u := c.s.userByAccountID(in.Subject.Identifier)
		switch {
		case u == nil:
			deny("User is not allowed to use Confluence")
		case in.Operation != "read" && !c.conf.canWrite(u, content.space):
			deny("User does not have permission to the content")
		default:
			c.json(http.StatusOK, confMap{"hasPermission": true})
		}
	case "group":
		if in.Subject.Identifier == "confluence-users" && in.Operation == "read" {
			c.json(http.StatusOK, confMap{"hasPermission": true})
			return
		}
		deny("Group does not have permission to the content")
	default:
		c.fail(http.StatusBadRequest, "The subject type must be user or group")
	}
}

// confV2SpacePermissions lists, per user, the space permissions they
// hold: read and use for all, create on pages, blog posts, comments and
// attachments for those who may write.
func (c *call) confV2SpacePermissions() {
	id, ok := c.confV2PathID()
	if !ok {
		return
	}
	offset, limit, ok := c.confV2Paging()
	if !ok {
		return
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	sp := c.conf.spaces.get(strconv.FormatInt(n, 10))
	if sp == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	var all []any
	add := func(u *User, key, target string) {
		all = append(all, confMap{"id": strconv.Itoa(len(all) + 1), "principal": confMap{"type": "user", "id": u.AccountID},
			"operation": confMap{"key": key, "targetType": target}})
	}
	for i := range c.s.users {
		u := &c.s.users[i]
		add(u, "read", "space")
		if c.conf.canWrite(u, sp) {
			for _, target := range []string{"page", "blogpost", "comment", "attachment"} {
				add(u, "create", target)
			}
		}
	}
	all = append(all, confMap{"id": strconv.Itoa(len(all) + 1), "principal": confMap{"type": "group", "id": "confluence-users"},
		"operation": confMap{"key": "read", "targetType": "space"}})
	results := window(all, offset, limit)
	if results == nil {
		results = []any{}
	}
	c.confV2List(c.confluence().base, results, offset, limit, len(all))
}
