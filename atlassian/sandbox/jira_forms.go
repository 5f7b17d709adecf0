package sandbox

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
)

// Jira Forms (ProForma) on Cloud: Atlassian serves it on its API gateway
// at /jira/forms/cloud/{cloudId}; this host plays the gateway as it does
// for /ex/jira/{cloudId}, taking the site's credentials. The site's public
// /_edge/tenant_info tells clients the cloud id. No shared OpenAPI
// document covers either, so the routes are undocumented.

var jiraFormsRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: "/jira/forms/cloud/{cloudId}",
	routes: []route{
		{method: "GET", path: "/issue/{issueIdOrKey}/form", cloud: undocumented, handle: (*call).formsList},
		{method: "GET", path: "/issue/{issueIdOrKey}/form/{formId}", cloud: undocumented, handle: (*call).formGet},
		{method: "PUT", path: "/issue/{issueIdOrKey}/form/{formId}", cloud: undocumented, handle: (*call).formSaveAnswers},
	},
}

var tenantInfoRoutes = routeTable{
	product: atlassian.Jira, cloudRoot: "/_edge",
	routes: []route{{method: "GET", path: "/tenant_info", cloud: undocumented, handle: (*call).tenantInfo}},
}

func init() { routeTables = append(routeTables, &jiraFormsRoutes, &tenantInfoRoutes) }

type formQuestion struct {
	Type      string           `json:"type"` // ts short text, tl long text, no number, cs/cm choices, da date …
	Label     string           `json:"label"`
	Required  bool             `json:"required"`
	Choices   []map[string]any `json:"choices"`
	JiraField string           `json:"jiraField"`
	Answer    map[string]any   `json:"answer"`
}

type formSeed struct {
	Issue      string                  `json:"issue"`
	ID         string                  `json:"id"`
	Name       string                  `json:"name"`
	TemplateID string                  `json:"templateId"`
	Internal   bool                    `json:"internal"`
	Submitted  bool                    `json:"submitted"`
	DaysAgo    int                     `json:"daysAgo"`
	Questions  map[string]formQuestion `json:"questions"`
}

// jForm is one form on an issue: its design and its answers.
type jForm struct {
	id, name, templateID string
	internal, submitted  bool
	updated              time.Time
	questions            map[string]formQuestion
	answers              map[string]any
}

func newForm(s formSeed) *jForm {
	f := &jForm{id: s.ID, name: s.Name, templateID: s.TemplateID, internal: s.Internal, submitted: s.Submitted,
		updated: jiraSeedBase.Add(-time.Duration(s.DaysAgo) * 24 * time.Hour), questions: s.Questions, answers: map[string]any{}}
	for id, q := range s.Questions {
		if q.Answer != nil {
			f.answers[id] = q.Answer
		}
	}
	return f
}

func (c *call) tenantInfo() { c.json(http.StatusOK, map[string]any{"cloudId": c.s.opts.CloudID}) }

// formsIssue resolves the cloud id and the issue of a Forms request, or
// answers 404.
func (c *call) formsIssue() *jIssue {
	if c.r.PathValue("cloudId") != c.s.opts.CloudID {
		c.formsFail(http.StatusNotFound, "NOT_FOUND", "No site has this cloud id.")
		return nil
	}
	is := c.jira.issues.find(c.r.PathValue("issueIdOrKey"))
	if is == nil {
		c.formsFail(http.StatusNotFound, "ISSUE_NOT_FOUND", "The issue does not exist or you do not have permission to see it.")
	}
	return is
}

// formsFail answers the Forms API's error shape.
func (c *call) formsFail(status int, code, detail string) {
	c.json(status, map[string]any{"errors": []any{map[string]any{"status": status, "code": code, "title": http.StatusText(status), "detail": detail}}})
}

func (c *call) issueForms(is *jIssue) []*jForm {
	if c.jira.sd == nil {
		return nil
	}
	return c.jira.sd.forms[is]
}

func formTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func (c *call) formsList() {
	is := c.formsIssue()
	if is == nil {
		return
	}
	out := []any{}
	for _, f := range c.issueForms(is) {
		out = append(out, map[string]any{"id": f.id, "name": f.name, "formTemplate": map[string]any{"id": f.templateID},
			"internal": f.internal, "submitted": f.submitted, "lock": false, "updated": formTime(f.updated)})
	}
	c.json(http.StatusOK, out)
}

func (c *call) findForm(is *jIssue) *jForm {
	for _, f := range c.issueForms(is) {
		if f.id == c.r.PathValue("formId") {
			return f
		}
	}
	c.formsFail(http.StatusNotFound, "FORM_NOT_FOUND", "The form does not exist on this issue.")
	return nil
}

// formJSON is a form's full representation: design and state.
func (c *call) formJSON(f *jForm) map[string]any {
	questions := map[string]any{}
	ids := make([]string, 0, len(f.questions))
	for id, q := range f.questions {
		ids = append(ids, id)
		m := map[string]any{"type": q.Type, "label": q.Label, "description": "", "validation": map[string]any{"rq": q.Required}}
		if q.Choices != nil {
			m["choices"] = q.Choices
		}
		if q.JiraField != "" {
			m["jiraField"] = q.JiraField
		}
		questions[id] = m
	}
	sort.Strings(ids)
	var layout []any
	for _, id := range ids {
		layout = append(layout, map[string]any{"type": "extension", "attrs": map[string]any{
			"extensionKey": "question", "parameters": map[string]any{"id": id}}})
	}
	status, visibility := "o", "e"
	if f.submitted {
		status = "s"
	}
	if f.internal {
		visibility = "i"
	}
	return map[string]any{
		"id": f.id, "updated": formTime(f.updated),
		"design": map[string]any{
			"conditions": map[string]any{}, "sections": map[string]any{}, "questions": questions,
			"layout":   []any{map[string]any{"version": 1, "type": "doc", "content": layout}},
			"settings": map[string]any{"name": f.name, "templateId": f.templateID, "submit": map[string]any{"lock": false, "pdf": false}},
		},
		"state": map[string]any{"answers": f.answers, "status": status, "visibility": visibility},
	}
}

func (c *call) formGet() {
	if is := c.formsIssue(); is != nil {
		if f := c.findForm(is); f != nil {
			c.json(http.StatusOK, c.formJSON(f))
		}
	}
}

// formSaveAnswers replaces the answers given, checking each against its
// question: the answer kind must suit the question type and choices must
// be the question's.
func (c *call) formSaveAnswers() {
	is := c.formsIssue()
	if is == nil {
		return
	}
	f := c.findForm(is)
	if f == nil {
		return
	}
	b := c.body()
	if b == nil {
		return
	}
	answers, ok := b["answers"].(map[string]any)
	if !ok {
		c.formsFail(http.StatusBadRequest, "INVALID_REQUEST", "answers must be an object keyed by question id.")
		return
	}
	if f.submitted {
		c.formsFail(http.StatusConflict, "FORM_SUBMITTED", "The form is submitted; reopen it to change its answers.")
		return
	}
	for id, a := range answers {
		q, known := f.questions[id]
		if !known {
			c.formsFail(http.StatusBadRequest, "INVALID_QUESTION", fmt.Sprintf("Question %s is not on this form.", id))
			return
		}
		if msg := checkFormAnswer(q, a); msg != "" {
			c.formsFail(http.StatusBadRequest, "INVALID_ANSWER", fmt.Sprintf("Question %s: %s", id, msg))
			return
		}
	}
	for id, a := range answers {
		f.answers[id] = a
	}
	f.updated = c.jira.now()
	c.json(http.StatusOK, c.formJSON(f))
}

func checkFormAnswer(q formQuestion, a any) string {
	m, ok := a.(map[string]any)
	if !ok || len(m) == 0 {
		return "an answer is an object such as {\"text\": \"...\"}"
	}
	want := map[string][]string{"ts": {"text"}, "tl": {"text"}, "no": {"text"}, "da": {"date"}, "dt": {"date", "time"},
		"ti": {"time"}, "cs": {"choices"}, "cm": {"choices"}, "cd": {"choices"}, "us": {"users"}, "um": {"users"}}[q.Type]
	for k := range m {
		if !slices.Contains(want, k) {
			return fmt.Sprintf("a %q answer is not valid for a question of type %s", k, q.Type)
		}
	}
	if choices, ok := m["choices"].([]any); ok {
		for _, ch := range choices {
			if !slices.ContainsFunc(q.Choices, func(o map[string]any) bool { return o["id"] == ch }) {
				return fmt.Sprintf("%v is not a choice of this question", ch)
			}
		}
	}
	if d, ok := m["date"].(string); ok {
		if _, err := time.Parse("2006-01-02", d); err != nil {
			return "date must be yyyy-MM-dd"
		}
	}
	return ""
}
