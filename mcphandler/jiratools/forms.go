package jiratools

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian"
	"github.com/mcp-atlassian/caddy-mcp-atlassian/mcphandler/tool"
)

// formTools are the tools of mcp-atlassian's jira_forms toolset, in
// mcp-atlassian's order. The Forms REST API is a Jira Cloud API (on
// Server/DC mcp-atlassian lists these tools but every call fails), so
// they are Cloud-only here.
func formTools(d *Deps) []tool.Tool {
	return []tool.Tool{getIssueForms(d), getFormDetails(d), updateFormAnswers(d)}
}

// formID is a form's UUID.
var formID = tool.Param{Pattern: `^[0-9a-fA-F-]{1,64}$`, Hint: "expected a form UUID such as '1946b8b7-8f03-4dc0-ac2d-5fac0d960c6a' (see jira_get_issue_proforma_forms)"}

func getIssueForms(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_issue_proforma_forms", Title: "Get Issue Forms", Product: atlassian.Jira, Toolset: "jira_forms", CloudOnly: true,
		Description: "List the forms (ProForma / Jira Forms) attached to a Jira issue, with their UUIDs.",
	}, func(ctx context.Context, c *tool.Call, in tool.IssueRef) (any, error) {
		list, err := c.Jira().IssueForms(ctx, in.IssueKey)
		if err != nil {
			return nil, err
		}
		forms := mapList(list, func(m map[string]any) map[string]any { return simplifyForm(m, in.IssueKey, false) })
		return map[string]any{"success": true, "forms": forms, "count": len(forms)}, nil
	})
}

type formInput struct {
	tool.IssueRef
	FormID string `json:"form_id" jsonschema:"Form UUID, e.g. '1946b8b7-8f03-4dc0-ac2d-5fac0d960c6a'"`
}

func getFormDetails(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_get_proforma_form_details", Title: "Get Form Details", Product: atlassian.Jira, Toolset: "jira_forms", CloudOnly: true,
		Description: "Get one form of a Jira issue: its questions (ids, types, choices) with their current answers, and its design.",
		Params:      map[string]tool.Param{"form_id": formID},
	}, func(ctx context.Context, c *tool.Call, in formInput) (any, error) {
		form, err := c.Jira().Form(ctx, in.IssueKey, in.FormID)
		if err != nil {
			return nil, err
		}
		return map[string]any{"success": true, "form": simplifyForm(form, in.IssueKey, true)}, nil
	})
}

type formAnswersInput struct {
	tool.IssueRef
	FormID  string           `json:"form_id" jsonschema:"Form UUID, from jira_get_issue_proforma_forms"`
	Answers []map[string]any `json:"answers" jsonschema:"Answers: [{questionId, type (TEXT, NUMBER, DATE, DATETIME, TIME, SELECT, MULTI_SELECT, CHECKBOX, USER, MULTI_USER), value}]"`
}

func updateFormAnswers(d *Deps) tool.Tool {
	return tool.New(tool.Spec{
		Name: "jira_update_proforma_form_answers", Title: "Update Form Answers", Product: atlassian.Jira, Toolset: "jira_forms", CloudOnly: true,
		Write: true, Destructive: true,
		Description: "Set answers of a form on a Jira issue; choices may be given by label, dates as ISO 8601.",
		Params:      map[string]tool.Param{"form_id": formID},
	}, func(ctx context.Context, c *tool.Call, in formAnswersInput) (any, error) {
		if len(in.Answers) == 0 {
			return nil, tool.BadInput("answers is empty: give [{\"questionId\": \"1\", \"type\": \"TEXT\", \"value\": \"...\"}]")
		}
		form, err := c.Jira().Form(ctx, in.IssueKey, in.FormID)
		if err != nil {
			return nil, err
		}
		questions, _ := digJSON(form, "design", "questions").(map[string]any)
		answers := map[string]any{}
		for i, a := range in.Answers {
			qid, answer, err := formAnswer(questions, a)
			if err != nil {
				return nil, tool.BadInput("answers[%d]: %v", i, err)
			}
			answers[qid] = answer
		}
		saved, err := c.Jira().SaveFormAnswers(ctx, in.IssueKey, in.FormID, answers)
		if err != nil {
			return nil, err
		}
		return map[string]any{
			"success": true, "message": fmt.Sprintf("Successfully updated form %s for issue %s", in.FormID, in.IssueKey),
			"issue_key": in.IssueKey, "form_id": in.FormID, "updated_fields": len(answers),
			"result": simplifyForm(saved, in.IssueKey, true),
		}, nil
	})
}

// formAnswer turns one {questionId, type, value} into the Forms API's
// answer: text (also numbers), date and time, choices (ids) or users.
func formAnswer(questions map[string]any, a map[string]any) (string, map[string]any, error) {
	qid := idString(a["questionId"])
	q, ok := questions[qid].(map[string]any)
	if !ok {
		ids := make([]string, 0, len(questions))
		for id := range questions {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		return "", nil, fmt.Errorf("questionId %q is not a question of this form; its questions are %s (see jira_get_proforma_form_details)", qid, strings.Join(ids, ", "))
	}
	typ := strings.ToUpper(str(a["type"]))
	if typ == "" {
		typ = questionType(str(q["type"]))
	}
	v := a["value"]
	switch typ {
	case "TEXT", "NUMBER":
		return qid, map[string]any{"text": idString(v)}, nil
	case "DATE", "DATETIME", "TIME":
		ans, err := dateAnswer(typ, v)
		return qid, ans, err
	case "SELECT", "MULTI_SELECT", "CHECKBOX":
		ids, err := choiceIDs(q, v)
		return qid, map[string]any{"choices": ids}, err
	case "USER", "MULTI_USER":
		return qid, map[string]any{"users": stringList(v)}, nil
	}
	return "", nil, fmt.Errorf("type %q is not one of TEXT, NUMBER, DATE, DATETIME, TIME, SELECT, MULTI_SELECT, CHECKBOX, USER, MULTI_USER", typ)
}

// dateAnswer reads ISO 8601 dates (or Unix milliseconds) into the Forms
// API's date (yyyy-MM-dd) and time (HH:mm).
func dateAnswer(typ string, v any) (map[string]any, error) {
	var t time.Time
	switch x := v.(type) {
	case float64:
		t = time.UnixMilli(int64(x)).UTC()
	case string:
		s := strings.TrimSpace(x)
		if typ == "TIME" {
			if _, err := time.Parse("15:04", s); err != nil {
				return nil, fmt.Errorf("TIME value %q is not HH:MM", s)
			}
			return map[string]any{"time": s}, nil
		}
		var err error
		for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
			if t, err = time.Parse(layout, s); err == nil {
				break
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s value %q is not an ISO 8601 date such as 2024-12-17 or 2024-12-17T19:00:00Z", typ, s)
		}
	default:
		return nil, fmt.Errorf("%s value must be an ISO 8601 string or Unix milliseconds", typ)
	}
	switch typ {
	case "DATE":
		return map[string]any{"date": t.Format("2006-01-02")}, nil
	case "TIME":
		return map[string]any{"time": t.Format("15:04")}, nil
	}
	return map[string]any{"date": t.Format("2006-01-02"), "time": t.Format("15:04")}, nil
}

// choiceIDs maps choice labels or ids to the question's choice ids.
func choiceIDs(q map[string]any, v any) ([]string, error) {
	choices := asSlice(q["choices"])
	var out []string
	for _, want := range stringList(v) {
		found := ""
		var labels []string
		for _, ch := range choices {
			m, _ := ch.(map[string]any)
			labels = append(labels, str(m["label"]))
			if strings.EqualFold(idString(m["id"]), want) || strings.EqualFold(str(m["label"]), want) {
				found = idString(m["id"])
			}
		}
		if found == "" && len(choices) > 0 {
			return nil, fmt.Errorf("%q is not a choice of question %q; its choices are %s", want, str(q["label"]), strings.Join(labels, ", "))
		}
		if found == "" {
			found = want
		}
		out = append(out, found)
	}
	return out, nil
}

func stringList(v any) []string {
	switch t := v.(type) {
	case []any:
		out := make([]string, 0, len(t))
		for _, e := range t {
			if s := idString(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	case nil:
		return []string{}
	case bool:
		return []string{strconv.FormatBool(t)}
	}
	return []string{idString(v)}
}

// questionType names a Forms question type code as the answer types do.
func questionType(code string) string {
	switch code {
	case "no":
		return "NUMBER"
	case "da":
		return "DATE"
	case "dt":
		return "DATETIME"
	case "ti":
		return "TIME"
	case "cd", "cs":
		return "SELECT"
	case "cm", "cl":
		return "MULTI_SELECT"
	case "us":
		return "USER"
	case "um":
		return "MULTI_USER"
	}
	return "TEXT"
}

// simplifyForm is mcp-atlassian's form shape; with details, the
// questions are listed as fields with their answers.
func simplifyForm(m map[string]any, issueKey string, details bool) map[string]any {
	id := str(m["id"])
	submitted, _ := m["submitted"].(bool)
	status := "o"
	if s := str(digJSON(m, "state", "status")); s != "" {
		status = s
	} else if submitted {
		status = "s"
	}
	out := map[string]any{"id": id, "form_id": id, "issue_key": issueKey, "state": map[string]any{"status": status}, "fields": []any{}}
	name := str(m["name"])
	if name == "" {
		name = str(digJSON(m, "design", "settings", "name"))
	}
	if name != "" {
		out["name"] = name
	}
	for _, k := range []string{"updated", "internal", "submitted", "lock"} {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	if !details {
		return out
	}
	questions, _ := digJSON(m, "design", "questions").(map[string]any)
	answers, _ := digJSON(m, "state", "answers").(map[string]any)
	ids := make([]string, 0, len(questions))
	for qid := range questions {
		ids = append(ids, qid)
	}
	sort.Slice(ids, func(i, k int) bool { return numericLess(ids[i], ids[k]) })
	fields := make([]any, 0, len(ids))
	for _, qid := range ids {
		q, _ := questions[qid].(map[string]any)
		f := map[string]any{"id": qid, "name": str(q["label"]), "type": questionType(str(q["type"])),
			"required": digJSON(q, "validation", "rq") == true, "read_only": false}
		if a, ok := answers[qid]; ok {
			f["value"] = a
		}
		if ch := asSlice(q["choices"]); len(ch) > 0 {
			f["choices"] = ch
		}
		if jf := str(q["jiraField"]); jf != "" {
			f["jira_field"] = jf
		}
		fields = append(fields, f)
	}
	out["fields"] = fields
	if design, ok := m["design"]; ok {
		out["design"] = design
	}
	return out
}

func numericLess(a, b string) bool {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return x < y
	}
	return a < b
}
