package events

import (
	"testing"
	"time"
)

func TestContact(t *testing.T) {
	t0 := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	var c Contact
	if !c.Inbound(t0) {
		t.Fatal("first message: Inbound = false, want a new contact")
	}
	if c.Inbound(t0.Add(time.Minute)) {
		t.Error("second message a minute later opened a new contact")
	}
	frt, ok := c.Outbound(t0.Add(90 * time.Second))
	if !ok || frt != 90*time.Second {
		t.Errorf("Outbound = %v, %v; want 1m30s, true (measured from the opening message)", frt, ok)
	}
	if _, ok := c.Outbound(t0.Add(2 * time.Minute)); ok {
		t.Error("second answer counted as a first response")
	}
	if c.Inbound(t0.Add(11 * time.Hour)) {
		t.Error("message after 11h of silence opened a new contact")
	}
	later := t0.Add(11*time.Hour + ContactGap)
	if !c.Inbound(later) {
		t.Error("message after 12h of silence did not open a new contact")
	}
	if c.Answered || !c.Opened.Equal(later) {
		t.Errorf("new contact = %+v, want unanswered and opened at %v", c, later)
	}
	if frt, ok := c.Outbound(later.Add(-time.Second)); !ok || frt != 0 {
		t.Errorf("Outbound before Opened = %v, %v; want 0, true", frt, ok)
	}
}
