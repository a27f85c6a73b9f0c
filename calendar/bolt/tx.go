package bolt

import (
	"encoding/binary"
	"encoding/json"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/calendar"
)

// wtx is one write transaction with every bucket of this package open (created if need be).
type wtx struct {
	s                                        *Store
	bookings, masters, clients, phones, meta *bbolt.Bucket
	holds, holdIDs, holdOwners, holdExpiry   *bbolt.Bucket
	waits                                    *bbolt.Bucket
}

// write opens every bucket in tx, creating the missing ones; a phone index created now is
// filled in from the bookings already stored.
func (s *Store) write(tx *bbolt.Tx) (*wtx, error) {
	w := &wtx{s: s}
	fillPhones := tx.Bucket(phonesBucket) == nil
	for _, b := range []struct {
		name []byte
		to   **bbolt.Bucket
	}{
		{bookingsBucket, &w.bookings}, {mastersBucket, &w.masters}, {clientsBucket, &w.clients},
		{phonesBucket, &w.phones}, {metaBucket, &w.meta},
		{holdsBucket, &w.holds}, {holdIDsBucket, &w.holdIDs}, {holdOwnersBucket, &w.holdOwners},
		{holdExpiryBucket, &w.holdExpiry}, {waitsBucket, &w.waits},
	} {
		bucket, err := tx.CreateBucketIfNotExists(b.name)
		if err != nil {
			return nil, err
		}
		*b.to = bucket
	}
	if fillPhones {
		err := w.bookings.ForEach(func(k, _ []byte) error {
			b, err := s.get(w.bookings, k)
			if err != nil || b.Client.Phone == "" {
				return err
			}
			return w.phones.Put(clientKey(b.Client.Phone, b.ID), nil)
		})
		if err != nil {
			return nil, err
		}
	}
	return w, nil
}

// put writes b, whose ID is set, and moves its index entries from where old (nil for a new
// booking) had them. The client index is the caller's: a client ID never changes.
func (w *wtx) put(b calendar.Booking, old *calendar.Booking) error {
	if old != nil {
		if old.Status.Active() {
			if err := w.masters.Delete(masterKey(old.Master, old.Start, old.ID)); err != nil {
				return err
			}
		}
		if old.Client.Phone != "" && old.Client.Phone != b.Client.Phone {
			if err := w.phones.Delete(clientKey(old.Client.Phone, old.ID)); err != nil {
				return err
			}
		}
	}
	if b.Status.Active() {
		if err := w.masters.Put(masterKey(b.Master, b.Start, b.ID), nil); err != nil {
			return err
		}
	}
	if b.Client.Phone != "" {
		if err := w.phones.Put(clientKey(b.Client.Phone, b.ID), nil); err != nil {
			return err
		}
	}
	if err := w.grow(b.End.Sub(b.Start)); err != nil {
		return err
	}
	v, err := json.Marshal(toRecord(b))
	if err != nil {
		return err
	}
	return w.bookings.Put([]byte(b.ID), v)
}

// grow records d as the longest duration if it is.
func (w *wtx) grow(d time.Duration) error {
	if sec := seconds(d); sec > maxDuration(w.meta) {
		return w.meta.Put(keyMaxDuration, binary.BigEndian.AppendUint64(nil, sec))
	}
	return nil
}

// taken reports whether [start, end) with master overlaps an active booking other than skip, or
// a hold live at now whose owner is not owner.
func (w *wtx) taken(master string, start, end time.Time, skip, owner string, now time.Time) (bool, error) {
	clash, err := w.s.overlapping(w.bookings, w.masters, w.meta, master, start, end, skip, 1)
	if err != nil || len(clash) > 0 {
		return len(clash) > 0, err
	}
	held := false
	err = scan(w.holds, w.meta, master, start, end, func(_, v []byte) (bool, error) {
		h, err := w.s.decodeHold(v)
		if err != nil {
			return false, err
		}
		held = h.Owner != owner && h.Live(now) && h.Start.Before(end) && start.Before(h.End)
		return held, nil
	})
	return held, err
}
