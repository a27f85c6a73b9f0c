// Package bolt stores the event log and the contact states in the shared bbolt file.
// It owns the buckets "events.log" and "events.contacts".
package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	"github.com/minutka/minutka/events"
	bbolt "go.etcd.io/bbolt"
)

var (
	bucketLog      = []byte("events.log")
	bucketContacts = []byte("events.contacts")
)

// Store is the bbolt event log. It is safe for concurrent use.
type Store struct {
	db *bbolt.DB
}

// New returns a store on db. It does no I/O: buckets are created on first write.
func New(db *bbolt.DB) *Store { return &Store{db: db} }

// record is the stored form of an event: JSON with a version.
type record struct {
	V         int               `json:"v"`
	Type      string            `json:"type"`
	At        time.Time         `json:"at"`
	Channel   string            `json:"channel,omitempty"`
	Client    string            `json:"client,omitempty"`
	Sent      *time.Time        `json:"sent,omitempty"`
	Responder string            `json:"responder,omitempty"`
	Seconds   float64           `json:"seconds,omitempty"`
	Data      map[string]string `json:"data,omitempty"`
}

// Append adds e to the log. Keys are the big-endian time in nanoseconds and a sequence, so the
// log reads back in time order.
func (s *Store) Append(ctx context.Context, e events.Event) error {
	r := record{V: 1, Type: string(e.Type), At: e.At.UTC(), Channel: e.Channel, Client: e.Client,
		Responder: e.Responder, Seconds: e.Seconds, Data: e.Data}
	if !e.Sent.IsZero() {
		sent := e.Sent.UTC()
		r.Sent = &sent
	}
	v, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("events: encode: %w", err)
	}
	err = s.db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketLog)
		if err != nil {
			return err
		}
		seq, err := b.NextSequence()
		if err != nil {
			return err
		}
		k := make([]byte, 16)
		binary.BigEndian.PutUint64(k, nanos(e.At))
		binary.BigEndian.PutUint64(k[8:], seq)
		return b.Put(k, v)
	})
	if err != nil {
		return fmt.Errorf("events: append: %w", err)
	}
	return nil
}

// Events returns the events with from <= At < to, in time order.
func (s *Store) Events(ctx context.Context, from, to time.Time) ([]events.Event, error) {
	var out []events.Event
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketLog)
		if b == nil {
			return nil
		}
		start := make([]byte, 8)
		binary.BigEndian.PutUint64(start, nanos(from))
		end := nanos(to)
		c := b.Cursor()
		for k, v := c.Seek(start); k != nil && binary.BigEndian.Uint64(k) < end; k, v = c.Next() {
			var r record
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("decode %x: %w", k, err)
			}
			e := events.Event{Type: events.Type(r.Type), At: r.At, Channel: r.Channel, Client: r.Client,
				Responder: r.Responder, Seconds: r.Seconds, Data: r.Data}
			if r.Sent != nil {
				e.Sent = *r.Sent
			}
			out = append(out, e)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("events: read: %w", err)
	}
	return out, nil
}

type contactRecord struct {
	V           int       `json:"v"`
	Channel     string    `json:"channel"`
	Opened      time.Time `json:"opened"`
	LastInbound time.Time `json:"last_inbound"`
	Answered    bool      `json:"answered"`
}

// Contact returns the client's contact state; ok is false if the client never wrote.
func (s *Store) Contact(ctx context.Context, client string) (c events.Contact, ok bool, err error) {
	err = s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketContacts)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(client))
		if v == nil {
			return nil
		}
		var r contactRecord
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		c = events.Contact{Client: client, Channel: r.Channel, Opened: r.Opened, LastInbound: r.LastInbound, Answered: r.Answered}
		ok = true
		return nil
	})
	if err != nil {
		return events.Contact{}, false, fmt.Errorf("events: contact: %w", err)
	}
	return c, ok, nil
}

// PutContact stores the client's contact state.
func (s *Store) PutContact(ctx context.Context, c events.Contact) error {
	v, err := json.Marshal(contactRecord{V: 1, Channel: c.Channel, Opened: c.Opened.UTC(), LastInbound: c.LastInbound.UTC(), Answered: c.Answered})
	if err != nil {
		return fmt.Errorf("events: encode contact: %w", err)
	}
	err = s.db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketContacts)
		if err != nil {
			return err
		}
		return b.Put([]byte(c.Client), v)
	})
	if err != nil {
		return fmt.Errorf("events: put contact: %w", err)
	}
	return nil
}

// nanos returns t as nanoseconds since 1970, clamped to the range a key can hold.
func nanos(t time.Time) uint64 {
	switch {
	case t.Before(time.Unix(0, 0)):
		return 0
	case t.After(time.Unix(0, 1<<63-1)):
		return 1<<63 - 1
	}
	return uint64(t.UnixNano())
}
