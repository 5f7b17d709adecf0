package oauthproxy

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/mcp-atlassian/caddy-mcp-atlassian/atlassian/oauth"
)

// A registration is stored with an expiry (client.Expires) and kept for
// good once it is used, that is once it redeems a code: from then on it
// stands for a user who returns with its refresh token or signs in again.
// Whoever registered and never got that far (a client that gave up, or
// someone filling storage) is deleted by the sweep.
//
// Marking and sweeping both take the record's storage lock and re-read
// it, so between instances sharing storage a client is either marked
// before a sweep looks at it (and kept) or deleted before the mark (which
// then fails): a used client is never deleted. The sweep also waits for
// any sign-in started before the expiry to end first (client.abandoned).

// markUsed clears the client's expiry. A client already in use costs one
// read and no lock.
func (p *Proxy) markUsed(ctx context.Context, clientID string) error {
	key := clientKey(clientID)
	var c client
	if err := p.get(ctx, key, &c); err != nil {
		return err
	}
	if c.Expires.IsZero() {
		return nil
	}
	return p.locked(ctx, key, func() error {
		var c client
		if err := p.get(ctx, key, &c); err != nil {
			return err
		}
		if c.Expires.IsZero() {
			return nil
		}
		c.Expires = time.Time{}
		return p.put(ctx, key, c)
	})
}

// sweepClients deletes the abandoned registrations.
func (p *Proxy) sweepClients(ctx context.Context, now time.Time) (int, error) {
	keys, err := p.cfg.Store.List(ctx, oauth.KeyPrefix+"/proxy/clients", false)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("listing clients: %w", err)
	}
	deleted := 0
	var errs []error
	for _, key := range keys {
		if ctx.Err() != nil {
			return deleted, ctx.Err()
		}
		var c client
		if p.get(ctx, key, &c) != nil || !c.abandoned(now) {
			continue // in use, not yet due, gone meanwhile or unreadable
		}
		// The lock is named from the client's id, as markUsed names it:
		// the listed key may be in another form of the same key (storage
		// backends differ), and another lock excludes nothing.
		err := p.locked(ctx, clientKey(c.ID), func() error {
			var c client
			if err := p.get(ctx, key, &c); err != nil || !c.abandoned(now) {
				return nil // marked used or deleted meanwhile
			}
			if err := p.cfg.Store.Delete(ctx, key); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			deleted++
			return nil
		})
		if err != nil {
			errs = append(errs, fmt.Errorf("deleting an abandoned client: %w", err))
		}
	}
	return deleted, errors.Join(errs...)
}
