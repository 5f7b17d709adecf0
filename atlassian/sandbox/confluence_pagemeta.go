package sandbox

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// What hangs off a page besides its body: labels, content properties
// (where the editor keeps the title emoji and page width), view and edit
// restrictions and view counts; plus the user directory lookups the page
// tools use (Cloud's CQL user search, DC's group members).

var confluencePageMetaV2Routes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV2Root,
	routes: []route{
		{method: "GET", path: "/pages/{id}/labels", cloud: "getPageLabels", handle: (*call).confV2PageLabels},
		{method: "GET", path: "/blogposts/{id}/labels", cloud: "getBlogPostLabels", handle: (*call).confV2PageLabels},
		{method: "GET", path: "/pages/{id}/properties", cloud: "getPageContentProperties", handle: (*call).confV2Properties},
		{method: "POST", path: "/pages/{id}/properties", cloud: "createPageProperty", handle: (*call).confV2CreateProperty},
		{method: "PUT", path: "/pages/{id}/properties/{propertyId}", cloud: "updatePagePropertyById", handle: (*call).confV2UpdateProperty},
	},
}

var confluencePageMetaV1Routes = routeTable{
	product: atlassian.Confluence, cloudRoot: confluenceV1Cloud, dcRoots: confluenceV1DCRoot,
	routes: []route{
		{method: "GET", path: "/content/{id}/label", dc: "labels", handle: (*call).confV1Labels},
		{method: "POST", path: "/content/{id}/label", cloud: "addLabelsToContent", dc: "addLabels", handle: (*call).confAddLabels},
		{method: "GET", path: "/content/{id}/property/{key}", dc: "findByKey", handle: (*call).confDCProperty},
		{method: "POST", path: "/content/{id}/property", dc: "create_1", handle: (*call).confDCCreateProperty},
		{method: "PUT", path: "/content/{id}/property/{key}", dc: "update_1", handle: (*call).confDCUpdateProperty},
		{method: "GET", path: "/content/{id}/restriction/byOperation", cloud: "getRestrictionsByOperation", dc: "byOperation", handle: (*call).confRestrictions},
		{method: "PUT", path: "/content/{id}/restriction", cloud: "updateRestrictions", dc: "updateRestrictions", handle: (*call).confSetRestrictions},
		{method: "GET", path: "/search/user", cloud: "searchUser", handle: (*call).confSearchUser},
		{method: "GET", path: "/group/{groupName}/member", dc: "getMembers", handle: (*call).confGroupMembers},
		{method: "GET", path: "/analytics/content/{contentId}/views", cloud: "getViews", handle: (*call).confPageViews},
	},
}

func init() {
	routeTables = append(routeTables, &confluencePageMetaV2Routes, &confluencePageMetaV1Routes)
}

// confV1Content finds live content (a page or blog post) by the {id} path
// value, answering the v1 404 itself.
func (c *call) confV1Content(name string) *confContent {
	id := c.r.PathValue(name)
	content := c.conf.get(id)
	if content == nil || content.typ == "comment" || content.status == "trashed" {
		c.fail(http.StatusNotFound, confNotFoundID(id))
		return nil
	}
	return content
}

// confV2LivePage finds a live page by a numeric v2 path value.
func (c *call) confV2LivePage(name string) *confContent {
	id := c.r.PathValue(name)
	if _, err := strconv.ParseInt(id, 10, 64); err != nil {
		c.fail(http.StatusBadRequest, "Provided value {"+id+"} for '"+name+"' is not the correct type. Expected type is ContentId")
		return nil
	}
	page := c.conf.get(id)
	if !confLivePage(page) {
		c.fail(http.StatusNotFound, "Not Found")
		return nil
	}
	return page
}

// ---- labels -------------------------------------------------------------------

// confV2PageLabels is GET /pages/{id}/labels and GET
// /blogposts/{id}/labels.
func (c *call) confV2PageLabels() {
	id, ok := c.confV2PathID()
	if !ok {
		return
	}
	page := c.confV2Container(id)
	if page == nil {
		c.fail(http.StatusNotFound, "Not Found")
		return
	}
	offset, limit, ok := c.confV2Paging()
	if !ok {
		return
	}
	results := []any{}
	for _, l := range window(page.labels, offset, limit) {
		results = append(results, confMap{"id": c.conf.labelID(l), "name": l, "prefix": "global"})
	}
	c.confV2List(c.confluence().base, results, offset, limit, len(page.labels))
}

func (c *call) confV1Labels() {
	content := c.confV1Content("id")
	if content == nil {
		return
	}
	c.json(http.StatusOK, c.confluence().v1Labels(content))
}

// confLabelName is what Confluence accepts as a label: no whitespace, none
// of its reserved characters.
var confLabelName = regexp.MustCompile(`^[^\s:;,.?&\[\]()#^*@!]{1,255}$`)

// confAddLabels is POST /content/{id}/label with one label or an array.
func (c *call) confAddLabels() {
	content := c.confV1Content("id")
	if content == nil {
		return
	}
	type labelIn struct {
		Prefix string `json:"prefix"`
		Name   string `json:"name"`
	}
	var raw json.RawMessage
	if !c.decodeConfJSON(&raw) {
		return
	}
	var labels []labelIn
	if json.Unmarshal(raw, &labels) != nil {
		var one labelIn
		if json.Unmarshal(raw, &one) != nil {
			c.fail(http.StatusBadRequest, "The body must be a label {\"prefix\": …, \"name\": …} or an array of them")
			return
		}
		labels = []labelIn{one}
	}
	if !c.conf.canWrite(c.user, content.space) {
		c.fail(http.StatusForbidden, "User not permitted to label content with id "+content.id)
		return
	}
	for _, l := range labels {
		name := strings.ToLower(strings.TrimSpace(l.Name))
		if l.Prefix != "" && l.Prefix != "global" && l.Prefix != "my" && l.Prefix != "team" {
			c.fail(http.StatusBadRequest, "Invalid label prefix: "+l.Prefix)
			return
		}
		if !confLabelName.MatchString(name) {
			c.fail(http.StatusBadRequest, "Invalid label name: "+l.Name+" (labels cannot contain spaces or any of :;,.?&[]()#^*@!)")
			return
		}
		if !containsString(content.labels, name) {
			content.labels = append(content.labels, name)
			c.conf.labelID(name)
		}
	}
	c.json(http.StatusOK, c.confluence().v1Labels(content))
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// ---- content properties ------------------------------------------------------------

// confProperty is a content property: a JSON value under a key.
type confProperty struct {
	id      string
	key     string
	value   json.RawMessage
	version int
	by      *User
	when    time.Time
}

func (e *pageExtras) property(key string) *confProperty {
	for _, p := range e.properties {
		if p.key == key {
			return p
		}
	}
	return nil
}

// addProperty stores a new property; the id comes from the content ids.
func (st *confluenceStore) addProperty(content *confContent, key string, value json.RawMessage, by *User) *confProperty {
	p := &confProperty{id: strconv.FormatInt(st.nextID, 10), key: key, value: value, version: 1, by: by, when: st.now()}
	st.nextID++
	content.extras.properties = append(content.extras.properties, p)
	return p
}

func (x *confCtx) v2Property(p *confProperty) confMap {
	v := confMap{"createdAt": confTime(p.when), "message": "", "number": p.version, "minorEdit": false}
	if p.by != nil {
		v["authorId"] = p.by.AccountID
	}
	return confMap{"id": p.id, "key": p.key, "value": p.value, "version": v}
}

func (x *confCtx) v1Property(content *confContent, p *confProperty) confMap {
	return confMap{
		"id": p.id, "key": p.key, "value": p.value,
		"version": confMap{"when": confTime(p.when), "number": p.version, "minorEdit": false, "message": "", "by": x.v1User(p.by)},
		"content": confMap{"id": content.id, "type": content.typ, "status": content.status, "title": content.title()},
		"_links":  confMap{"base": x.base, "context": x.context(), "self": x.base + "/rest/api/content/" + content.id + "/property/" + p.key},
	}
}

// confPropertyIn is a property as a client writes it.
type confPropertyIn struct {
	Key     string          `json:"key"`
	Value   json.RawMessage `json:"value"`
	Version *struct {
		Number int `json:"number"`
	} `json:"version"`
}

// check answers 400 for a property without a key or value.
func (c *call) checkPropertyIn(in *confPropertyIn) bool {
	if strings.TrimSpace(in.Key) == "" || len(in.Key) > 255 {
		c.fail(http.StatusBadRequest, "A property key of 1 to 255 characters is required")
		return false
	}
	if len(in.Value) == 0 {
		c.fail(http.StatusBadRequest, "A property value is required")
		return false
	}
	return true
}

func (c *call) confV2Properties() {
	page := c.confV2LivePage("id")
	if page == nil {
		return
	}
	offset, limit, ok := c.confV2Paging()
	if !ok {
		return
	}
	key := c.r.URL.Query().Get("key")
	var props []*confProperty
	for _, p := range page.extras.properties {
		if key == "" || p.key == key {
			props = append(props, p)
		}
	}
	x := c.confluence()
	results := []any{}
	for _, p := range window(props, offset, limit) {
		results = append(results, x.v2Property(p))
	}
	c.confV2List(x.base, results, offset, limit, len(props))
}

func (c *call) confV2CreateProperty() {
	page := c.confV2LivePage("id")
	if page == nil {
		return
	}
	var in confPropertyIn
	if !c.decodeConfJSON(&in) || !c.checkPropertyIn(&in) {
		return
	}
	if !c.conf.canWrite(c.user, page.space) {
		c.fail(http.StatusForbidden, "User not permitted to edit page "+page.id)
		return
	}
	if page.extras.property(in.Key) != nil {
		c.fail(http.StatusConflict, "A property with key '"+in.Key+"' already exists on page "+page.id)
		return
	}
	c.json(http.StatusOK, c.confluence().v2Property(c.conf.addProperty(page, in.Key, in.Value, c.user)))
}

func (c *call) confV2UpdateProperty() {
	page := c.confV2LivePage("id")
	if page == nil {
		return
	}
	var in confPropertyIn
	if !c.decodeConfJSON(&in) || !c.checkPropertyIn(&in) {
		return
	}
	var p *confProperty
	for _, q := range page.extras.properties {
		if q.id == c.r.PathValue("propertyId") {
			p = q
		}
	}
	switch {
	case p == nil:
		c.fail(http.StatusNotFound, "Not Found")
		return
	case in.Key != p.key:
		c.fail(http.StatusBadRequest, "The key of a property cannot be changed")
		return
	case in.Version == nil || in.Version.Number != p.version+1:
		c.fail(http.StatusConflict, "Version must be incremented on update. Current version is: "+strconv.Itoa(p.version))
		return
	case !c.conf.canWrite(c.user, page.space):
		c.fail(http.StatusForbidden, "User not permitted to edit page "+page.id)
		return
	}
	p.value, p.version, p.by, p.when = in.Value, p.version+1, c.user, c.conf.now()
	c.json(http.StatusOK, c.confluence().v2Property(p))
}

func (c *call) confDCProperty() {
	content := c.confV1Content("id")
	if content == nil {
		return
	}
	p := content.extras.property(c.r.PathValue("key"))
	if p == nil {
		c.fail(http.StatusNotFound, "Cannot find property '"+c.r.PathValue("key")+"' on content with id "+content.id)
		return
	}
	c.json(http.StatusOK, c.confluence().v1Property(content, p))
}

func (c *call) confDCCreateProperty() {
	content := c.confV1Content("id")
	if content == nil {
		return
	}
	var in confPropertyIn
	if !c.decodeConfJSON(&in) || !c.checkPropertyIn(&in) {
		return
	}
	if !c.conf.canWrite(c.user, content.space) {
		c.fail(http.StatusForbidden, "User not permitted to edit content with id "+content.id)
		return
	}
	if content.extras.property(in.Key) != nil {
		c.fail(http.StatusConflict, "A property with key '"+in.Key+"' already exists on content with id "+content.id)
		return
	}
	c.json(http.StatusOK, c.confluence().v1Property(content, c.conf.addProperty(content, in.Key, in.Value, c.user)))
}

func (c *call) confDCUpdateProperty() {
	content := c.confV1Content("id")
	if content == nil {
		return
	}
	var in confPropertyIn
	if !c.decodeConfJSON(&in) || !c.checkPropertyIn(&in) {
		return
	}
	key := c.r.PathValue("key")
	p := content.extras.property(key)
	switch {
	case in.Key != key:
		c.fail(http.StatusBadRequest, "The key in the body ("+in.Key+") does not match the key in the path ("+key+")")
		return
	case p == nil:
		c.fail(http.StatusNotFound, "Cannot find property '"+key+"' on content with id "+content.id)
		return
	case in.Version == nil || in.Version.Number != p.version+1:
		c.fail(http.StatusConflict, "Version must be incremented on update. Current version is: "+strconv.Itoa(p.version))
		return
	case !c.conf.canWrite(c.user, content.space):
		c.fail(http.StatusForbidden, "User not permitted to edit content with id "+content.id)
		return
	}
	p.value, p.version, p.by, p.when = in.Value, p.version+1, c.user, c.conf.now()
	c.json(http.StatusOK, c.confluence().v1Property(content, p))
}
