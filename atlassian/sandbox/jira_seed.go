package sandbox

import (
	"strconv"
	"time"
)

// The seeded Jira data: project DEMO (35 issues), OPS (5 issues) and the
// archived OLD (no issues). Dates count back from jiraSeedBase, so the
// data is the same on every run.

type seedComment struct {
	author  string
	daysAgo int
	body    []rtBlock
}

type seedIssue struct {
	typ, summary, status, priority string
	assignee, reporter             string
	labels, comps                  []string
	parent                         int // sub-task parent or epic, by issue number in the same project
	points                         float64
	team                           string
	created, updated               int // days before jiraSeedBase
	due                            string
	resolution                     string // for Done issues; "" means Done
	desc                           []rtBlock
	comments                       []seedComment
}

func (st *jiraStore) seed() {
	rr := richRenderer{cloud: st.cloud, user: st.userNamed}
	alice, bob, carol := st.userNamed("alice"), st.userNamed("bob"), st.userNamed("carol")
	types := func(names ...string) []*jIssueType {
		var out []*jIssueType
		for _, n := range names {
			out = append(out, st.issueTypes.find(n))
		}
		return out
	}
	demo := &jProject{id: "10000", key: "DEMO", name: "Demo Project", lead: alice,
		desc:       "A sample software project for trying out the MCP server: a customer portal with single sign-on, checkout and documentation work.",
		issueTypes: types("Epic", "Story", "Task", "Bug", "Sub-task"), noCreate: map[string]bool{}}
	demo.components = []*jComponent{
		{"10000", "Backend", "Services, APIs and the database.", demo},
		{"10001", "Frontend", "The web client.", demo},
		{"10002", "Docs", "User and developer documentation.", demo},
	}
	ops := &jProject{id: "10001", key: "OPS", name: "Operations", lead: bob,
		desc:       "Infrastructure, deployments and on-call work.",
		issueTypes: types("Task", "Bug", "Sub-task"), noCreate: map[string]bool{"carol": true}}
	ops.components = []*jComponent{{"10003", "Infrastructure", "Servers, networks and cloud resources.", ops}}
	old := &jProject{id: "10002", key: "OLD", name: "Legacy Platform", lead: carol, archived: true,
		archivedAt: jiraSeedBase.AddDate(0, 0, -200), archivedBy: alice,
		desc:       "The platform we retired in spring; kept for reference.",
		issueTypes: types("Task", "Bug"), noCreate: map[string]bool{}}
	st.projects.add(demo, ops, old)

	st.seedProject(rr, demo, demoSeed())
	st.seedProject(rr, ops, opsSeed())
}

func (st *jiraStore) seedProject(rr richRenderer, p *jProject, seeds []seedIssue) {
	for i, sd := range seeds {
		num := i + 1
		// A deterministic spread over the working day, under 20 hours, so
		// that nothing is dated after jiraSeedBase.
		created := jiraSeedBase.Add(-time.Duration(sd.created)*24*time.Hour + time.Duration(num*37%1200)*time.Minute)
		updated := jiraSeedBase.Add(-time.Duration(sd.updated)*24*time.Hour + time.Duration(num*53%1200)*time.Minute)
		if updated.Before(created) {
			updated = created
		}
		is := &jIssue{
			id: st.nextIssueID, key: p.key + "-" + strconv.Itoa(num), project: p,
			summary: sd.summary, issueType: st.issueTypes.find(sd.typ), status: st.statuses.find(sd.status),
			priority: st.priorities.find(sd.priority), assignee: st.userNamed(sd.assignee), reporter: st.userNamed(sd.reporter),
			labels: append([]string{}, sd.labels...), created: created, updated: updated, duedate: sd.due,
			description: rr.render(sd.desc), team: st.teamOptions.find(sd.team),
		}
		st.nextIssueID++
		is.creator = is.reporter
		for _, name := range sd.comps {
			for _, c := range p.components {
				if c.name == name {
					is.components = append(is.components, c)
				}
			}
		}
		if sd.points > 0 {
			pts := sd.points
			is.storyPoints = &pts
		}
		if sd.parent > 0 {
			target := st.issues.find(p.key + "-" + strconv.Itoa(sd.parent))
			if is.issueType.subtask {
				is.parent = target
			} else {
				is.epic = target
			}
		}
		if is.issueType.name == "Epic" {
			is.epicName = map[string]string{"DEMO-1": "Single sign-on", "DEMO-2": "Checkout redesign", "DEMO-3": "Docs overhaul"}[is.key]
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
				res := st.resolutions.find(orDefault(sd.resolution, "Done"))
				is.resolution = res
				at := updated
				is.resolved = &at
				h.items = append(h.items, jChange{field: "resolution", fieldID: "resolution", fieldType: "jira", to: res.id, toString: res.name})
			}
			is.history = append(is.history, h)
		}
		for _, sc := range sd.comments {
			at := jiraSeedBase.Add(-time.Duration(sc.daysAgo)*24*time.Hour + time.Duration((num*11+len(is.comments)*97)%1200)*time.Minute)
			if !at.After(created) {
				at = created.Add(time.Duration(len(is.comments)+1) * 47 * time.Minute)
			}
			if at.After(is.updated) {
				is.updated = at
			}
			u := st.userNamed(sc.author)
			is.comments = append(is.comments, &jComment{
				id: st.commentID(), author: u, updateAuthor: u, body: rr.render(sc.body), created: at, updated: at,
			})
		}
		st.add(is)
		p.counter = num
	}
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

func demoSeed() []seedIssue {
	return []seedIssue{
		{ // DEMO-1
			typ: "Epic", summary: "Single sign-on for the customer portal", status: "In Progress", priority: "High",
			assignee: "alice", reporter: "alice", labels: []string{"auth", "q4"}, comps: []string{"Backend"}, team: "Platform",
			created: 150, updated: 3,
			desc: []rtBlock{
				rtH(2, "Overview"),
				rtP(rtT("Customers of larger accounts want to sign in with their "), rtB("corporate identity provider"), rtT(" instead of a separate password. This epic collects the work to support OpenID Connect.")),
				rtH(3, "Goals"),
				rtUL(rtLI(rtT("Sign in through any OIDC-compliant provider")), rtLI(rtT("Keep password login for small accounts")), rtLI(rtT("Map provider groups to portal roles"))),
				rtH(3, "Milestones"),
				rtTable([]string{"Milestone", "Target", "Owner"}, []string{"Provider discovery", "October", "Bob"}, []string{"Token validation", "November", "Bob"}, []string{"Admin settings", "December", "Carol"}),
				rtPanel("info", rtP(rtT("See the "), rtA("OpenID Connect Core specification", "https://openid.net/specs/openid-connect-core-1_0.html"), rtT(" for the protocol details."))),
			},
			comments: []seedComment{
				{"bob", 60, rtPlain("Discovery is done; token validation is next.")},
				{"carol", 10, []rtBlock{rtP(rtAt("alice"), rtT(" the settings page needs a design before I can start. Can we review it this week?"))}},
			},
		},
		{ // DEMO-2
			typ: "Epic", summary: "Checkout redesign", status: "To Do", priority: "Medium",
			assignee: "bob", reporter: "alice", labels: []string{"checkout", "ux"}, comps: []string{"Frontend"}, team: "Web",
			created: 140, updated: 20,
			desc: []rtBlock{
				rtH(2, "Why"),
				rtP(rtT("Half of the carts are abandoned on the second checkout step. A single page with inline validation should cut that in half.")),
				rtH(2, "Scope"),
				rtOL(rtLI(rtT("One-page form")), rtLI(rtT("Saved cards")), rtLI(rtT("Funnel analytics"))),
			},
		},
		{ // DEMO-3
			typ: "Epic", summary: "Developer documentation overhaul", status: "Done", priority: "Low",
			assignee: "carol", reporter: "alice", labels: []string{"docs"}, comps: []string{"Docs"}, team: "Content",
			created: 148, updated: 30,
			desc: rtPlain("Rewrite the developer guide around tasks instead of endpoints."),
		},
		{ // DEMO-4
			typ: "Story", summary: "Log in with the corporate identity provider (OIDC)", status: "In Progress", priority: "High",
			assignee: "bob", reporter: "alice", labels: []string{"auth", "oidc"}, comps: []string{"Backend"}, parent: 1, points: 8, team: "Platform",
			created: 120, updated: 2,
			desc: []rtBlock{
				rtP(rtT("As a user of a large account I want to sign in with my company login so that I don't need another password.")),
				rtH(3, "Acceptance criteria"),
				rtUL(
					rtLI(rtT("The login page offers "), rtB("Sign in with SSO"), rtT(" when the account has a provider configured")),
					rtLI(rtT("The callback validates the "), rtC("id_token"), rtT(" signature and audience")),
					rtLI(rtT("Failed logins are audited")),
				),
				rtH(3, "Notes"),
				rtCode("go", "cfg := oidc.Config{ClientID: clientID}\nverifier := provider.Verifier(&cfg)\ntoken, err := verifier.Verify(ctx, rawIDToken)"),
				rtP(rtT("Pairing with "), rtAt("carol"), rtT(" on the login page; provider list in the "), rtA("design doc", "https://example.com/docs/sso-design"), rtT(".")),
			},
			comments: []seedComment{
				{"alice", 30, rtPlain("Please keep the provider configuration per account, not global.")},
				{"bob", 12, []rtBlock{rtP(rtT("Done: config is stored per account. Token validation uses the JWKS cache from "), rtC("auth/keys.go"), rtT("."))}},
				{"carol", 2, rtPlain("Login page changes are ready for review.")},
			},
		},
		{ // DEMO-5
			typ: "Task", summary: "Store refresh tokens encrypted at rest", status: "In Review", priority: "High",
			assignee: "bob", reporter: "carol", labels: []string{"auth", "security"}, comps: []string{"Backend"}, parent: 1, points: 5, team: "Platform",
			created: 110, updated: 1,
			desc: []rtBlock{
				rtP(rtT("Refresh tokens are stored in plain text today. Encrypt them with the key from the secrets manager.")),
				rtCode("sql", "ALTER TABLE sessions ADD COLUMN refresh_token_enc BYTEA;\nUPDATE sessions SET refresh_token_enc = encrypt(refresh_token);"),
				rtPanel("warning", rtP(rtB("Do not"), rtT(" drop the old column until the migration has run in production."))),
			},
		},
		{ // DEMO-6
			typ: "Story", summary: "Show the signed-in user's avatar in the header", status: "Done", priority: "Medium",
			assignee: "carol", reporter: "alice", labels: []string{"ui"}, comps: []string{"Frontend"}, parent: 1, points: 3, team: "Web",
			created: 115, updated: 40,
			desc: rtPlain("Use the avatar from the identity provider when there is one, initials otherwise."),
		},
		{ // DEMO-7
			typ: "Bug", summary: "Session cookie missing SameSite attribute", status: "Done", priority: "Highest",
			assignee: "bob", reporter: "carol", labels: []string{"security"}, comps: []string{"Backend"}, parent: 1, points: 2, team: "Platform",
			created: 100, updated: 35,
			desc: []rtBlock{
				rtH(3, "Steps to reproduce"),
				rtOL(rtLI(rtT("Sign in")), rtLI(rtT("Open the developer tools")), rtLI(rtT("Inspect the "), rtC("session"), rtT(" cookie"))),
				rtH(3, "Expected"),
				rtP(rtC("SameSite=Lax"), rtT(" is set.")),
				rtH(3, "Actual"),
				rtP(rtT("The attribute is missing, so browsers fall back to their defaults.")),
				rtCode("http", "Set-Cookie: session=abc123; Path=/; HttpOnly; Secure"),
			},
			comments: []seedComment{{"bob", 35, rtPlain("Fixed and deployed; all cookies now carry SameSite=Lax.")}},
		},
		{ // DEMO-8
			typ: "Task", summary: "Add SSO settings page for administrators", status: "To Do", priority: "Medium",
			reporter: "alice", labels: []string{"admin", "ui"}, comps: []string{"Frontend"}, parent: 1, points: 5, team: "Web",
			created: 95, updated: 95,
			desc: rtPlain("Administrators enter the issuer URL, client id and secret, and can test the connection."),
		},
		{ // DEMO-9
			typ: "Sub-task", summary: "Discover the provider's metadata endpoint", status: "Done", priority: "Medium",
			assignee: "bob", reporter: "bob", comps: []string{"Backend"}, parent: 4, created: 118, updated: 60,
			desc: rtPlain("Read /.well-known/openid-configuration and cache it for an hour."),
		},
		{ // DEMO-10
			typ: "Sub-task", summary: "Validate ID token signatures", status: "In Progress", priority: "High",
			assignee: "bob", reporter: "bob", labels: []string{"security"}, comps: []string{"Backend"}, parent: 4, created: 118, updated: 2,
		},
		{ // DEMO-11
			typ: "Sub-task", summary: "Map identity provider groups to roles", status: "To Do", priority: "Medium",
			reporter: "alice", comps: []string{"Backend"}, parent: 4, created: 117, updated: 117,
		},
		{ // DEMO-12
			typ: "Story", summary: "One-page checkout form", status: "In Progress", priority: "High",
			assignee: "carol", reporter: "bob", labels: []string{"checkout", "ux"}, comps: []string{"Frontend"}, parent: 2, points: 8, team: "Web",
			created: 90, updated: 4,
			desc: []rtBlock{
				rtP(rtT("Replace the three checkout steps with one page.")),
				rtH(3, "Fields"),
				rtTable([]string{"Field", "Required", "Validation"}, []string{"Email", "yes", "RFC 5322 address"}, []string{"Shipping address", "yes", "Address autocomplete"}, []string{"Card", "yes", "Luhn check"}, []string{"Coupon", "no", "Server side"}),
				rtP(rtI("Design: "), rtA("checkout mock-ups", "https://example.com/design/checkout")),
			},
		},
		{ // DEMO-13
			typ: "Story", summary: "Save cards for returning customers", status: "To Do", priority: "Medium",
			reporter: "bob", labels: []string{"checkout", "payments"}, comps: []string{"Backend", "Frontend"}, parent: 2, points: 13, team: "Web",
			created: 88, updated: 50,
			desc: rtPlain("Store a payment-provider token, never the card number, and let customers remove saved cards."),
		},
		{ // DEMO-14
			typ: "Bug", summary: "Total price rounds incorrectly for three-decimal currencies", status: "In Review", priority: "High",
			assignee: "alice", reporter: "carol", labels: []string{"checkout", "payments"}, comps: []string{"Backend"}, parent: 2, points: 3, team: "Platform",
			created: 60, updated: 5,
			desc: []rtBlock{
				rtP(rtT("Currencies with three minor digits (JOD, KWD) are rounded to two decimals in the order total.")),
				rtTable([]string{"Currency", "Cart", "Shown", "Expected"}, []string{"KWD", "10.125", "10.13", "10.125"}, []string{"JOD", "3.335", "3.34", "3.335"}),
				rtCode("python", "def total(items, currency):\n    digits = MINOR_UNITS.get(currency, 2)\n    return round(sum(i.price for i in items), digits)"),
			},
			comments: []seedComment{
				{"carol", 40, rtPlain("Reported by two customers in Kuwait this week.")},
				{"alice", 5, []rtBlock{rtP(rtT("Fix is up for review; the rounding now uses the ISO 4217 minor units table."))}},
			},
		},
		{ // DEMO-15
			typ: "Task", summary: "Add analytics events to the checkout funnel", status: "To Do", priority: "Low",
			assignee: "carol", reporter: "bob", labels: []string{"analytics"}, comps: []string{"Frontend"}, parent: 2, points: 2, team: "Web",
			created: 55, updated: 45,
			desc: rtPlain("Track step views, validation errors and completed orders."),
		},
		{ // DEMO-16
			typ: "Bug", summary: "Checkout button is not reachable with the keyboard", status: "Done", priority: "High",
			assignee: "carol", reporter: "alice", labels: []string{"accessibility", "checkout"}, comps: []string{"Frontend"}, parent: 2, points: 1, team: "Web",
			created: 70, updated: 25,
			desc:     rtPlain("Tabbing skips the Pay now button because it is a div with a click handler."),
			comments: []seedComment{{"carol", 25, rtPlain("Replaced the div with a real button element.")}},
		},
		{ // DEMO-17
			typ: "Sub-task", summary: "Address autocomplete", status: "In Progress", priority: "Medium",
			assignee: "carol", reporter: "carol", comps: []string{"Frontend"}, parent: 12, created: 85, updated: 4,
		},
		{ // DEMO-18
			typ: "Sub-task", summary: "Inline validation messages", status: "To Do", priority: "Medium",
			assignee: "carol", reporter: "carol", labels: []string{"ux"}, comps: []string{"Frontend"}, parent: 12, created: 85, updated: 30,
		},
		{ // DEMO-19
			typ: "Sub-task", summary: "Add a regression test for JOD and KWD", status: "In Review", priority: "Medium",
			assignee: "alice", reporter: "alice", labels: []string{"testing"}, comps: []string{"Backend"}, parent: 14, created: 58, updated: 5,
		},
		{ // DEMO-20
			typ: "Task", summary: "Write the API quick-start guide", status: "Done", priority: "Medium",
			assignee: "carol", reporter: "alice", labels: []string{"docs"}, comps: []string{"Docs"}, parent: 3, points: 5, team: "Content",
			created: 146, updated: 80,
			desc: rtPlain("From zero to the first authenticated API call in five minutes."),
		},
		{ // DEMO-21
			typ: "Task", summary: "Document the webhook payloads", status: "Done", priority: "Low", resolution: "Won't Do",
			assignee: "carol", reporter: "alice", labels: []string{"docs", "webhooks"}, comps: []string{"Docs"}, parent: 3, points: 3, team: "Content",
			created: 140, updated: 75,
			desc: rtPlain("Superseded by the generated OpenAPI reference."),
		},
		{ // DEMO-22
			typ: "Story", summary: "Publish an OpenAPI reference", status: "Done", priority: "Medium",
			assignee: "alice", reporter: "carol", labels: []string{"docs", "api"}, comps: []string{"Docs", "Backend"}, parent: 3, points: 5, team: "Content",
			created: 135, updated: 31,
			desc: []rtBlock{
				rtP(rtT("Generate the reference from the handlers and publish it at "), rtA("the developer site", "https://example.com/developers/api"), rtT(".")),
				rtCode("yaml", "openapi: 3.0.3\ninfo:\n  title: Customer Portal API\n  version: 2.3.0"),
			},
		},
		{ // DEMO-23
			typ: "Bug", summary: "Search results flicker when typing quickly", status: "To Do", priority: "Low",
			reporter: "carol", labels: []string{"search", "ui"}, comps: []string{"Frontend"}, points: 2, team: "Web",
			created: 40, updated: 40,
			desc: []rtBlock{
				rtP(rtT("Each keystroke starts a request and older responses overwrite newer ones.")),
				rtCode("typescript", "const results = await search(query); // no cancellation\nsetResults(results);"),
			},
		},
		{ // DEMO-24
			typ: "Bug", summary: "Export to CSV drops non-ASCII characters", status: "In Progress", priority: "Medium",
			assignee: "alice", reporter: "bob", labels: []string{"export", "i18n"}, comps: []string{"Backend"}, points: 3, team: "Platform",
			created: 35, updated: 6,
			desc: []rtBlock{
				rtP(rtT("Names like "), rtI("Zoë"), rtT(" or "), rtI("Łukasz"), rtT(" come out as question marks.")),
				rtTable([]string{"Input", "Exported"}, []string{"Zoë", "Zo?"}, []string{"Łukasz", "?ukasz"}),
			},
			comments: []seedComment{
				{"bob", 20, rtPlain("Happens in Excel only; other tools read the file fine.")},
				{"alice", 6, rtPlain("Excel needs a byte order mark. Adding it behind an option.")},
			},
		},
		{ // DEMO-25
			typ: "Task", summary: "Upgrade the database driver", status: "To Do", priority: "Medium",
			assignee: "bob", reporter: "alice", labels: []string{"maintenance", "dependencies"}, comps: []string{"Backend"}, points: 2, team: "Platform",
			created: 30, updated: 30, due: "2026-12-15",
			desc: rtPlain("The current driver version reaches end of support in January."),
		},
		{ // DEMO-26
			typ: "Task", summary: "Rotate the staging API keys", status: "Done", priority: "High",
			assignee: "alice", reporter: "alice", labels: []string{"security", "maintenance"}, comps: []string{"Backend"},
			created: 28, updated: 27,
			desc: rtPlain("Quarterly rotation."),
		},
		{ // DEMO-27
			typ: "Story", summary: "Dark mode for the dashboard", status: "To Do", priority: "Lowest",
			reporter: "carol", labels: []string{"ui", "theme"}, comps: []string{"Frontend"}, points: 8, team: "Web",
			created: 25, updated: 25,
			desc: rtPlain("Follow the operating system setting and offer a manual switch."),
		},
		{ // DEMO-28
			typ: "Bug", summary: "Password reset email links expire too early", status: "In Review", priority: "High",
			assignee: "bob", reporter: "carol", labels: []string{"auth", "email"}, comps: []string{"Backend"}, points: 2, team: "Platform",
			created: 20, updated: 3,
			desc:     rtPlain("Links are valid for 10 minutes, but mail delivery sometimes takes longer. Make it one hour."),
			comments: []seedComment{{"bob", 3, rtPlain("Changed the expiry to 60 minutes and added a test.")}},
		},
		{ // DEMO-29
			typ: "Task", summary: "Add rate limiting to the public API", status: "In Progress", priority: "High",
			assignee: "bob", reporter: "alice", labels: []string{"api", "security"}, comps: []string{"Backend"}, points: 5, team: "Platform",
			created: 18, updated: 1,
			desc: []rtBlock{
				rtP(rtT("Limit each API token to a fixed number of requests per minute and answer "), rtC("429"), rtT(" with "), rtC("Retry-After"), rtT(".")),
				rtCode("yaml", "rate_limit:\n  requests_per_minute: 600\n  burst: 100"),
			},
		},
		{ // DEMO-30
			typ: "Story", summary: "Keyboard shortcuts cheat sheet", status: "To Do", priority: "Low",
			assignee: "carol", reporter: "carol", labels: []string{"docs", "ux"}, comps: []string{"Docs", "Frontend"}, points: 2, team: "Content",
			created: 15, updated: 15,
			desc: rtPlain("Show the list with the ? key."),
		},
		{ // DEMO-31
			typ: "Bug", summary: "Tooltip overlaps the date picker on small screens", status: "To Do", priority: "Low",
			reporter: "bob", labels: []string{"ui"}, comps: []string{"Frontend"}, points: 1, team: "Web",
			created: 12, updated: 12,
		},
		{ // DEMO-32
			typ: "Task", summary: "Write release notes for 2.4", status: "In Progress", priority: "Medium",
			assignee: "carol", reporter: "alice", labels: []string{"docs", "release"}, comps: []string{"Docs"}, points: 1, team: "Content",
			created: 10, updated: 2, due: "2026-11-28",
			desc: rtPlain("Collect the changes since 2.3 and write them up for customers."),
		},
		{ // DEMO-33
			typ: "Bug", summary: "Duplicate notification emails after retries", status: "Done", priority: "Medium", resolution: "Duplicate",
			assignee: "bob", reporter: "carol", labels: []string{"email"}, comps: []string{"Backend"},
			created: 9, updated: 7,
			desc: rtPlain("Same root cause as the password reset problem."),
		},
		{ // DEMO-34
			typ: "Task", summary: "Clean up feature flags from Q3", status: "To Do", priority: "Lowest",
			reporter: "alice", labels: []string{"maintenance"}, comps: []string{"Backend", "Frontend"},
			created: 6, updated: 6,
		},
		{ // DEMO-35
			typ: "Story", summary: "Export invoices as PDF", status: "To Do", priority: "Medium",
			assignee: "alice", reporter: "bob", labels: []string{"export", "billing"}, comps: []string{"Backend"}, points: 5, team: "Platform",
			created: 3, updated: 1,
			desc:     rtPlain("Accounting asks for PDF invoices with the company address and VAT number."),
			comments: []seedComment{{"bob", 1, rtPlain("Finance would like this before the end of the year.")}},
		},
	}
}

func opsSeed() []seedIssue {
	return []seedIssue{
		{ // OPS-1
			typ: "Task", summary: "Renew the wildcard TLS certificate", status: "In Progress", priority: "Highest",
			assignee: "bob", reporter: "bob", labels: []string{"tls", "security"}, comps: []string{"Infrastructure"},
			created: 14, updated: 1, due: "2026-11-30",
			desc: rtPlain("The certificate for *.example.com expires on 2 December."),
		},
		{ // OPS-2
			typ: "Bug", summary: "Disk usage alert fires on the backup volume", status: "To Do", priority: "High",
			reporter: "alice", labels: []string{"monitoring", "alerts"}, comps: []string{"Infrastructure"},
			created: 11, updated: 11,
			desc:     rtPlain("The alert threshold does not account for the nightly snapshot."),
			comments: []seedComment{{"alice", 11, rtPlain("Silenced until Friday.")}},
		},
		{ // OPS-3
			typ: "Task", summary: "Move nightly backups to the new bucket", status: "Done", priority: "Medium",
			assignee: "alice", reporter: "bob", labels: []string{"backup"}, comps: []string{"Infrastructure"},
			created: 40, updated: 20,
		},
		{ // OPS-4
			typ: "Task", summary: "Upgrade the Kubernetes cluster to 1.31", status: "To Do", priority: "Medium",
			assignee: "bob", reporter: "bob", labels: []string{"kubernetes", "maintenance"}, comps: []string{"Infrastructure"},
			created: 8, updated: 8,
		},
		{ // OPS-5
			typ: "Sub-task", summary: "Drain and upgrade the worker node pool", status: "To Do", priority: "Medium",
			assignee: "bob", reporter: "bob", labels: []string{"kubernetes"}, comps: []string{"Infrastructure"}, parent: 4,
			created: 8, updated: 8,
		},
	}
}
