package sandbox

import (
	"strconv"
	"time"
)

// jiraRecords are what Jira keeps beside its issues: project versions,
// issue links and their types, remote links and logged work. They are
// seeded from seed/jira_records.json when first used, after the issues
// they refer to exist.
type jiraRecords struct {
	versions    *collection[*jVersion]
	linkTypes   *collection[*jLinkType] // found by id or name
	links       *collection[*jIssueLink]
	remoteLinks *collection[*jRemoteIssueLink]
	worklogs    *collection[*jWorklogEntry]
	// remaining is an issue's remaining estimate in seconds, by issue id,
	// once work logged has set it.
	remaining map[int]int

	nextID int // versions, links, remote links and worklogs share ids
}

type jiraRecordsSeed struct {
	Versions []struct {
		ID, Project, Name, Description string
		StartDate, ReleaseDate         string
		Released, Archived             bool
	} `json:"versions"`
	LinkTypes []struct{ ID, Name, Inward, Outward string } `json:"linkTypes"`
	Links     []struct{ ID, Type, Inward, Outward string } `json:"links"`
	Remote    []struct {
		ID                                       int
		Issue, URL, Title, Summary, Relationship string
	} `json:"remoteLinks"`
	Worklogs []struct {
		ID, Issue, Author, Comment string
		DaysAgo, Seconds           int
	} `json:"worklogs"`
}

// records are the store's jiraRecords, seeded on first use.
func (st *jiraStore) records() *jiraRecords {
	if st.extra == nil {
		st.extra = st.seedRecords()
	}
	return st.extra
}

func (st *jiraStore) seedRecords() *jiraRecords {
	var seed jiraRecordsSeed
	loadSeed("jira_records.json", &seed)
	r := &jiraRecords{
		versions:    newCollection(func(v *jVersion) string { return v.id }, nil),
		linkTypes:   newCollection(func(t *jLinkType) string { return t.id }, func(t *jLinkType) string { return t.name }),
		links:       newCollection(func(l *jIssueLink) string { return l.id }, nil),
		remoteLinks: newCollection(func(l *jRemoteIssueLink) string { return strconv.Itoa(l.id) }, nil),
		worklogs:    newCollection(func(w *jWorklogEntry) string { return w.id }, nil),
		remaining:   map[int]int{},
		nextID:      20000,
	}
	for _, v := range seed.Versions {
		r.versions.add(&jVersion{id: v.ID, project: st.projects.find(v.Project), name: v.Name, desc: v.Description,
			startDate: v.StartDate, releaseDate: v.ReleaseDate, released: v.Released, archived: v.Archived})
	}
	for _, t := range seed.LinkTypes {
		r.linkTypes.add(&jLinkType{id: t.ID, name: t.Name, inward: t.Inward, outward: t.Outward})
	}
	for _, l := range seed.Links {
		r.links.add(&jIssueLink{id: l.ID, typ: r.linkTypes.find(l.Type), inward: st.issues.find(l.Inward), outward: st.issues.find(l.Outward)})
	}
	for _, l := range seed.Remote {
		r.remoteLinks.add(&jRemoteIssueLink{id: l.ID, issue: st.issues.find(l.Issue), relationship: l.Relationship,
			object: map[string]any{"url": l.URL, "title": l.Title, "summary": l.Summary}})
	}
	rr := richRenderer{cloud: st.cloud, user: st.userNamed}
	for _, w := range seed.Worklogs {
		at := jiraSeedBase.Add(-time.Duration(w.DaysAgo) * 24 * time.Hour)
		entry := &jWorklogEntry{id: w.ID, issue: st.issues.find(w.Issue), author: st.userNamed(w.Author),
			started: at.Add(-time.Duration(w.Seconds) * time.Second), seconds: w.Seconds, created: at, updated: at}
		if w.Comment != "" {
			entry.comment = rr.render([]rtBlock{seedPara(w.Comment)})
		}
		r.worklogs.add(entry)
	}
	return r
}

// id hands out the next record id.
func (r *jiraRecords) id() string {
	r.nextID++
	return strconv.Itoa(r.nextID)
}
