package sandbox

import (
	"fmt"
	"strconv"
	"time"
)

// The seeded Jira data is seed/jira.json: project DEMO (35 issues), OPS
// (5 issues) and the archived OLD (no issues). Dates count back in days
// from jiraSeedBase, so the data is the same on every run. Issues are
// numbered in file order; each names its key anyway, so that a parent
// reads as "DEMO-4" and the loader can check nothing was skipped.

type jiraSeed struct {
	Projects []jiraSeedProject `json:"projects"`
}

type jiraSeedProject struct {
	ID          string   `json:"id"`
	Key         string   `json:"key"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Lead        string   `json:"lead"`
	IssueTypes  []string `json:"issueTypes"`
	NoCreate    []string `json:"noCreate,omitempty"` // users without the Create Issues permission
	Archived    *struct {
		DaysAgo int    `json:"daysAgo"`
		By      string `json:"by"`
	} `json:"archived,omitempty"`
	Components []struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"components"`
	Issues []jiraSeedIssue `json:"issues"`
}

type jiraSeedIssue struct {
	Key            string            `json:"key"`
	Type           string            `json:"type"`
	Summary        string            `json:"summary"`
	Status         string            `json:"status"`
	Priority       string            `json:"priority"`
	Assignee       string            `json:"assignee,omitempty"`
	Reporter       string            `json:"reporter"`
	Labels         []string          `json:"labels,omitempty"`
	Components     []string          `json:"components,omitempty"`
	Parent         string            `json:"parent,omitempty"` // key of a sub-task's parent or an issue's epic
	EpicName       string            `json:"epicName,omitempty"`
	Points         float64           `json:"points,omitempty"`
	Team           string            `json:"team,omitempty"`
	CreatedDaysAgo int               `json:"createdDaysAgo"`
	UpdatedDaysAgo int               `json:"updatedDaysAgo"`
	Due            string            `json:"due,omitempty"`        // yyyy-MM-dd
	Resolution     string            `json:"resolution,omitempty"` // of a Done issue; "" means Done
	Description    richSeed          `json:"description,omitempty"`
	Comments       []jiraSeedComment `json:"comments,omitempty"`
}

type jiraSeedComment struct {
	Author  string   `json:"author"`
	DaysAgo int      `json:"daysAgo"`
	Body    richSeed `json:"body"`
}

func (st *jiraStore) seed() {
	var data jiraSeed
	loadSeed("jira.json", &data)
	rr := richRenderer{cloud: st.cloud, user: st.userNamed}
	for _, sp := range data.Projects {
		where := "seed/jira.json: " + sp.Key
		p := &jProject{id: sp.ID, key: sp.Key, name: sp.Name, desc: sp.Description, lead: seedRef(where, "lead", sp.Lead, st.userNamed), noCreate: map[string]bool{}}
		for _, name := range sp.IssueTypes {
			p.issueTypes = append(p.issueTypes, seedRef(where, "issue type", name, st.issueTypes.find))
		}
		for _, name := range sp.NoCreate {
			p.noCreate[name] = true
		}
		if a := sp.Archived; a != nil {
			p.archived, p.archivedAt, p.archivedBy = true, jiraSeedBase.AddDate(0, 0, -a.DaysAgo), seedRef(where, "archiver", a.By, st.userNamed)
		}
		for _, c := range sp.Components {
			p.components = append(p.components, &jComponent{id: c.ID, name: c.Name, desc: c.Description, project: p})
		}
		st.projects.add(p)
	}
	for i, sp := range data.Projects {
		st.seedProject(rr, st.projects.all()[i], sp.Issues)
	}
}

// seedProject adds a project's seed issues, numbered from 1 in order.
func (st *jiraStore) seedProject(rr richRenderer, p *jProject, seeds []jiraSeedIssue) {
	for i, sd := range seeds {
		num := i + 1
		key := p.key + "-" + strconv.Itoa(num)
		if sd.Key != key {
			panic(fmt.Errorf("sandbox: seed/jira.json: issue %d of %s is %s, want %s", num, p.key, sd.Key, key))
		}
		where := "seed/jira.json: " + key
		// A deterministic spread over the working day, under 20 hours, so
		// that nothing is dated after jiraSeedBase.
		created := jiraSeedBase.Add(-time.Duration(sd.CreatedDaysAgo)*24*time.Hour + time.Duration(num*37%1200)*time.Minute)
		updated := jiraSeedBase.Add(-time.Duration(sd.UpdatedDaysAgo)*24*time.Hour + time.Duration(num*53%1200)*time.Minute)
		if updated.Before(created) {
			updated = created
		}
		is := &jIssue{
			id: st.nextIssueID, key: key, project: p, summary: sd.Summary,
			issueType: seedRef(where, "type", sd.Type, st.issueTypes.find), status: seedRef(where, "status", sd.Status, st.statuses.find),
			priority: seedRef(where, "priority", sd.Priority, st.priorities.find),
			assignee: seedRef(where, "assignee", sd.Assignee, st.userNamed), reporter: seedRef(where, "reporter", sd.Reporter, st.userNamed),
			labels: append([]string{}, sd.Labels...), created: created, updated: updated, duedate: sd.Due,
			description: rr.render(sd.Description), team: seedRef(where, "team", sd.Team, st.teamOptions.find),
		}
		st.nextIssueID++
		is.creator = is.reporter
		for _, name := range sd.Components {
			is.components = append(is.components, seedRef(where, "component", name, func(name string) *jComponent {
				for _, c := range p.components {
					if c.name == name {
						return c
					}
				}
				return nil
			}))
		}
		if sd.Points > 0 {
			pts := sd.Points
			is.storyPoints = &pts
		}
		if sd.Parent != "" {
			target := seedRef(where, "parent", sd.Parent, st.issues.find)
			if is.issueType.subtask {
				is.parent = target
			} else {
				is.epic = target
			}
		}
		if is.issueType.name == "Epic" {
			is.epicName = sd.EpicName
		}
		is.statusDate = created
		if is.status.id != "10000" {
			is.statusDate = updated
			who := is.assignee
			if who == nil {
				who = is.reporter
			}
			h := &jHistory{id: st.historyID(), author: who, created: updated, items: []jChange{{
				field: "status", fieldID: "status", fieldType: "jira",
				from: "10000", fromString: "To Do", to: is.status.id, toString: is.status.name,
			}}}
			if is.status.cat == jCatDone {
				res := seedRef(where, "resolution", orDefault(sd.Resolution, "Done"), st.resolutions.find)
				is.resolution = res
				at := updated
				is.resolved = &at
				h.items = append(h.items, jChange{field: "resolution", fieldID: "resolution", fieldType: "jira", to: res.id, toString: res.name})
			}
			is.history = append(is.history, h)
		}
		for _, sc := range sd.Comments {
			at := jiraSeedBase.Add(-time.Duration(sc.DaysAgo)*24*time.Hour + time.Duration((num*11+len(is.comments)*97)%1200)*time.Minute)
			if !at.After(created) {
				at = created.Add(time.Duration(len(is.comments)+1) * 47 * time.Minute)
			}
			if at.After(is.updated) {
				is.updated = at
			}
			u := seedRef(where, "comment author", sc.Author, st.userNamed)
			is.comments = append(is.comments, &jComment{
				id: st.commentID(), author: u, updateAuthor: u, body: rr.render(sc.Body), created: at, updated: at,
			})
		}
		st.add(is)
		p.counter = num
	}
}

// seedRef looks up a name a seed file uses where it says; an unknown one
// is a bug in the file and panics with the reason. An empty name is none.
func seedRef[T comparable](where, what, name string, find func(string) T) T {
	var none T
	if name == "" {
		return none
	}
	v := find(name)
	if v == none {
		panic(fmt.Errorf("sandbox: %s: unknown %s %q", where, what, name))
	}
	return v
}

func (st *jiraStore) add(is *jIssue) {
	st.issues.add(is)
}

func (st *jiraStore) commentID() string {
	id := strconv.Itoa(st.nextCommentID)
	st.nextCommentID++
	return id
}

func (st *jiraStore) historyID() string {
	id := strconv.Itoa(st.nextHistoryID)
	st.nextHistoryID++
	return id
}
