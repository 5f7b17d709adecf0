package oauth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Resource is one site (and product) a token can reach, from
// accessible-resources. Its ID is the cloud id used in
// https://api.atlassian.com/ex/{product}/{cloudId}/….
type Resource struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	URL       string   `json:"url"`
	Scopes    []string `json:"scopes,omitempty"`
	AvatarURL string   `json:"avatarUrl,omitempty"`
}

// AccessibleResources lists the sites the access token was granted for.
func (c *Config) AccessibleResources(ctx context.Context, accessToken string) ([]Resource, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.resourcesURL(), nil)
	if err != nil {
		return nil, fmt.Errorf("listing accessible resources: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	req.Header.Set("Accept", "application/json")
	resp, err := c.httpClient().Do(req)
	if err != nil {
		return nil, fmt.Errorf("listing accessible resources: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("listing accessible resources: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("listing accessible resources: %s", resp.Status)
	}
	var out []Resource
	if err := json.Unmarshal(body, &out); err != nil {
		return nil, fmt.Errorf("listing accessible resources: decoding answer: %w", err)
	}
	return out, nil
}

// PickResource finds the site named by want: its cloud id, its URL (with or
// without scheme) or its name. With want empty it picks the only site, or
// fails when there are several so the caller can ask.
func PickResource(resources []Resource, want string) (Resource, error) {
	if len(resources) == 0 {
		return Resource{}, fmt.Errorf("the token reaches no Atlassian site")
	}
	if want == "" {
		if len(resources) == 1 {
			return resources[0], nil
		}
		return Resource{}, fmt.Errorf("the token reaches %d sites; choose one", len(resources))
	}
	norm := func(s string) string {
		s = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "/")
		s = strings.TrimPrefix(s, "https://")
		return strings.TrimPrefix(s, "http://")
	}
	w := norm(want)
	for _, r := range resources {
		if norm(r.ID) == w || norm(r.URL) == w || norm(r.Name) == w {
			return r, nil
		}
	}
	return Resource{}, fmt.Errorf("no accessible site matches %q", want)
}
