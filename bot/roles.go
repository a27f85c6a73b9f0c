package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Role is who wrote a message: a client, a member of staff, or the owner.
type Role int

// Roles.
const (
	RoleClient Role = iota
	RoleStaff
	RoleOwner
)

func (r Role) String() string {
	switch r {
	case RoleStaff:
		return "staff"
	case RoleOwner:
		return "owner"
	}
	return "client"
}

// Roles says who is staff and who is the owner: explicit allow-lists, deny by default. Anyone
// not listed is a client, and a group chat that is not a staff chat is never answered.
type Roles struct {
	// Owners are "channel:user" keys, e.g. "telegram:123456789": in a private chat these users
	// are the owner, and owner alerts go to them.
	Owners []string
	// StaffChats are conversation keys, e.g. "telegram:-1001234567890": everyone writing there
	// is staff (the owner too, as owner).
	StaffChats []string
}

// Of returns the role of the sender of m.
func (r Roles) Of(m Message) Role {
	user := m.From.Channel + ":" + m.User
	owner := m.User != "" && slices.Contains(r.Owners, user)
	switch {
	case slices.Contains(r.StaffChats, m.From.String()):
		if owner {
			return RoleOwner
		}
		return RoleStaff
	case owner && !m.Group:
		return RoleOwner
	}
	return RoleClient
}

// Commands answers staff and owners. bot's Staff type implements it.
type Commands interface {
	Command(ctx context.Context, role Role, m Message, now time.Time) []Reply
}

// Notify sends text to every owner on their channel (an alert: a messenger logged out, an SLA
// breach). Owners on channels that are not running are skipped; it returns the first error.
func (h *Hub) Notify(ctx context.Context, text string) error {
	var first error
	for _, o := range h.cfg.Roles.Owners {
		name, user, _ := strings.Cut(o, ":")
		c := h.channel(name)
		if c == nil {
			continue
		}
		// In a messenger, the private chat with a user has the user's id.
		if err := c.Send(ctx, Address{Channel: name, Chat: user}, Reply{Text: text}); err != nil && first == nil {
			first = fmt.Errorf("bot: notify owner on %s: %w", name, err)
		}
	}
	return first
}

func (h *Hub) channel(name string) Channel {
	for _, c := range h.channels {
		if c.Name() == name {
			return c
		}
	}
	return nil
}
