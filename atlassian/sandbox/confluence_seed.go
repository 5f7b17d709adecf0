package sandbox

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// confSeedBase is the fixed moment the seeded Confluence content starts
// at (Monday 2025-01-06 09:00 UTC); seeds never use the clock.
var confSeedBase = time.Date(2025, time.January, 6, 9, 0, 0, 0, time.UTC)

func (st *confluenceStore) seedUser(name string) *User {
	if u := st.s.userByName(name); u != nil {
		return u
	}
	return &st.s.users[0]
}

var (
	confSeedMention = regexp.MustCompile(`\{\{@([a-z]+)\}\}`)
	confSeedStatus  = regexp.MustCompile(`\{\{status:([A-Za-z]+):([^}]+)\}\}`)
	confSeedJira    = regexp.MustCompile(`\{\{jira:([A-Z]+-[0-9]+)\}\}`)
	confSeedMacro   = regexp.MustCompile(`<ac:structured-macro ac:name="([a-z-]+)"`)
	confSeedGaps    = regexp.MustCompile(`>\s*\n\s*<`)
)

// expandSeed turns the compact seed notation into storage XHTML as this
// deployment's Confluence emits it: mentions by account id (Cloud) or user
// key (DC), macros with schema versions and macro ids.
func (st *confluenceStore) expandSeed(body string, macroSeq *int) string {
	body = confSeedGaps.ReplaceAllString(strings.TrimSpace(body), "><")
	body = confSeedMention.ReplaceAllStringFunc(body, func(m string) string {
		u := st.s.userByName(confSeedMention.FindStringSubmatch(m)[1])
		switch {
		case u == nil:
			return confSeedMention.FindStringSubmatch(m)[1]
		case st.s.Cloud():
			return `<ac:link><ri:user ri:account-id="` + u.AccountID + `" /></ac:link>`
		default:
			return `<ac:link><ri:user ri:userkey="` + u.Key + `" /></ac:link>`
		}
	})
	body = confSeedStatus.ReplaceAllString(body, `<ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">$1</ac:parameter><ac:parameter ac:name="title">$2</ac:parameter></ac:structured-macro>`)
	body = confSeedJira.ReplaceAllString(body, `<ac:structured-macro ac:name="jira"><ac:parameter ac:name="server">System Jira</ac:parameter>`+
		`<ac:parameter ac:name="columnIds">issuekey,summary,issuetype,created,updated,duedate,assignee,reporter,priority,status,resolution</ac:parameter>`+
		`<ac:parameter ac:name="columns">key,summary,type,created,updated,due,assignee,reporter,priority,status,resolution</ac:parameter>`+
		`<ac:parameter ac:name="serverId">8a2c4f7e-1b3d-3e5f-9a0b-2c4d6e8f0a1b</ac:parameter><ac:parameter ac:name="key">$1</ac:parameter></ac:structured-macro>`)
	body = confSeedMacro.ReplaceAllStringFunc(body, func(m string) string {
		*macroSeq++
		schema := "1"
		if strings.Contains(m, `"children"`) {
			schema = "2"
		}
		return m + fmt.Sprintf(` ac:schema-version="%s" ac:macro-id="5e1a%04x-0d3c-4b7e-9f21-%012x"`, schema, *macroSeq, *macroSeq*7919)
	})
	return body
}

// seed builds the demo content of seed/confluence.json: space DEMO with a
// three-level page tree, a blog post and comment threads, and space TEAM,
// where carol may read but not write, with a blog post of its own.
func (st *confluenceStore) seed() {
	var data confluenceSeed
	loadSeed("confluence.json", &data)
	at := func(h int) time.Time { return confSeedBase.Add(time.Duration(h) * time.Hour) }
	for _, ss := range data.Spaces {
		sp := &confSpace{id: ss.ID, key: ss.Key, name: ss.Name, description: ss.Description,
			creator: st.seedUser(ss.Creator), created: at(ss.Hours), readOnly: map[string]bool{}}
		for _, name := range ss.ReadOnly {
			sp.readOnly[name] = true
		}
		st.spaces.add(sp)
	}

	macroSeq := 0
	refs := map[string]*confContent{}
	addContent := func(sc confSeedContent) {
		sp := st.spaces.named(sc.Space)
		first := sc.Versions[0]
		parentID := ""
		if p := refs[sc.Parent]; p != nil {
			parentID = p.id
		}
		c := st.add(confNew{
			typ: sc.Type, title: sc.Title, space: sp, parentID: parentID, labels: sc.Labels,
			body: st.expandSeed(first.Body, &macroSeq), author: st.seedUser(first.Author), when: at(first.Hours), message: first.Message,
		})
		for _, v := range sc.Versions[1:] {
			st.bump(c, confVersion{title: sc.Title, body: st.expandSeed(v.Body, &macroSeq), message: v.Message, author: st.seedUser(v.Author), when: at(v.Hours)})
		}
		refs[sc.Ref] = c
		if sc.Parent == "" && sc.Type == "page" {
			sp.homepageID = c.id
		}
	}
	for _, sc := range data.Pages {
		addContent(sc)
	}
	for _, cc := range data.Comments {
		page := refs[cc.On]
		parentID := ""
		if p := refs[cc.ReplyTo]; p != nil {
			parentID = p.id
		}
		c := st.add(confNew{
			typ: "comment", title: "Re: " + page.title(), space: page.space, container: page.id, parentID: parentID,
			body: st.expandSeed(cc.Body, &macroSeq), author: st.seedUser(cc.Author), when: at(cc.Hours),
		})
		refs[cc.Ref] = c
	}
	for _, sc := range data.Appended {
		addContent(sc)
	}
}
