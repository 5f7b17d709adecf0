package atlassian

import (
	"net"
	"net/url"
	"strings"
)

// Deployment tells Cloud sites from self-hosted Server/Data Center ones; the
// two speak different REST dialects (v3 + ADF + accountId versus v2 + wiki
// markup + username), so every client call branches on it.
type Deployment string

const (
	Cloud  Deployment = "cloud"
	Server Deployment = "server"
)

// ParseDeployment accepts the spellings used in configuration.
func ParseDeployment(s string) (Deployment, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "cloud":
		return Cloud, true
	case "server", "dc", "datacenter", "data_center", "data-center":
		return Server, true
	}
	return "", false
}

// cloudHostSuffixes are the host names Atlassian serves Cloud sites from,
// as the Python server recognises them.
var cloudHostSuffixes = []string{
	".atlassian.net", ".jira.com", ".jira-dev.com", ".atlassian.com",
	".atlassian-us-gov-mod.net", ".atlassian-us-gov.net",
}

// DetectDeployment guesses the deployment from a site URL the way
// mcp-atlassian does: Atlassian-owned host names are Cloud, everything else
// (including loopback and private addresses) is Server/Data Center.
func DetectDeployment(rawURL string) Deployment {
	u, err := url.Parse(rawURL)
	if err != nil || u.Hostname() == "" {
		return Server
	}
	host := strings.ToLower(u.Hostname())
	if host == "localhost" {
		return Server
	}
	if ip := net.ParseIP(host); ip != nil {
		return Server
	}
	if host == "api.atlassian.com" {
		return Cloud
	}
	for _, suffix := range cloudHostSuffixes {
		if strings.HasSuffix(host, suffix) {
			return Cloud
		}
	}
	return Server
}
