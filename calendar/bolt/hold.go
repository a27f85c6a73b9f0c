package bolt

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/calendar"
)

// The buckets of holds. Expired holds are deleted by the next write transaction that knows the
// time (Book, Update, Hold).
var (
	// holdsBucket maps master + 0x00 + start (big-endian unix seconds) + hold ID to the hold's
	// record, so the clash check scans a master's holds as it scans the bookings.
	holdsBucket = []byte("calendar.holds")
	// holdIDsBucket maps a hold ID to its key in holdsBucket; its sequence numbers the holds.
	holdIDsBucket = []byte("calendar.hold_ids")
	// holdOwnersBucket maps an owner (client ID) to their hold's ID: one hold per owner.
	holdOwnersBucket = []byte("calendar.hold_owners")
	// holdExpiryBucket indexes holds by expiry: big-endian unix nanoseconds + hold ID, empty value.
	holdExpiryBucket = []byte("calendar.hold_expiry")
)

// holdRecord is a hold as stored: JSON, versioned, times in UTC.
type holdRecord struct {
	V       int       `json:"v"`
	ID      string    `json:"id"`
	Service string    `json:"service"`
	Master  string    `json:"master"`
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Expires time.Time `json:"expires"`
	Zone    string    `json:"zone,omitempty"`
	Owner   string    `json:"owner"`
	Moving  string    `json:"moving,omitempty"`
}

// Hold implements calendar.Store: the clash check, the replacement of the owner's earlier hold
// and the write are one transaction.
func (s *Store) Hold(ctx context.Context, h calendar.Hold, now time.Time) (calendar.Hold, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Hold{}, err
	}
	switch {
	case h.Master == "" || strings.IndexByte(h.Master, 0) >= 0:
		return calendar.Hold{}, fmt.Errorf("calendar/bolt: hold: bad master ID %q", h.Master)
	case h.Owner == "" || strings.IndexByte(h.Owner, 0) >= 0:
		return calendar.Hold{}, fmt.Errorf("calendar/bolt: hold: bad owner %q", h.Owner)
	case !h.Start.Before(h.End):
		return calendar.Hold{}, errors.New("calendar/bolt: hold: hold does not end after it starts")
	case h.Start.Unix() < 0:
		return calendar.Hold{}, errors.New("calendar/bolt: hold: start before 1970")
	case !h.Live(now):
		return calendar.Hold{}, errors.New("calendar/bolt: hold: expires before it starts counting")
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		w, err := s.write(tx)
		if err != nil {
			return err
		}
		if err := w.prune(now); err != nil {
			return err
		}
		skip := ""
		if h.Moving != "" && w.bookings.Get([]byte(h.Moving)) != nil {
			b, err := s.get(w.bookings, []byte(h.Moving))
			if err != nil {
				return err
			}
			if b.Client.ID == h.Owner {
				skip = b.ID
			}
		}
		taken, err := w.taken(h.Master, h.Start, h.End, skip, h.Owner, now)
		if err != nil {
			return err
		}
		if taken {
			return calendar.ErrSlotTaken
		}
		if err := w.dropHolds(h.Owner); err != nil {
			return err
		}
		seq, err := w.holdIDs.NextSequence()
		if err != nil {
			return err
		}
		h.ID = "h" + strconv.FormatUint(seq, 10)
		v, err := json.Marshal(holdRecord{V: version, ID: h.ID, Service: h.Service, Master: h.Master,
			Start: h.Start.UTC(), End: h.End.UTC(), Expires: h.Expires.UTC(), Zone: h.Start.Location().String(),
			Owner: h.Owner, Moving: h.Moving})
		if err != nil {
			return err
		}
		key := masterKey(h.Master, h.Start, h.ID)
		for _, put := range []struct {
			b    *bbolt.Bucket
			k, v []byte
		}{
			{w.holds, key, v},
			{w.holdIDs, []byte(h.ID), key},
			{w.holdOwners, []byte(h.Owner), []byte(h.ID)},
			{w.holdExpiry, expiryKey(h.Expires, h.ID), nil},
		} {
			if err := put.b.Put(put.k, put.v); err != nil {
				return err
			}
		}
		return w.grow(h.End.Sub(h.Start))
	})
	switch {
	case errors.Is(err, calendar.ErrSlotTaken):
		return calendar.Hold{}, err
	case err != nil:
		return calendar.Hold{}, fmt.Errorf("calendar/bolt: hold: %w", err)
	}
	return h, nil
}

// Release implements calendar.Store.
func (s *Store) Release(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		if ids := tx.Bucket(holdIDsBucket); ids == nil || ids.Get([]byte(id)) == nil {
			return nil
		}
		w, err := s.write(tx)
		if err != nil {
			return err
		}
		return w.deleteHold([]byte(id))
	})
	if err != nil {
		return fmt.Errorf("calendar/bolt: release %q: %w", id, err)
	}
	return nil
}

// Holds implements calendar.Store.
func (s *Store) Holds(ctx context.Context, from, to, now time.Time) ([]calendar.Hold, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []calendar.Hold
	err := s.db.View(func(tx *bbolt.Tx) error {
		holds := tx.Bucket(holdsBucket)
		if holds == nil || !from.Before(to) {
			return nil
		}
		meta := tx.Bucket(metaBucket)
		return eachMaster(holds, func(master string) error {
			return scan(holds, meta, master, from, to, func(_, v []byte) (bool, error) {
				h, err := s.decodeHold(v)
				if err == nil && h.Live(now) && h.Start.Before(to) && from.Before(h.End) {
					out = append(out, h)
				}
				return false, err
			})
		})
	})
	if err != nil {
		return nil, fmt.Errorf("calendar/bolt: holds: %w", err)
	}
	slices.SortFunc(out, func(a, b calendar.Hold) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		if len(a.ID) != len(b.ID) {
			return len(a.ID) - len(b.ID)
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// ClientHold implements calendar.Store.
func (s *Store) ClientHold(ctx context.Context, owner string, now time.Time) (calendar.Hold, bool, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Hold{}, false, err
	}
	var h calendar.Hold
	found := false
	err := s.db.View(func(tx *bbolt.Tx) error {
		owners, ids, holds := tx.Bucket(holdOwnersBucket), tx.Bucket(holdIDsBucket), tx.Bucket(holdsBucket)
		if owners == nil || ids == nil || holds == nil {
			return nil
		}
		id := owners.Get([]byte(owner))
		if id == nil {
			return nil
		}
		key := ids.Get(id)
		if key == nil {
			return fmt.Errorf("hold %s: owned but missing", id)
		}
		v := holds.Get(key)
		if v == nil {
			return fmt.Errorf("hold %s: indexed but missing", id)
		}
		var err error
		h, err = s.decodeHold(v)
		found = err == nil && h.Live(now)
		return err
	})
	if err != nil {
		return calendar.Hold{}, false, fmt.Errorf("calendar/bolt: client hold: %w", err)
	}
	if !found {
		return calendar.Hold{}, false, nil
	}
	return h, true, nil
}

// prune deletes the holds that are not live at now; the zero now prunes nothing.
func (w *wtx) prune(now time.Time) error {
	if now.IsZero() {
		return nil
	}
	var ids [][]byte
	c := w.holdExpiry.Cursor()
	for k, _ := c.First(); k != nil && len(k) >= 8 && int64(binary.BigEndian.Uint64(k)) <= now.UnixNano(); k, _ = c.Next() {
		ids = append(ids, bytes.Clone(k[8:]))
	}
	for _, id := range ids {
		if err := w.deleteHold(id); err != nil {
			return err
		}
	}
	return nil
}

// dropHolds deletes the owner's hold, if any.
func (w *wtx) dropHolds(owner string) error {
	id := w.holdOwners.Get([]byte(owner))
	if id == nil {
		return nil
	}
	return w.deleteHold(bytes.Clone(id))
}

// deleteHold deletes the hold with that ID and its index entries; an unknown ID is not an error.
func (w *wtx) deleteHold(id []byte) error {
	key := w.holdIDs.Get(id)
	if key == nil {
		return nil
	}
	key = bytes.Clone(key)
	v := w.holds.Get(key)
	if v == nil {
		return fmt.Errorf("hold %s: indexed but missing", id)
	}
	h, err := w.s.decodeHold(v)
	if err != nil {
		return err
	}
	if owned := w.holdOwners.Get([]byte(h.Owner)); bytes.Equal(owned, id) {
		if err := w.holdOwners.Delete([]byte(h.Owner)); err != nil {
			return err
		}
	}
	for _, del := range []struct {
		b *bbolt.Bucket
		k []byte
	}{{w.holds, key}, {w.holdIDs, id}, {w.holdExpiry, expiryKey(h.Expires, string(id))}} {
		if err := del.b.Delete(del.k); err != nil {
			return err
		}
	}
	return nil
}

// decodeHold decodes a hold record.
func (s *Store) decodeHold(v []byte) (calendar.Hold, error) {
	var r holdRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return calendar.Hold{}, fmt.Errorf("hold: %w", err)
	}
	if r.V != version {
		return calendar.Hold{}, fmt.Errorf("hold %s: unknown record version %d", r.ID, r.V)
	}
	loc := s.zone(r.Zone)
	return calendar.Hold{ID: r.ID, Service: r.Service, Master: r.Master, Start: r.Start.In(loc), End: r.End.In(loc),
		Expires: r.Expires.In(loc), Owner: r.Owner, Moving: r.Moving}, nil
}

// expiryKey returns the big-endian unix nanoseconds of expires + id.
func expiryKey(expires time.Time, id string) []byte {
	return append(binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(id)), uint64(expires.UnixNano())), id...)
}
