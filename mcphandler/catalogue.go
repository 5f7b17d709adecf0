package mcphandler

// catalogue lists every tool this server implements, in mcp-atlassian's
// order. Adding a tool is one function in the file of its toolset plus a
// line here.
func (h *Handler) catalogue() []toolEntry {
	return []toolEntry{
		h.jiraGetIssue(),
		h.jiraSearch(),
		h.jiraGetAllProjects(),
		h.jiraCreateIssue(),
		h.jiraUpdateIssue(),
		h.jiraAddComment(),
		h.jiraGetTransitions(),
		h.jiraTransitionIssue(),
		h.confluenceSearch(),
		h.confluenceGetPage(),
		h.confluenceCreatePage(),
		h.confluenceUpdatePage(),
		h.confluenceGetComments(),
		h.confluenceAddComment(),
	}
}
