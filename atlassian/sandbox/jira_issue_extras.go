package sandbox

// jiraExtrasSeed is seed/jira_issue_extras.json: watchers by issue key.
// (Remote links and worklogs are records: seed/jira_records.json.)
type jiraExtrasSeed struct {
	Watchers map[string][]string `json:"watchers"`
}

// seedIssueExtras adds the watchers of seed/jira_issue_extras.json to the
// seeded issues.
func (st *jiraStore) seedIssueExtras() {
	st.bulkTasks = newCollection(func(t *jBulkTask) string { return t.id }, nil)
	var seed jiraExtrasSeed
	loadSeed("jira_issue_extras.json", &seed)
	issue := func(key string) *jIssue {
		is := st.issues.find(key)
		if is == nil {
			panic("sandbox: seed/jira_issue_extras.json: no issue " + key)
		}
		return is
	}
	for _, key := range sortedKeys(seed.Watchers) {
		is := issue(key)
		for _, name := range seed.Watchers[key] {
			is.watchers = append(is.watchers, st.userNamed(name))
		}
	}
}

// movedIssue finds an issue by a key it had before it moved, as Jira
// keeps answering to old keys.
func (st *jiraStore) movedIssue(key string) *jIssue {
	for _, is := range st.issues.all() {
		for _, k := range is.formerKeys {
			if k == key {
				return is
			}
		}
	}
	return nil
}
