package sandbox

// User is a sandbox account with every kind of secret the sandbox accepts.
type User struct {
	AccountID   string // Cloud identity
	Key         string // Server/DC user key
	Name        string // Server/DC username
	Email       string // Cloud basic-auth login
	DisplayName string
	APIToken    string // Cloud basic-auth secret
	Password    string // Server/DC basic-auth secret
	PAT         string // Server/DC personal access token (Bearer)
	OAuthToken  string // Cloud OAuth 2.0 access token, gateway only
}

// DefaultUsers are the documented demo accounts (README.md lists them).
// alice is the default user of a Caddyfile that falls back to the sandbox.
func DefaultUsers() []User {
	return []User{
		{
			AccountID: "5b10a2844c20165700ede21a", Key: "JIRAUSER10000", Name: "alice",
			Email: "alice@example.com", DisplayName: "Alice Example",
			APIToken: "alice-api-token", Password: "alice-password",
			PAT: "alice-pat", OAuthToken: "alice-oauth-token",
		},
		{
			AccountID: "5b10a2844c20165700ede21b", Key: "JIRAUSER10001", Name: "bob",
			Email: "bob@example.com", DisplayName: "Bob Builder",
			APIToken: "bob-api-token", Password: "bob-password",
			PAT: "bob-pat", OAuthToken: "bob-oauth-token",
		},
		{
			AccountID: "5b10a2844c20165700ede21c", Key: "JIRAUSER10002", Name: "carol",
			Email: "carol@example.com", DisplayName: "Carol Reviewer",
			APIToken: "carol-api-token", Password: "carol-password",
			PAT: "carol-pat", OAuthToken: "carol-oauth-token",
		},
	}
}
