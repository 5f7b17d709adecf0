package oauthproxy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
)

// expiringFolders hold the records that carry an expiry: abandoned
// sign-ins, unredeemed codes, access tokens. Without a sweep every hour
// of a connected client would leave one more access token in storage.
var expiringFolders = []string{"pending", "codes", "tokens"}

// Sweep deletes the records that expired and the registrations that were
// never used (clients.go). Every instance sharing the storage may run it:
// deleting twice is harmless, a record is only read, never rewritten,
// here, and a client is deleted under its lock. It returns how many
// records it deleted. It also lets go of the token sources of grants not
// used for an hour (oauth.Sources).
func (p *Proxy) Sweep(ctx context.Context) (int, error) {
	p.sources.Trim()
	now := p.cfg.Now()
	deleted, err := p.sweepClients(ctx, now)
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	for _, folder := range expiringFolders {
		keys, err := p.cfg.Store.List(ctx, oauth.KeyPrefix+"/proxy/"+folder, false)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("listing %s: %w", folder, err))
			continue
		}
		for _, key := range keys {
			if ctx.Err() != nil {
				return deleted, ctx.Err()
			}
			b, err := p.cfg.Store.Load(ctx, key)
			if err != nil {
				continue // gone meanwhile, or unreadable: left for the next sweep
			}
			var rec struct {
				Expires time.Time `json:"expires"`
			}
			if json.Unmarshal(b, &rec) != nil || rec.Expires.IsZero() || now.Before(rec.Expires) {
				continue
			}
			if err := p.cfg.Store.Delete(ctx, key); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("deleting an expired record: %w", err))
				continue
			}
			deleted++
		}
	}
	return deleted, errors.Join(errs...)
}
