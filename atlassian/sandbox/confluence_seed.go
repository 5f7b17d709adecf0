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

// Seeded ids, for tests and documentation.
const (
	confSeedDemoSpaceID = 98305
	confSeedTeamSpaceID = 98306
)

type confSeedVersion struct {
	author  string
	hours   int // after confSeedBase
	message string
	body    string
}

type confSeedContent struct {
	ref      string // name other seeds use to refer to this one
	typ      string
	space    string
	parent   string // ref of the parent page
	title    string
	labels   []string
	versions []confSeedVersion // oldest first
}

type confSeedComment struct {
	ref, on, replyTo string // on: page ref; replyTo: comment ref
	author           string
	hours            int
	body             string
}

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

// seed builds the demo content: space DEMO with a three-level page tree,
// a blog post and comment threads, and space TEAM, where carol may read
// but not write.
func (st *confluenceStore) seed() {
	at := func(h int) time.Time { return confSeedBase.Add(time.Duration(h) * time.Hour) }
	demo := &confSpace{id: confSeedDemoSpaceID, key: "DEMO", name: "Demo Space",
		description: "Engineering handbook, product plans and meeting notes of the demo organisation.",
		creator:     st.seedUser("alice"), created: at(-1), readOnly: map[string]bool{}}
	team := &confSpace{id: confSeedTeamSpaceID, key: "TEAM", name: "Team Space",
		description: "Rituals, onboarding and who is who. Read-only for reviewers.",
		creator:     st.seedUser("bob"), created: at(23), readOnly: map[string]bool{"carol": true}}
	st.spaces.add(demo, team)

	macroSeq := 0
	refs := map[string]*confContent{}
	for _, sc := range confSeedPages {
		sp := demo
		if sc.space == "TEAM" {
			sp = team
		}
		first := sc.versions[0]
		parentID := ""
		if p := refs[sc.parent]; p != nil {
			parentID = p.id
		}
		c := st.add(confNew{
			typ: sc.typ, title: sc.title, space: sp, parentID: parentID, labels: sc.labels,
			body: st.expandSeed(first.body, &macroSeq), author: st.seedUser(first.author), when: at(first.hours), message: first.message,
		})
		for _, v := range sc.versions[1:] {
			st.bump(c, confVersion{title: sc.title, body: st.expandSeed(v.body, &macroSeq), message: v.message, author: st.seedUser(v.author), when: at(v.hours)})
		}
		refs[sc.ref] = c
		if sc.parent == "" && sc.typ == "page" {
			sp.homepageID = c.id
		}
	}
	for _, cc := range confSeedComments {
		page := refs[cc.on]
		parentID := ""
		if p := refs[cc.replyTo]; p != nil {
			parentID = p.id
		}
		c := st.add(confNew{
			typ: "comment", title: "Re: " + page.title(), space: page.space, container: page.id, parentID: parentID,
			body: st.expandSeed(cc.body, &macroSeq), author: st.seedUser(cc.author), when: at(cc.hours),
		})
		refs[cc.ref] = c
	}
}

// The seeded pages, in id order: 65537 Home … 65552 Team Rituals.
var confSeedPages = []confSeedContent{
	{ref: "home", typ: "page", space: "DEMO", title: "Home", labels: []string{"home", "overview"}, versions: []confSeedVersion{
		{author: "alice", hours: 0, body: `<p>Welcome to the <strong>Demo Space</strong>.</p>`},
		{author: "bob", hours: 50, message: "Add quick links", body: `
<p>Welcome to the <strong>Demo Space</strong>. It holds the engineering handbook, the product plans and the meeting notes of the demo organisation.</p>
<ac:structured-macro ac:name="info"><ac:parameter ac:name="title">New here?</ac:parameter><ac:rich-text-body>
<p>Start with <ac:link><ri:page ri:content-title="Engineering" /></ac:link> and the <ac:link><ri:page ri:content-title="Roadmap" /><ac:plain-text-link-body><![CDATA[current roadmap]]></ac:plain-text-link-body></ac:link>. Questions go to {{@alice}}.</p>
</ac:rich-text-body></ac:structured-macro>
<h2>Quick links</h2>
<ul>
<li><ac:link><ri:page ri:content-title="Runbooks" /></ac:link> – how we operate production</li>
<li><ac:link><ri:page ri:content-title="Meeting Notes" /></ac:link> – decisions and action items</li>
<li><a href="https://status.example.com">Status page</a></li>
</ul>
<h2>In this space</h2>
<ac:structured-macro ac:name="children"><ac:parameter ac:name="all">true</ac:parameter></ac:structured-macro>`},
	}},
	{ref: "eng", typ: "page", space: "DEMO", parent: "home", title: "Engineering", labels: []string{"engineering"}, versions: []confSeedVersion{
		{author: "alice", hours: 2, body: `
<ac:structured-macro ac:name="toc"><ac:parameter ac:name="maxLevel">2</ac:parameter></ac:structured-macro>
<h1>Engineering</h1>
<p>Engineering builds and runs the <em>Demo Platform</em>. We ship small changes often and keep production boring.</p>
<h2>Teams</h2>
<table data-layout="default"><colgroup><col style="width: 180.0px;" /><col style="width: 220.0px;" /><col style="width: 140.0px;" /></colgroup><tbody>
<tr><th><p><strong>Team</strong></p></th><th><p><strong>Lead</strong></p></th><th><p><strong>Status</strong></p></th></tr>
<tr><td><p>Platform</p></td><td><p>{{@alice}}</p></td><td><p>{{status:Green:Staffed}}</p></td></tr>
<tr><td><p>Product engineering</p></td><td><p>{{@bob}}</p></td><td><p>{{status:Yellow:Hiring}}</p></td></tr>
<tr><td><p>Quality</p></td><td><p>{{@carol}}</p></td><td><p>{{status:Green:Staffed}}</p></td></tr>
</tbody></table>
<h2>Principles</h2>
<ol>
<li><p><strong>Automate</strong> everything that is done twice.</p></li>
<li><p>Every service has an owner and a runbook.</p>
<ul><li><p>Runbooks live under <ac:link><ri:page ri:content-title="Runbooks" /></ac:link>.</p></li><li><p>Owners are listed in the service catalogue.</p></li></ul></li>
<li><p>Prefer <code>boring</code> technology.</p></li>
</ol>`},
	}},
	{ref: "arch", typ: "page", space: "DEMO", parent: "eng", title: "Architecture", labels: []string{"architecture", "design"}, versions: []confSeedVersion{
		{author: "alice", hours: 5, message: "Initial draft", body: confSeedArchOverview},
		{author: "bob", hours: 30, message: "Add request flow", body: confSeedArchOverview + confSeedArchFlow},
		{author: "alice", hours: 75, message: "Document the cache layer", body: confSeedArchOverview + confSeedArchFlow + confSeedArchCache},
	}},
	{ref: "runbooks", typ: "page", space: "DEMO", parent: "eng", title: "Runbooks", labels: []string{"runbook"}, versions: []confSeedVersion{
		{author: "bob", hours: 8, body: `
<p>Step-by-step procedures for operating the Demo Platform. Every runbook names an owner.</p>
<ac:structured-macro ac:name="children" />
<h2>On-call rotation</h2>
<table><tbody>
<tr><th><p>Week</p></th><th><p>Primary</p></th><th><p>Secondary</p></th></tr>
<tr><td><p>2025-W02</p></td><td><p>{{@bob}}</p></td><td><p>{{@alice}}</p></td></tr>
<tr><td><p>2025-W03</p></td><td><p>{{@carol}}</p></td><td><p>{{@bob}}</p></td></tr>
</tbody></table>`},
	}},
	{ref: "deploy", typ: "page", space: "DEMO", parent: "runbooks", title: "Deploying to Production", labels: []string{"runbook", "deployment"}, versions: []confSeedVersion{
		{author: "bob", hours: 10, body: confSeedDeployHead + confSeedDeploySteps + `</ol>`},
		{author: "bob", hours: 52, message: "Add rollback step", body: confSeedDeployHead + confSeedDeploySteps + `
<li><p>Roll back if error rates rise: <code>deployctl rollback --env prod</code>.</p></li></ol>`},
	}},
	{ref: "incident", typ: "page", space: "DEMO", parent: "runbooks", title: "Incident Response", labels: []string{"runbook", "incident", "on-call"}, versions: []confSeedVersion{
		{author: "carol", hours: 12, body: `
<p>What to do when production is on fire. Severities:</p>
<table><tbody>
<tr><th><p>Severity</p></th><th><p>Meaning</p></th><th><p>Response time</p></th></tr>
<tr><td><p>{{status:Red:SEV1}}</p></td><td><p>Customers cannot use the product</p></td><td><p>15 minutes</p></td></tr>
<tr><td><p>{{status:Yellow:SEV2}}</p></td><td><p>A feature is degraded</p></td><td><p>1 hour</p></td></tr>
<tr><td><p>{{status:Grey:SEV3}}</p></td><td><p>Cosmetic or internal only</p></td><td><p>Next business day</p></td></tr>
</tbody></table>
<h2>First steps</h2>
<ul>
<li><p>Page the on-call engineer ({{@bob}} this week).</p></li>
<li><p>Open an incident ticket:</p>{{jira:DEMO-2}}<ul><li><p>Set the severity.</p></li><li><p>Link the dashboards.</p></li></ul></li>
<li><p>Post an update every 30 minutes.</p></li>
</ul>
<ac:structured-macro ac:name="info"><ac:rich-text-body><p>After the incident, write a post-mortem within five working days.</p></ac:rich-text-body></ac:structured-macro>`},
	}},
	{ref: "guidelines", typ: "page", space: "DEMO", parent: "eng", title: "Coding Guidelines", labels: []string{"engineering", "guidelines"}, versions: []confSeedVersion{
		{author: "carol", hours: 14, body: `
<h1>Coding guidelines</h1>
<p>These rules apply to every repository. <em>Consistency beats personal taste.</em></p>
<h2>Go</h2>
<ul>
<li><p>Run <code>gofmt</code> and <code>go vet</code> before pushing.</p></li>
<li><p>Return errors; do not <s>panic</s> in library code.</p></li>
<li><p>Wrap errors with context.</p></li>
</ul>
<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">go</ac:parameter><ac:plain-text-body><![CDATA[if err := cfg.Load(path); err != nil {
	return fmt.Errorf("load config %s: %w", path, err)
}]]></ac:plain-text-body></ac:structured-macro>
<h2>Python</h2>
<p>Use type hints and <u>black</u> formatting.</p>
<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">python</ac:parameter><ac:plain-text-body><![CDATA[def total(items: list[Item]) -> Decimal:
    return sum((i.price for i in items), Decimal(0))]]></ac:plain-text-body></ac:structured-macro>
<ac:structured-macro ac:name="tip"><ac:rich-text-body><p>Reviews should take less than a day. If a change is too big to review, split it.</p></ac:rich-text-body></ac:structured-macro>`},
	}},
	{ref: "product", typ: "page", space: "DEMO", parent: "home", title: "Product", labels: []string{"product"}, versions: []confSeedVersion{
		{author: "bob", hours: 16, body: `
<p>Product management owns the <strong>what</strong> and the <strong>why</strong>; engineering owns the <strong>how</strong>.</p>
<ac:structured-macro ac:name="children" />`},
	}},
	{ref: "roadmap", typ: "page", space: "DEMO", parent: "product", title: "Roadmap", labels: []string{"roadmap", "planning"}, versions: []confSeedVersion{
		{author: "bob", hours: 18, message: "Q1 plan", body: confSeedRoadmap("{{status:Green:On track}}", "", "")},
		{author: "alice", hours: 40, message: "Add Q2", body: confSeedRoadmap("{{status:Green:On track}}", "{{status:Grey:Not started}}", "")},
		{author: "bob", hours: 70, message: "Move search to Q3", body: confSeedRoadmap("{{status:Green:On track}}", "{{status:Grey:Not started}}", "{{status:Grey:Not started}}")},
		{author: "carol", hours: 96, message: "Status update", body: confSeedRoadmap("{{status:Green:On track}}", "{{status:Yellow:At risk}}", "{{status:Grey:Not started}}")},
	}},
	{ref: "release", typ: "page", space: "DEMO", parent: "product", title: "Release Notes 1.0", labels: []string{"release-notes"}, versions: []confSeedVersion{
		{author: "alice", hours: 20, body: `
<h1>Release 1.0</h1>
<p>Released on <time datetime="2025-01-08" />.</p>
<h2>New</h2>
<ul><li><p>Self-service sign-up</p></li><li><p>Invoices as PDF</p></li></ul>
<h2>Fixed</h2>
<ul><li><p>Search ignored accents ({{jira:DEMO-5}})</p></li></ul>
<ac:structured-macro ac:name="expand"><ac:parameter ac:name="title">Upgrade notes</ac:parameter><ac:rich-text-body><p>Run the migration <code>0042_invoices</code> before starting the new version.</p></ac:rich-text-body></ac:structured-macro>`},
	}},
	{ref: "meetings", typ: "page", space: "DEMO", parent: "home", title: "Meeting Notes", labels: []string{"meeting-notes"}, versions: []confSeedVersion{
		{author: "carol", hours: 21, body: `
<p>Notes from our recurring meetings, newest first.</p>
<ac:structured-macro ac:name="children"><ac:parameter ac:name="sort">creation</ac:parameter><ac:parameter ac:name="reverse">true</ac:parameter></ac:structured-macro>`},
	}},
	{ref: "planning", typ: "page", space: "DEMO", parent: "meetings", title: "2025-01-13 Planning Meeting", labels: []string{"meeting-notes", "planning"}, versions: []confSeedVersion{
		{author: "carol", hours: 22, body: `
<h2>Date</h2>
<p><time datetime="2025-01-13" /></p>
<h2>Participants</h2>
<ul><li><p>{{@alice}}</p></li><li><p>{{@bob}}</p></li><li><p>{{@carol}}</p></li></ul>
<h2>Discussion items</h2>
<table><tbody>
<tr><th><p>Item</p></th><th><p>Who</p></th><th><p>Notes</p></th></tr>
<tr><td><p>Q1 billing scope</p></td><td><p>{{@bob}}</p></td><td><p>Invoices first, refunds later.</p></td></tr>
<tr><td><p>Cache incident follow-up</p></td><td><p>{{@alice}}</p></td><td><p>See <ac:link><ri:page ri:content-title="Incident Response" /></ac:link>.</p></td></tr>
</tbody></table>
<h2>Action items</h2>
<ac:task-list>
<ac:task><ac:task-id>1</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>{{@bob}} to split the billing epic</ac:task-body></ac:task>
<ac:task><ac:task-id>2</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>{{@alice}} to add the cache section to <ac:link><ri:page ri:content-title="Architecture" /></ac:link></ac:task-body></ac:task>
</ac:task-list>`},
	}},
	{ref: "welcome", typ: "blogpost", space: "DEMO", title: "Welcome to the Demo Space", labels: []string{"announcement"}, versions: []confSeedVersion{
		{author: "alice", hours: 23, body: `
<p>Hello everyone! This space replaces the old wiki. Please move your team pages here by the end of January.</p>
<p>Thanks, {{@alice}}</p>`},
	}},
	{ref: "teamhome", typ: "page", space: "TEAM", title: "Team Home", labels: []string{"team"}, versions: []confSeedVersion{
		{author: "bob", hours: 24, body: `
<p>The home of the <strong>Team Space</strong>: rituals, onboarding and who is who.</p>
<ac:structured-macro ac:name="children" />`},
	}},
	{ref: "onboarding", typ: "page", space: "TEAM", parent: "teamhome", title: "Onboarding Checklist", labels: []string{"onboarding"}, versions: []confSeedVersion{
		{author: "bob", hours: 26, body: `
<p>Everything a new team member needs in the first week.</p>
<ac:task-list>
<ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Get a laptop and accounts</ac:task-body></ac:task>
<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Read <ac:link><ri:page ri:space-key="DEMO" ri:content-title="Coding Guidelines" /></ac:link></ac:task-body></ac:task>
<ac:task><ac:task-id>3</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Shadow an on-call shift with {{@bob}}</ac:task-body></ac:task>
</ac:task-list>`},
	}},
	{ref: "rituals", typ: "page", space: "TEAM", parent: "teamhome", title: "Team Rituals", labels: []string{"team", "rituals"}, versions: []confSeedVersion{
		{author: "alice", hours: 28, body: `
<table><tbody>
<tr><th><p>Ritual</p></th><th><p>When</p></th><th><p>Host</p></th></tr>
<tr><td><p>Stand-up</p></td><td><p>Daily, 09:15</p></td><td><p>{{@alice}}</p></td></tr>
<tr><td><p>Retrospective</p></td><td><p>Every other Friday</p></td><td><p>{{@bob}}</p></td></tr>
</tbody></table>
<ac:structured-macro ac:name="note"><ac:rich-text-body><p>Cameras on, please.</p></ac:rich-text-body></ac:structured-macro>`},
	}},
}

// The seeded comments, in id order: 65553 … 65560.
var confSeedComments = []confSeedComment{
	{ref: "c-welcome", on: "welcome", author: "bob", hours: 31, body: `<p>Great, moving the platform pages today.</p>`},
	{ref: "c-team", on: "teamhome", author: "carol", hours: 33, body: `<p>Can we move stand-up to 9:30?</p>`},
	{ref: "c-arch-1", on: "arch", author: "bob", hours: 34, body: `<p>Should we document the cache layer too? It bit us last week.</p>`},
	{ref: "c-deploy-1", on: "deploy", author: "carol", hours: 50, body: `<p>Step 4 should mention the <code>rollback</code> command.</p>`},
	{ref: "c-deploy-2", on: "deploy", replyTo: "c-deploy-1", author: "bob", hours: 53, body: `<p>Added in version 2, thanks {{@carol}}!</p>`},
	{ref: "c-arch-2", on: "arch", replyTo: "c-arch-1", author: "alice", hours: 76, body: `<p>Done, see the new <strong>Cache layer</strong> section.</p>`},
	{ref: "c-arch-3", on: "arch", author: "carol", hours: 80, body: `<p>Looks good to me. Could we add a diagram of the request flow?</p>`},
	{ref: "c-roadmap", on: "roadmap", author: "alice", hours: 97, body: `<p>Q2 is at risk because of the hiring freeze.</p>`},
}

const confSeedArchOverview = `
<ac:structured-macro ac:name="toc" />
<h1>Overview</h1>
<p>The Demo Platform is an <strong>API gateway</strong> in front of three <em>stateless</em> services that share one <code>PostgreSQL</code> cluster. Everything runs on Kubernetes in two regions.</p>
<ac:structured-macro ac:name="note"><ac:parameter ac:name="title">Decision record</ac:parameter><ac:rich-text-body><p>The move away from the monolith was decided in ADR-007. The remaining work is tracked in</p>{{jira:DEMO-1}}</ac:rich-text-body></ac:structured-macro>
<h2>Components</h2>
<table><tbody>
<tr><th><p>Component</p></th><th><p>Language</p></th><th><p>Owner</p></th><th><p>State</p></th></tr>
<tr><td><p>gateway</p></td><td><p>Go</p></td><td><p>{{@alice}}</p></td><td><p>{{status:Green:GA}}</p></td></tr>
<tr><td><p>billing</p></td><td><p>Kotlin</p></td><td><p>{{@bob}}</p></td><td><p>{{status:Blue:Beta}}</p></td></tr>
<tr><td><p>search</p></td><td><p>Python</p></td><td><p>{{@carol}}</p></td><td><p>{{status:Red:Deprecated}}</p></td></tr>
</tbody></table>`

const confSeedArchFlow = `
<h2>Request flow</h2>
<ol>
<li><p>The gateway authenticates the caller.</p></li>
<li><p>It routes by path prefix:</p><ul><li><p><code>/billing/</code> goes to billing</p></li><li><p><code>/search/</code> goes to search</p></li></ul></li>
<li><p>Responses are cached for 30 seconds.</p></li>
</ol>
<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">go</ac:parameter><ac:parameter ac:name="title">gateway/route.go</ac:parameter><ac:parameter ac:name="linenumbers">true</ac:parameter><ac:plain-text-body><![CDATA[func route(w http.ResponseWriter, r *http.Request) {
	switch {
	case strings.HasPrefix(r.URL.Path, "/billing/"):
		billing.ServeHTTP(w, r)
	case strings.HasPrefix(r.URL.Path, "/search/"):
		search.ServeHTTP(w, r)
	default:
		http.NotFound(w, r)
	}
}]]></ac:plain-text-body></ac:structured-macro>`

const confSeedArchCache = `
<h2>Cache layer</h2>
<p>A Redis cluster caches rendered responses. Keys expire after <strong>30 s</strong>; see <ac:link><ri:page ri:content-title="Incident Response" /></ac:link> for what to do when it fails.</p>
<ac:structured-macro ac:name="warning"><ac:parameter ac:name="title">Do not flush in production</ac:parameter><ac:rich-text-body><p>Flushing the cache sends the full load to PostgreSQL.</p></ac:rich-text-body></ac:structured-macro>`

const confSeedDeployHead = `
<p>How to ship a release of the Demo Platform. We deploy <strong>Monday to Thursday</strong>, never on Fridays.</p>
<ac:structured-macro ac:name="warning"><ac:parameter ac:name="title">Freeze windows</ac:parameter><ac:rich-text-body><p>No deploys during the end-of-quarter freeze. Ask {{@alice}} for an exception.</p></ac:rich-text-body></ac:structured-macro>
<h2>Before you start</h2>
<ac:task-list>
<ac:task><ac:task-id>1</ac:task-id><ac:task-status>complete</ac:task-status><ac:task-body>Check that the release notes are written</ac:task-body></ac:task>
<ac:task><ac:task-id>2</ac:task-id><ac:task-status>incomplete</ac:task-status><ac:task-body>Announce the deploy in #releases</ac:task-body></ac:task>
</ac:task-list>
<h2>Steps</h2>`

const confSeedDeploySteps = `
<ol>
<li><p>Tag the release:</p><ac:structured-macro ac:name="code"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[git tag -s v1.4.0 -m "Release 1.4.0"
git push origin v1.4.0]]></ac:plain-text-body></ac:structured-macro></li>
<li><p>Watch the pipeline until every stage is green.</p></li>
<li><p>Promote to production:</p><ol><li><p>Run <code>deployctl promote --env prod</code>.</p></li><li><p>Watch the health dashboard for 15 minutes.</p></li></ol></li>`

// confSeedRoadmap is the roadmap page with the given quarter statuses; an
// empty status leaves the quarter out.
func confSeedRoadmap(q1, q2, q3 string) string {
	rows := `<tr><td><p>Q1</p></td><td><p>Self-service billing</p></td><td>{{jira:DEMO-3}}</td><td><p>` + q1 + `</p></td></tr>`
	if q2 != "" {
		rows += `<tr><td><p>Q2</p></td><td><p>Team workspaces</p></td><td>{{jira:DEMO-4}}</td><td><p>` + q2 + `</p></td></tr>`
	}
	if q3 != "" {
		rows += `<tr><td><p>Q3</p></td><td><p>Search v2</p></td><td><p>–</p></td><td><p>` + q3 + `</p></td></tr>`
	}
	return `
<p>The product roadmap for <strong>2025</strong>. Dates are targets, not promises.</p>
<table><tbody>
<tr><th><p>Quarter</p></th><th><p>Theme</p></th><th><p>Epic</p></th><th><p>Status</p></th></tr>` + rows + `
</tbody></table>
<h2>Out of scope</h2>
<ul><li><p>Mobile apps</p></li><li><p>On-premise installs</p></li></ul>
<p>Owner: {{@bob}}. Last reviewed with {{@carol}}.</p>`
}
