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

// recordFolders hold the records that end: abandoned sign-ins, unredeemed
// codes and access tokens carry an expiry; codes and tokens name a grant
// and end with it. Without a sweep every hour of a connected client would
// leave one more access token in storage, and every grant that ends would
// leave its refresh token's record, which has no expiry.
var recordFolders = []string{"pending", "codes", "tokens"}

// sweepMargin is waited past a record's expiry, and past the end of the
// last sign-in an unused client may have started, before the sweep
// deletes it. Those deadlines are read on the clock of the instance that
// serves the sign-in or the token, the sweep's on its own, and instances
// sharing storage do not share a clock: without it, an instance running
// ahead would delete a code, a sign-in in progress or a client that
// another still honours. A record kept longer does no harm, as every use
// checks its expiry.
const sweepMargin = time.Hour

// Sweep deletes the registrations that were never used (clients.go), the
// grants whose refresh token lapsed for disuse (grants.go), the records
// that expired and those whose grant is gone. Every instance sharing the
// storage may run it: deleting twice is harmless, a record is only read,
// never rewritten, here, and clients and grants are deleted under their
// locks after reading them again. It returns how many records and grants
// it deleted. It also lets go of the token sources of grants not used
// for an hour (oauth.Sources).
func (p *Proxy) Sweep(ctx context.Context) (int, error) {
	p.sources.Trim()
	now := p.cfg.Now()
	deleted := 0
	var errs []error
	// Grants before records, so that the records of a grant deleted now
	// go in the same sweep; records before unreferenced grants, which
	// are found from the records kept. The grants are listed once: if
	// that fails, no grant is judged.
	grants, err := oauth.ListGrants(ctx, p.cfg.Store, p.cfg.Upstream.ClientID)
	if err != nil {
		errs = append(errs, err)
	}
	var refs grantRefs
	for _, sweep := range []func() (int, error){
		func() (int, error) { return p.sweepClients(ctx, now) },
		func() (int, error) { return p.sweepGrants(ctx, now, grants) },
		func() (int, error) { return p.sweepRecords(ctx, now, &refs) },
		func() (int, error) { return p.sweepUnreferencedGrants(ctx, now, grants, &refs) },
	} {
		n, err := sweep()
		deleted += n
		if err != nil {
			errs = append(errs, err)
		}
		if ctx.Err() != nil {
			break
		}
	}
	return deleted, errors.Join(errs...)
}

// grantRefs are the grants the records kept by a sweep name. incomplete
// says a record could not be read (or was deleted between listing and
// reading, as a refresh rotating its token does): then no grant may be
// taken for unreferenced.
type grantRefs struct {
	named      map[string]bool
	incomplete bool
}

// sweepRecords deletes the records of recordFolders that expired or whose
// grant is no longer stored. A record always names a grant stored before
// it, so a missing grant is one that was deleted. It notes in refs the
// grants the records it keeps name.
func (p *Proxy) sweepRecords(ctx context.Context, now time.Time, refs *grantRefs) (int, error) {
	refs.named = map[string]bool{}
	stored := map[string]bool{}
	deleted := 0
	var errs []error
	for _, folder := range recordFolders {
		keys, err := p.cfg.Store.List(ctx, oauth.KeyPrefix+"/proxy/"+folder, false)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			refs.incomplete = true
			errs = append(errs, fmt.Errorf("listing %s: %w", folder, err))
			continue
		}
		for _, key := range keys {
			if ctx.Err() != nil {
				return deleted, errors.Join(append(errs, ctx.Err())...)
			}
			b, err := p.cfg.Store.Load(ctx, key)
			if err != nil {
				refs.incomplete = true
				continue // gone meanwhile, or unreadable: left for the next sweep
			}
			var rec struct {
				Expires time.Time `json:"expires"`
				GrantID string    `json:"grant_id"`
			}
			if json.Unmarshal(b, &rec) != nil {
				refs.incomplete = true
				continue
			}
			expired := !rec.Expires.IsZero() && !now.Before(rec.Expires.Add(sweepMargin))
			if !expired && (rec.GrantID == "" || p.grantStored(ctx, rec.GrantID, stored)) {
				if rec.GrantID != "" {
					refs.named[rec.GrantID] = true
				}
				continue
			}
			if err := p.cfg.Store.Delete(ctx, key); err != nil && !errors.Is(err, fs.ErrNotExist) {
				errs = append(errs, fmt.Errorf("deleting an expired or orphaned record: %w", err))
				continue
			}
			deleted++
		}
	}
	return deleted, errors.Join(errs...)
}
