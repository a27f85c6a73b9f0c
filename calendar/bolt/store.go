// Package bolt keeps the calendar's bookings in a bbolt file shared with the other stores. It
// owns the buckets whose names begin with "calendar.".
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
	"sync"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/calendar"
)

// The buckets this package owns.
var (
	// bookingsBucket maps a booking ID (decimal, from the bucket's sequence) to its record.
	bookingsBucket = []byte("calendar.bookings")
	// mastersBucket indexes active bookings: master + 0x00 + start (big-endian unix seconds) +
	// ID, empty value. Cancelled bookings are removed from it.
	mastersBucket = []byte("calendar.by_master")
	// clientsBucket indexes every booking: client ID + 0x00 + ID, empty value.
	clientsBucket = []byte("calendar.by_client")
	// metaBucket holds keyMaxDuration.
	metaBucket = []byte("calendar.meta")
)

// keyMaxDuration in metaBucket holds the duration of the longest booking ever stored, in seconds
// rounded up (big-endian uint64): range scans of the master index start that much before the
// range, so a long booking that began earlier is not missed.
var keyMaxDuration = []byte("max_duration")

// version is the record format written by this package.
const version = 1

// Store is a calendar.Store in a bbolt database, safe for concurrent use.
//
// Booking IDs are decimal numbers from 1 ("запись 17"). Times are stored in UTC with the name of
// Start's location; Start, End and CreatedAt come back in that location when time.LoadLocation
// knows it (so a binary should have zoneinfo or import time/tzdata), otherwise in UTC. Times
// before 1970 are rejected. Master and client IDs must not contain a zero byte.
type Store struct {
	db    *bbolt.DB
	zones sync.Map // location name -> *time.Location
}

var _ calendar.Store = (*Store)(nil)

// New returns a store on db. It does no I/O: the buckets are created by the first Book.
func New(db *bbolt.DB) *Store {
	return &Store{db: db}
}

// record is a booking as stored: JSON, versioned, times in UTC.
type record struct {
	V           int       `json:"v"`
	ID          string    `json:"id"`
	Service     string    `json:"service"`
	Master      string    `json:"master"`
	Start       time.Time `json:"start"`
	End         time.Time `json:"end"`
	Zone        string    `json:"zone,omitempty"` // Start's location, e.g. "Asia/Krasnoyarsk"
	ClientID    string    `json:"client_id"`
	ClientName  string    `json:"client_name,omitempty"`
	ClientPhone string    `json:"client_phone,omitempty"`
	Status      string    `json:"status"`
	New         bool      `json:"new,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}

// Book implements calendar.Store: the clash check and the write are one transaction.
func (s *Store) Book(ctx context.Context, b calendar.Booking) (calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Booking{}, err
	}
	switch {
	case b.Master == "" || bytes.IndexByte([]byte(b.Master), 0) >= 0:
		return calendar.Booking{}, fmt.Errorf("calendar/bolt: book: bad master ID %q", b.Master)
	case bytes.IndexByte([]byte(b.Client.ID), 0) >= 0:
		return calendar.Booking{}, fmt.Errorf("calendar/bolt: book: bad client ID %q", b.Client.ID)
	case !b.Start.Before(b.End):
		return calendar.Booking{}, errors.New("calendar/bolt: book: booking does not end after it starts")
	case b.Start.Unix() < 0:
		return calendar.Booking{}, errors.New("calendar/bolt: book: start before 1970")
	}
	if b.Status == "" {
		b.Status = calendar.StatusBooked
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		bookings, err := tx.CreateBucketIfNotExists(bookingsBucket)
		if err != nil {
			return err
		}
		masters, err := tx.CreateBucketIfNotExists(mastersBucket)
		if err != nil {
			return err
		}
		clients, err := tx.CreateBucketIfNotExists(clientsBucket)
		if err != nil {
			return err
		}
		meta, err := tx.CreateBucketIfNotExists(metaBucket)
		if err != nil {
			return err
		}
		active := b.Status == calendar.StatusBooked
		if active {
			clash, err := s.overlapping(bookings, masters, meta, b.Master, b.Start, b.End, 1)
			if err != nil {
				return err
			}
			if len(clash) > 0 {
				return calendar.ErrSlotTaken
			}
		}
		seq, err := bookings.NextSequence()
		if err != nil {
			return err
		}
		b.ID = strconv.FormatUint(seq, 10)
		v, err := json.Marshal(toRecord(b))
		if err != nil {
			return err
		}
		if err := bookings.Put([]byte(b.ID), v); err != nil {
			return err
		}
		if active {
			if err := masters.Put(masterKey(b.Master, b.Start, b.ID), nil); err != nil {
				return err
			}
		}
		if err := clients.Put(clientKey(b.Client.ID, b.ID), nil); err != nil {
			return err
		}
		if d := seconds(b.End.Sub(b.Start)); d > maxDuration(meta) {
			return meta.Put(keyMaxDuration, binary.BigEndian.AppendUint64(nil, d))
		}
		return nil
	})
	switch {
	case errors.Is(err, calendar.ErrSlotTaken):
		return calendar.Booking{}, err
	case err != nil:
		return calendar.Booking{}, fmt.Errorf("calendar/bolt: book: %w", err)
	}
	return b, nil
}

// Bookings implements calendar.Store.
func (s *Store) Bookings(ctx context.Context, from, to time.Time) ([]calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []calendar.Booking
	err := s.db.View(func(tx *bbolt.Tx) error {
		bookings, masters := tx.Bucket(bookingsBucket), tx.Bucket(mastersBucket)
		if bookings == nil || masters == nil || !from.Before(to) {
			return nil
		}
		meta := tx.Bucket(metaBucket)
		c := masters.Cursor()
		for k, _ := c.First(); k != nil; {
			master, _, _, ok := splitMasterKey(k)
			if !ok {
				return fmt.Errorf("bad index key %q", k)
			}
			bs, err := s.overlapping(bookings, masters, meta, master, from, to, 0)
			if err != nil {
				return err
			}
			out = append(out, bs...)
			k, _ = c.Seek(append([]byte(master), 1)) // the next master
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("calendar/bolt: bookings: %w", err)
	}
	sortBookings(out)
	return out, nil
}

// ClientBookings implements calendar.Store.
func (s *Store) ClientBookings(ctx context.Context, clientID string) ([]calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []calendar.Booking
	err := s.db.View(func(tx *bbolt.Tx) error {
		bookings, clients := tx.Bucket(bookingsBucket), tx.Bucket(clientsBucket)
		if bookings == nil || clients == nil {
			return nil
		}
		prefix := append([]byte(clientID), 0)
		c := clients.Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			b, err := s.get(bookings, k[len(prefix):])
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("calendar/bolt: client bookings: %w", err)
	}
	sortBookings(out)
	return out, nil
}

// Cancel implements calendar.Store.
func (s *Store) Cancel(ctx context.Context, id string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		bookings := tx.Bucket(bookingsBucket)
		if bookings == nil || bookings.Get([]byte(id)) == nil {
			return calendar.ErrNotFound
		}
		b, err := s.get(bookings, []byte(id))
		if err != nil {
			return err
		}
		if b.Status == calendar.StatusCancelled {
			return nil
		}
		if b.Status == calendar.StatusBooked {
			if masters := tx.Bucket(mastersBucket); masters != nil {
				if err := masters.Delete(masterKey(b.Master, b.Start, b.ID)); err != nil {
					return err
				}
			}
		}
		b.Status = calendar.StatusCancelled
		v, err := json.Marshal(toRecord(b))
		if err != nil {
			return err
		}
		return bookings.Put([]byte(id), v)
	})
	switch {
	case errors.Is(err, calendar.ErrNotFound):
		return err
	case err != nil:
		return fmt.Errorf("calendar/bolt: cancel %q: %w", id, err)
	}
	return nil
}

// overlapping returns up to limit (0: all) active bookings of master that overlap [from, to),
// by start. It scans the master index from the longest booking's duration before from.
func (s *Store) overlapping(bookings, masters, meta *bbolt.Bucket, master string, from, to time.Time, limit int) ([]calendar.Booking, error) {
	lo := from.Unix() - int64(maxDuration(meta)) - 1
	lo = max(lo, 0)
	prefix := append([]byte(master), 0)
	c := masters.Cursor()
	var out []calendar.Booking
	for k, _ := c.Seek(binary.BigEndian.AppendUint64(bytes.Clone(prefix), uint64(lo))); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		_, start, id, ok := splitMasterKey(k)
		if !ok {
			return nil, fmt.Errorf("bad index key %q", k)
		}
		if start > to.Unix() {
			break
		}
		b, err := s.get(bookings, id)
		if err != nil {
			return nil, err
		}
		if b.Start.Before(to) && from.Before(b.End) {
			out = append(out, b)
			if len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

// get reads and decodes the booking with that ID.
func (s *Store) get(bookings *bbolt.Bucket, id []byte) (calendar.Booking, error) {
	v := bookings.Get(id)
	if v == nil {
		return calendar.Booking{}, fmt.Errorf("booking %s: indexed but missing", id)
	}
	var r record
	if err := json.Unmarshal(v, &r); err != nil {
		return calendar.Booking{}, fmt.Errorf("booking %s: %w", id, err)
	}
	if r.V != version {
		return calendar.Booking{}, fmt.Errorf("booking %s: unknown record version %d", id, r.V)
	}
	loc := s.zone(r.Zone)
	return calendar.Booking{
		ID:        r.ID,
		Service:   r.Service,
		Master:    r.Master,
		Start:     r.Start.In(loc),
		End:       r.End.In(loc),
		Client:    calendar.Client{ID: r.ClientID, Name: r.ClientName, Phone: r.ClientPhone},
		Status:    calendar.Status(r.Status),
		New:       r.New,
		CreatedAt: r.CreatedAt.In(loc),
	}, nil
}

// zone returns the location with that name, or UTC if it cannot be loaded.
func (s *Store) zone(name string) *time.Location {
	switch name {
	case "", "UTC":
		return time.UTC
	case "Local":
		return time.Local
	}
	if loc, ok := s.zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = time.UTC
	}
	s.zones.Store(name, loc)
	return loc
}

func toRecord(b calendar.Booking) record {
	return record{
		V:           version,
		ID:          b.ID,
		Service:     b.Service,
		Master:      b.Master,
		Start:       b.Start.UTC(),
		End:         b.End.UTC(),
		Zone:        b.Start.Location().String(),
		ClientID:    b.Client.ID,
		ClientName:  b.Client.Name,
		ClientPhone: b.Client.Phone,
		Status:      string(b.Status),
		New:         b.New,
		CreatedAt:   b.CreatedAt.UTC(),
	}
}

// masterKey returns master + 0x00 + big-endian unix seconds of start + id.
func masterKey(master string, start time.Time, id string) []byte {
	k := make([]byte, 0, len(master)+1+8+len(id))
	k = append(append(k, master...), 0)
	k = binary.BigEndian.AppendUint64(k, uint64(start.Unix()))
	return append(k, id...)
}

// splitMasterKey undoes masterKey.
func splitMasterKey(k []byte) (master string, start int64, id []byte, ok bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(k) < i+1+8 {
		return "", 0, nil, false
	}
	return string(k[:i]), int64(binary.BigEndian.Uint64(k[i+1 : i+9])), k[i+9:], true
}

// clientKey returns client + 0x00 + id.
func clientKey(client, id string) []byte {
	return append(append(append(make([]byte, 0, len(client)+1+len(id)), client...), 0), id...)
}

// maxDuration returns the longest booking's duration in seconds, 0 if none or no bucket.
func maxDuration(meta *bbolt.Bucket) uint64 {
	if meta == nil {
		return 0
	}
	v := meta.Get(keyMaxDuration)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// seconds returns d in whole seconds, rounded up.
func seconds(d time.Duration) uint64 {
	return uint64((d + time.Second - 1) / time.Second)
}

// sortBookings sorts by start, then by ID as a number.
func sortBookings(bs []calendar.Booking) {
	slices.SortFunc(bs, func(a, b calendar.Booking) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		if len(a.ID) != len(b.ID) {
			return len(a.ID) - len(b.ID)
		}
		return bytes.Compare([]byte(a.ID), []byte(b.ID))
	})
}
