package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// jiraIssueAdminRoutes are the issue operations beyond read and edit:
// assign, delete, bulk create, comment edits, and Cloud's bulk changelog
// read and asynchronous bulk move.
var jiraIssueAdminRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: jiraCloudRoot, dcRoots: jiraDCRoots,
	routes: []route{
		{method: "PUT", path: "/issue/{issueIdOrKey}/assignee", cloud: "assignIssue", dc: "assign", handle: (*call).assignIssue},
		{method: "DELETE", path: "/issue/{issueIdOrKey}", cloud: "deleteIssue", dc: "deleteIssue", handle: (*call).deleteIssue},
		{method: "POST", path: "/issue/bulk", cloud: "createIssues", dc: "createIssues", handle: (*call).createIssues},
		{method: "PUT", path: "/issue/{issueIdOrKey}/comment/{id}", cloud: "updateComment", dc: "updateComment", handle: (*call).updateComment},
		{method: "POST", path: "/changelog/bulkfetch", cloud: "getBulkChangelogs", handle: (*call).bulkChangelogs},
		{method: "POST", path: "/bulk/issues/move", cloud: "submitBulkMove", handle: (*call).submitBulkMove},
		{method: "GET", path: "/bulk/queue/{taskId}", cloud: "getBulkOperationProgress", handle: (*call).bulkProgress},
	},
}

func init() { routeTables = append(routeTables, &jiraIssueAdminRoutes) }

// jBulkTask is a finished bulk operation; the sandbox completes them at
// once, so polling sees COMPLETE on the first read.
type jBulkTask struct {
	id        string
	by        *User
	at        string
	processed []int
	failed    map[string][]string
}

// assignIssue takes {"accountId"} on Cloud or {"name"} on Server/DC; a
// null identity unassigns, "-1" assigns the project's default (its lead).
func (c *call) assignIssue() {
	is := c.findIssue()
	if is == nil {
		return
	}
	b := c.body()
	if b == nil {
		return
	}
	idKey := "name"
	if c.cloud {
		idKey = "accountId"
	}
	work := *is
	if v, ok := b[idKey]; ok && v == nil {
		work.assignee = nil
	} else {
		fw := &fieldWriter{c: c, is: &work, errs: map[string]string{}}
		work.assignee = fw.user("assignee", b, false)
		if fw.rejected() {
			return
		}
	}
	c.commit(is, &work, nil)
	c.w.WriteHeader(http.StatusNoContent)
}

func (c *call) deleteIssue() {
	is := c.findIssue()
	if is == nil {
		return
	}
	subtasks := c.jira.subtasksOf(is)
	if len(subtasks) > 0 && !c.queryBool("deleteSubtasks") {
		c.fail(http.StatusBadRequest, fmt.Sprintf("The issue '%s' has subtasks. Set deleteSubtasks to true to delete it with them.", is.key))
		return
	}
	gone := append([]*jIssue{is}, subtasks...)
	c.jira.issues.removeWhere(func(x *jIssue) bool { return slices.Contains(gone, x) })
	c.w.WriteHeader(http.StatusNoContent)
}

// createIssues creates each element of issueUpdates as POST /issue would,
// collecting the failures by element number as Jira does.
func (c *call) createIssues() {
	b := c.body()
	if b == nil {
		return
	}
	updates, ok := b["issueUpdates"].([]any)
	if !ok {
		c.fail(http.StatusBadRequest, jiraBadPayload)
		return
	}
	issues, errs := []any{}, []any{}
	for i, u := range updates {
		raw, _ := json.Marshal(u)
		rec := &recorder{header: http.Header{}}
		sub := *c
		sub.w, sub.r = rec, c.r.Clone(c.r.Context())
		sub.r.Body = io.NopCloser(bytes.NewReader(raw))
		sub.createIssue()
		var answer map[string]any
		_ = json.Unmarshal(rec.body.Bytes(), &answer)
		if rec.code == http.StatusCreated {
			issues = append(issues, answer)
			continue
		}
		if answer == nil {
			answer = map[string]any{"errorMessages": []any{}, "errors": map[string]any{}}
		}
		errs = append(errs, map[string]any{"status": rec.code, "failedElementNumber": i, "elementErrors": answer})
	}
	status := http.StatusCreated
	if len(issues) == 0 && len(errs) > 0 {
		status = http.StatusBadRequest
	}
	c.json(status, map[string]any{"issues": issues, "errors": errs})
}

// recorder keeps one sub-request's answer.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) Write(p []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(p)
}
func (r *recorder) WriteHeader(code int) { r.code = code }

func (c *call) updateComment() {
	is := c.findIssue()
	if is == nil {
		return
	}
	id := c.r.PathValue("id")
	i := slices.IndexFunc(is.comments, func(cm *jComment) bool { return cm.id == id })
	if i < 0 {
		c.fail(http.StatusNotFound, "Can not find a comment for the id: "+id+".")
		return
	}
	b := c.body()
	if b == nil {
		return
	}
	edited, errs, msgs := c.newComment(b)
	if len(errs) > 0 || len(msgs) > 0 {
		jiraError(c.w, http.StatusBadRequest, msgs, errs)
		return
	}
	cm := *is.comments[i]
	cm.body, cm.updateAuthor, cm.updated = edited.body, c.user, edited.created
	if _, ok := b["visibility"]; ok {
		cm.visibility = edited.visibility
	}
	is.comments = slices.Clone(is.comments)
	is.comments[i] = &cm
	c.json(http.StatusOK, c.commentJSON(is, &cm, false))
}

// bulkChangelogs answers every requested issue's history in one page.
func (c *call) bulkChangelogs() {
	b := c.body()
	if b == nil {
		return
	}
	keys, bad := stringsOrBad(b["issueIdsOrKeys"], false)
	if bad || len(keys) == 0 {
		c.fail(http.StatusBadRequest, "issueIdsOrKeys must name at least one issue.")
		return
	}
	fieldIDs, bad := stringsOrBad(b["fieldIds"], false)
	if bad {
		c.fail(http.StatusBadRequest, jiraBadPayload)
		return
	}
	out := []any{}
	for _, k := range keys {
		is := c.jira.issues.find(k)
		if is == nil {
			continue // Jira leaves out what the caller cannot see
		}
		histories := []any{}
		for _, h := range c.changelogJSON(is)["histories"].([]any) {
			hm := h.(map[string]any)
			items := []any{}
			for _, it := range hm["items"].([]any) {
				im := it.(map[string]any)
				if len(fieldIDs) == 0 || slices.Contains(fieldIDs, fmt.Sprint(im["fieldId"])) || slices.Contains(fieldIDs, fmt.Sprint(im["field"])) {
					items = append(items, im)
				}
			}
			if len(items) > 0 {
				hm["items"] = items
				histories = append(histories, hm)
			}
		}
		out = append(out, map[string]any{"issueId": strconv.Itoa(is.id), "changeHistories": histories})
	}
	c.json(http.StatusOK, map[string]any{"issueChangeLogs": out})
}

// submitBulkMove moves issues into other projects at once: each mapping
// key is "PROJECT,issueTypeId". Moved issues get a new key and keep
// answering to the old one.
func (c *call) submitBulkMove() {
	b := c.body()
	if b == nil {
		return
	}
	mapping, ok := b["targetToSourcesMapping"].(map[string]any)
	if !ok || len(mapping) == 0 {
		c.fail(http.StatusBadRequest, "targetToSourcesMapping must map a target \"PROJECT,issueTypeId\" to the issues to move.")
		return
	}
	type move struct {
		is    *jIssue
		to    *jProject
		itype *jIssueType
	}
	var moves []move
	for _, target := range sortedKeys(mapping) {
		pk, typeID, _ := strings.Cut(target, ",")
		p := c.jira.projects.find(pk)
		if p == nil || p.archived {
			c.fail(http.StatusBadRequest, fmt.Sprintf("The target project '%s' does not exist.", pk))
			return
		}
		i := slices.IndexFunc(p.issueTypes, func(t *jIssueType) bool { return t.id == typeID })
		if i < 0 {
			c.fail(http.StatusBadRequest, fmt.Sprintf("The issue type '%s' is not valid in project '%s'.", typeID, p.key))
			return
		}
		src, _ := mapping[target].(map[string]any)
		keys, bad := stringsOrBad(src["issueIdsOrKeys"], false)
		if bad || len(keys) == 0 {
			c.fail(http.StatusBadRequest, "issueIdsOrKeys must name at least one issue to move.")
			return
		}
		for _, k := range keys {
			is := c.jira.issues.find(k)
			if is == nil {
				is = c.jira.movedIssue(k)
			}
			if is == nil {
				c.fail(http.StatusBadRequest, fmt.Sprintf("The issue '%s' does not exist or you cannot see it.", k))
				return
			}
			moves = append(moves, move{is, p, p.issueTypes[i]})
		}
	}
	task := &jBulkTask{id: strconv.Itoa(10000 + c.jira.bulkTasks.len()), by: c.user, at: jiraTime(c.jira.now()), failed: map[string][]string{}}
	for _, m := range moves {
		if m.is.project != m.to {
			work := *m.is
			work.formerKeys = append(slices.Clone(m.is.formerKeys), m.is.key)
			m.to.counter++
			work.project, work.issueType, work.components = m.to, m.itype, nil
			work.key = m.to.key + "-" + strconv.Itoa(m.to.counter)
			c.commit(m.is, &work, nil)
		}
		task.processed = append(task.processed, m.is.id)
	}
	c.jira.bulkTasks.add(task)
	c.json(http.StatusCreated, map[string]any{"taskId": task.id})
}

func (c *call) bulkProgress() {
	t := c.jira.bulkTasks.get(c.r.PathValue("taskId"))
	if t == nil {
		c.fail(http.StatusNotFound, "The task was not found.")
		return
	}
	processed := []any{}
	for _, id := range t.processed {
		processed = append(processed, id)
	}
	c.json(http.StatusOK, map[string]any{
		"taskId": t.id, "status": "COMPLETE", "progressPercent": 100, "submittedBy": c.userRef(t.by),
		"created": t.at, "started": t.at, "updated": t.at, "totalIssueCount": len(t.processed),
		"processedAccessibleIssues": processed, "failedAccessibleIssues": t.failed, "invalidOrInaccessibleIssueCount": 0,
	})
}
