package sandbox

// jiraCatalogueSeed is seed/jira_catalogue.json: the workflow and the
// static lists every project shares. Statuses are in workflow order and
// priorities highest first; the position is their order and rank. Names
// refer to other entries (a status category by key, a transition's
// statuses and resolution by name), so an entry reads on its own.
type jiraCatalogueSeed struct {
	Statuses []struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Category    string `json:"category"` // new, indeterminate or done
		Icon        string `json:"icon"`
		Description string `json:"description"`
	} `json:"statuses"`
	Priorities []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Icon string `json:"icon"`
	} `json:"priorities"`
	Resolutions []struct {
		ID          string `json:"id"`
		Name        string `json:"name"`
		Description string `json:"description"`
	} `json:"resolutions"`
	IssueTypes []struct {
		ID             string `json:"id"`
		Name           string `json:"name"`
		Subtask        bool   `json:"subtask"`
		HierarchyLevel int    `json:"hierarchyLevel"` // 1 epic, 0 standard, -1 sub-task
		AvatarID       int    `json:"avatarId"`
		Description    string `json:"description"`
	} `json:"issueTypes"`
	Transitions []struct {
		ID         string   `json:"id"`
		Name       string   `json:"name"`
		From       []string `json:"from"`   // status names; none with global
		Global     bool     `json:"global"` // from every status but its target, while not done
		To         string   `json:"to"`
		Resolution string   `json:"resolution"` // set on arrival; empty clears it
		Screen     bool     `json:"screen"`     // asks for the resolution
	} `json:"transitions"`
	Teams []struct {
		ID    string `json:"id"`
		Value string `json:"value"`
	} `json:"teams"` // the options of the Team field
}

// initCatalogue loads seed/jira_catalogue.json and seed/jira_fields.json.
func (st *jiraStore) initCatalogue() {
	var data jiraCatalogueSeed
	loadSeed("jira_catalogue.json", &data)
	const where = "seed/jira_catalogue.json"
	category := func(key string) *jStatusCategory {
		for _, c := range jStatusCats {
			if c.key == key {
				return c
			}
		}
		return nil
	}

	st.statuses = newCollection(func(x *jStatus) string { return x.id }, func(x *jStatus) string { return x.name })
	for i, s := range data.Statuses {
		cat := seedRef(where, "status category", s.Category, category)
		st.statuses.add(&jStatus{id: s.ID, name: s.Name, desc: s.Description, icon: s.Icon, cat: cat, order: i + 1})
	}
	st.priorities = newCollection(func(x *jPriority) string { return x.id }, func(x *jPriority) string { return x.name })
	for i, p := range data.Priorities {
		st.priorities.add(&jPriority{id: p.ID, name: p.Name, icon: p.Icon, rank: i + 1})
	}
	st.resolutions = newCollection(func(x *jResolution) string { return x.id }, func(x *jResolution) string { return x.name })
	for _, r := range data.Resolutions {
		st.resolutions.add(&jResolution{id: r.ID, name: r.Name, desc: r.Description})
	}
	st.issueTypes = newCollection(func(x *jIssueType) string { return x.id }, func(x *jIssueType) string { return x.name })
	for _, t := range data.IssueTypes {
		st.issueTypes.add(&jIssueType{id: t.ID, name: t.Name, desc: t.Description, subtask: t.Subtask, level: t.HierarchyLevel, avatar: t.AvatarID})
	}
	st.transitions = newCollection(func(t *jTransition) string { return t.id }, nil)
	for _, t := range data.Transitions {
		tr := &jTransition{id: t.ID, name: t.Name, to: seedRef(where, "status", t.To, st.statuses.named),
			resolution: seedRef(where, "resolution", t.Resolution, st.resolutions.named), screen: t.Screen, global: t.Global}
		for _, from := range t.From {
			tr.from = append(tr.from, seedRef(where, "status", from, st.statuses.named).id)
		}
		st.transitions.add(tr)
	}
	st.teamOptions = newCollection(func(x *jOption) string { return x.id }, func(x *jOption) string { return x.value })
	for _, o := range data.Teams {
		st.teamOptions.add(&jOption{id: o.ID, value: o.Value})
	}
	st.fields = jiraFieldCatalogue(st.cloud)
}
