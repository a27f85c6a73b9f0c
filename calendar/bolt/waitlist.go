package bolt

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/calendar"
)

// waitsBucket maps a wait's number (big-endian uint64 from the bucket's sequence, so key order
// is first come, first served) to its record.
var waitsBucket = []byte("calendar.waitlist")

// waitRecord is a waitlist entry as stored: JSON, versioned, times in UTC.
type waitRecord struct {
	V           int       `json:"v"`
	ID          string    `json:"id"`
	ClientID    string    `json:"client_id"`
	ClientName  string    `json:"client_name,omitempty"`
	ClientPhone string    `json:"client_phone,omitempty"`
	Service     string    `json:"service"`
	Master      string    `json:"master,omitempty"`
	From        time.Time `json:"from"`
	To          time.Time `json:"to"`
	Zone        string    `json:"zone,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Wait implements calendar.Store.
func (s *Store) Wait(ctx context.Context, w calendar.Wait, now time.Time) (calendar.Wait, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Wait{}, err
	}
	if w.Client.ID == "" || !w.From.Before(w.To) {
		return calendar.Wait{}, errors.New("calendar/bolt: wait: no client or an empty window")
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		t, err := s.write(tx)
		if err != nil {
			return err
		}
		var stale [][]byte
		c := t.waits.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			o, err := s.decodeWait(v)
			if err != nil {
				return err
			}
			switch {
			case !now.IsZero() && !o.To.After(now):
				stale = append(stale, k)
			case o.Client.ID == w.Client.ID && o.Service == w.Service && o.Master == w.Master &&
				o.From.Equal(w.From) && o.To.Equal(w.To):
				w = o
				return nil
			}
		}
		for _, k := range stale {
			if err := t.waits.Delete(k); err != nil {
				return err
			}
		}
		seq, err := t.waits.NextSequence()
		if err != nil {
			return err
		}
		w.ID = "w" + strconv.FormatUint(seq, 10)
		v, err := json.Marshal(waitRecord{V: version, ID: w.ID, ClientID: w.Client.ID, ClientName: w.Client.Name,
			ClientPhone: w.Client.Phone, Service: w.Service, Master: w.Master, From: w.From.UTC(), To: w.To.UTC(),
			Zone: w.From.Location().String(), CreatedAt: w.CreatedAt.UTC()})
		if err != nil {
			return err
		}
		return t.waits.Put(binary.BigEndian.AppendUint64(nil, seq), v)
	})
	if err != nil {
		return calendar.Wait{}, fmt.Errorf("calendar/bolt: wait: %w", err)
	}
	return w, nil
}

// Waits implements calendar.Store.
func (s *Store) Waits(ctx context.Context, from, to time.Time) ([]calendar.Wait, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []calendar.Wait
	err := s.db.View(func(tx *bbolt.Tx) error {
		waits := tx.Bucket(waitsBucket)
		if waits == nil || !from.Before(to) {
			return nil
		}
		return waits.ForEach(func(_, v []byte) error {
			w, err := s.decodeWait(v)
			if err == nil && w.From.Before(to) && from.Before(w.To) {
				out = append(out, w)
			}
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("calendar/bolt: waits: %w", err)
	}
	return out, nil
}

// Unwait implements calendar.Store.
func (s *Store) Unwait(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(id, "w"), 10, 64)
	if err != nil || !strings.HasPrefix(id, "w") {
		return nil // not one of ours: nothing to delete
	}
	err = s.db.Update(func(tx *bbolt.Tx) error {
		waits := tx.Bucket(waitsBucket)
		if waits == nil {
			return nil
		}
		return waits.Delete(binary.BigEndian.AppendUint64(nil, n))
	})
	if err != nil {
		return fmt.Errorf("calendar/bolt: unwait %q: %w", id, err)
	}
	return nil
}

// decodeWait decodes a waitlist record.
func (s *Store) decodeWait(v []byte) (calendar.Wait, error) {
	var r waitRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return calendar.Wait{}, fmt.Errorf("wait: %w", err)
	}
	if r.V != version {
		return calendar.Wait{}, fmt.Errorf("wait %s: unknown record version %d", r.ID, r.V)
	}
	loc := s.zone(r.Zone)
	return calendar.Wait{ID: r.ID, Client: calendar.Client{ID: r.ClientID, Name: r.ClientName, Phone: r.ClientPhone},
		Service: r.Service, Master: r.Master, From: r.From.In(loc), To: r.To.In(loc), CreatedAt: r.CreatedAt.In(loc)}, nil
}
