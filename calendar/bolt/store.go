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
	"strings"
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
	// phonesBucket indexes every booking with a phone: phone + 0x00 + ID, empty value. A file
	// written before it existed gets it filled in by the first write transaction.
	phonesBucket = []byte("calendar.by_phone")
	// metaBucket holds keyMaxDuration.
	metaBucket = []byte("calendar.meta")
)

// keyMaxDuration in metaBucket holds the duration of the longest booking or hold ever stored, in
// seconds rounded up (big-endian uint64): range scans of the master indexes start that much
// before the range, so a long booking that began earlier is not missed.
var keyMaxDuration = []byte("max_duration")

// version is the record format written by this package.
const version = 1

// Store is a calendar.Store in a bbolt database, safe for concurrent use.
//
// Booking IDs are decimal numbers from 1 ("запись 17"); hold IDs are "h1", "h2", …; wait IDs
// "w1", "w2", …. Times are stored in UTC with the name of Start's location; they come back in
// that location when time.LoadLocation knows it (so a binary should have zoneinfo or import
// time/tzdata), otherwise in UTC. Times before 1970 are rejected. Master, client and owner IDs
// and phones must not contain a zero byte.
//
// Every check and the write it guards happen in one bbolt write transaction, and bbolt runs one
// write transaction at a time: that is what makes double bookings impossible.
type Store struct {
	db    *bbolt.DB
	zones sync.Map // location name -> *time.Location
}

var _ calendar.Store = (*Store)(nil)

// New returns a store on db. It does no I/O: the buckets are created by the first write.
func New(db *bbolt.DB) *Store {
	return &Store{db: db}
}

// record is a booking as stored: JSON, versioned, times in UTC. Fields added after the first
// release are optional, so old records read as before.
type record struct {
	V               int       `json:"v"`
	ID              string    `json:"id"`
	Service         string    `json:"service"`
	Master          string    `json:"master"`
	Start           time.Time `json:"start"`
	End             time.Time `json:"end"`
	Zone            string    `json:"zone,omitempty"` // Start's location, e.g. "Asia/Krasnoyarsk"
	ClientID        string    `json:"client_id"`
	ClientName      string    `json:"client_name,omitempty"`
	ClientPhone     string    `json:"client_phone,omitempty"`
	Status          string    `json:"status"`
	New             bool      `json:"new,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
	Paid            int       `json:"paid,omitempty"`
	MarkedAt        time.Time `json:"marked_at,omitzero"`
	RescheduledAt   time.Time `json:"rescheduled_at,omitzero"`
	Reschedules     int       `json:"reschedules,omitempty"`
	MovedFromMaster string    `json:"moved_from_master,omitempty"`
	MovedFromStart  time.Time `json:"moved_from_start,omitzero"`
	MovedFromEnd    time.Time `json:"moved_from_end,omitzero"`
}

// Book implements calendar.Store: the clash check and the write are one transaction.
func (s *Store) Book(ctx context.Context, b calendar.Booking) (calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Booking{}, err
	}
	if err := checkBooking(b); err != nil {
		return calendar.Booking{}, fmt.Errorf("calendar/bolt: book: %w", err)
	}
	if b.Status == "" {
		b.Status = calendar.StatusBooked
	}
	err := s.db.Update(func(tx *bbolt.Tx) error {
		w, err := s.write(tx)
		if err != nil {
			return err
		}
		now := b.CreatedAt
		if err := w.prune(now); err != nil {
			return err
		}
		if b.Status.Active() {
			taken, err := w.taken(b.Master, b.Start, b.End, "", b.Client.ID, now)
			if err != nil {
				return err
			}
			if taken {
				return calendar.ErrSlotTaken
			}
			if err := w.dropHolds(b.Client.ID); err != nil {
				return err
			}
		}
		seq, err := w.bookings.NextSequence()
		if err != nil {
			return err
		}
		b.ID = strconv.FormatUint(seq, 10)
		if err := w.clients.Put(clientKey(b.Client.ID, b.ID), nil); err != nil {
			return err
		}
		return w.put(b, nil)
	})
	switch {
	case errors.Is(err, calendar.ErrSlotTaken):
		return calendar.Booking{}, err
	case err != nil:
		return calendar.Booking{}, fmt.Errorf("calendar/bolt: book: %w", err)
	}
	return b, nil
}

// Update implements calendar.Store: the read, f, the clash check and the write are one
// transaction. An error from f comes back unwrapped.
func (s *Store) Update(ctx context.Context, id string, now time.Time, f func(*calendar.Booking) error) (calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Booking{}, err
	}
	var b calendar.Booking
	var ferr error
	err := s.db.Update(func(tx *bbolt.Tx) error {
		w, err := s.write(tx)
		if err != nil {
			return err
		}
		if w.bookings.Get([]byte(id)) == nil {
			return calendar.ErrNotFound
		}
		old, err := s.get(w.bookings, []byte(id))
		if err != nil {
			return err
		}
		b = old
		if ferr = f(&b); ferr != nil {
			return ferr
		}
		switch {
		case b.ID != old.ID || b.Client.ID != old.Client.ID:
			return errors.New("ID and client ID must not change")
		case b.Status == "":
			b.Status = calendar.StatusBooked
		}
		if err := checkBooking(b); err != nil {
			return err
		}
		if err := w.prune(now); err != nil {
			return err
		}
		if b.Status.Active() && (!old.Status.Active() || b.Master != old.Master || !b.Start.Equal(old.Start) || !b.End.Equal(old.End)) {
			taken, err := w.taken(b.Master, b.Start, b.End, b.ID, b.Client.ID, now)
			if err != nil {
				return err
			}
			if taken {
				return calendar.ErrSlotTaken
			}
			if err := w.dropHolds(b.Client.ID); err != nil {
				return err
			}
		}
		return w.put(b, &old)
	})
	switch {
	case ferr != nil:
		return calendar.Booking{}, ferr
	case errors.Is(err, calendar.ErrSlotTaken), errors.Is(err, calendar.ErrNotFound):
		return calendar.Booking{}, err
	case err != nil:
		return calendar.Booking{}, fmt.Errorf("calendar/bolt: update %q: %w", id, err)
	}
	return b, nil
}

// checkBooking rejects what the indexes cannot hold.
func checkBooking(b calendar.Booking) error {
	switch {
	case b.Master == "" || strings.IndexByte(b.Master, 0) >= 0:
		return fmt.Errorf("bad master ID %q", b.Master)
	case strings.IndexByte(b.Client.ID, 0) >= 0:
		return fmt.Errorf("bad client ID %q", b.Client.ID)
	case strings.IndexByte(b.Client.Phone, 0) >= 0:
		return fmt.Errorf("bad phone %q", b.Client.Phone)
	case !b.Start.Before(b.End):
		return errors.New("booking does not end after it starts")
	case b.Start.Unix() < 0:
		return errors.New("start before 1970")
	}
	return nil
}

// Booking implements calendar.Store.
func (s *Store) Booking(ctx context.Context, id string) (calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return calendar.Booking{}, err
	}
	var b calendar.Booking
	err := s.db.View(func(tx *bbolt.Tx) error {
		bookings := tx.Bucket(bookingsBucket)
		if bookings == nil || bookings.Get([]byte(id)) == nil {
			return calendar.ErrNotFound
		}
		var err error
		b, err = s.get(bookings, []byte(id))
		return err
	})
	switch {
	case errors.Is(err, calendar.ErrNotFound):
		return calendar.Booking{}, err
	case err != nil:
		return calendar.Booking{}, fmt.Errorf("calendar/bolt: booking %q: %w", id, err)
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
		return eachMaster(masters, func(master string) error {
			bs, err := s.overlapping(bookings, masters, meta, master, from, to, "", 0)
			out = append(out, bs...)
			return err
		})
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
		var err error
		out, err = s.indexed(bookings, clients, clientID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("calendar/bolt: client bookings: %w", err)
	}
	sortBookings(out)
	return out, nil
}

// indexed returns the bookings that index lists under key (keys: key + 0x00 + booking ID).
func (s *Store) indexed(bookings, index *bbolt.Bucket, key string) ([]calendar.Booking, error) {
	var out []calendar.Booking
	prefix := append([]byte(key), 0)
	c := index.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		b, err := s.get(bookings, k[len(prefix):])
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// PhoneBookings implements calendar.Store.
func (s *Store) PhoneBookings(ctx context.Context, phone string) ([]calendar.Booking, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if phone == "" {
		return nil, nil
	}
	var out []calendar.Booking
	err := s.db.View(func(tx *bbolt.Tx) error {
		bookings, phones := tx.Bucket(bookingsBucket), tx.Bucket(phonesBucket)
		if bookings == nil {
			return nil
		}
		if phones == nil { // a file from before the index, not written to since: scan
			return bookings.ForEach(func(k, _ []byte) error {
				b, err := s.get(bookings, k)
				if err == nil && b.Client.Phone == phone {
					out = append(out, b)
				}
				return err
			})
		}
		var err error
		out, err = s.indexed(bookings, phones, phone)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("calendar/bolt: phone bookings: %w", err)
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
		if b := tx.Bucket(bookingsBucket); b == nil || b.Get([]byte(id)) == nil {
			return calendar.ErrNotFound
		}
		w, err := s.write(tx)
		if err != nil {
			return err
		}
		old, err := s.get(w.bookings, []byte(id))
		if err != nil {
			return err
		}
		if old.Status == calendar.StatusCancelled {
			return nil
		}
		b := old
		b.Status = calendar.StatusCancelled
		return w.put(b, &old)
	})
	switch {
	case errors.Is(err, calendar.ErrNotFound):
		return err
	case err != nil:
		return fmt.Errorf("calendar/bolt: cancel %q: %w", id, err)
	}
	return nil
}

// overlapping returns up to limit (0: all) active bookings of master other than skip that
// overlap [from, to), by start. It scans the master index from the longest booking's duration
// before from.
func (s *Store) overlapping(bookings, masters, meta *bbolt.Bucket, master string, from, to time.Time, skip string, limit int) ([]calendar.Booking, error) {
	var out []calendar.Booking
	err := scan(masters, meta, master, from, to, func(k, _ []byte) (bool, error) {
		_, _, id, _ := splitMasterKey(k)
		if string(id) == skip {
			return false, nil
		}
		b, err := s.get(bookings, id)
		if err != nil {
			return false, err
		}
		if b.Start.Before(to) && from.Before(b.End) {
			out = append(out, b)
		}
		return limit > 0 && len(out) == limit, nil
	})
	return out, err
}

// scan calls f on the keys of index (master + 0x00 + start + …) of master whose start may
// overlap [from, to): from the longest duration before from up to to, in key order, until f
// says stop or fails.
func scan(index, meta *bbolt.Bucket, master string, from, to time.Time, f func(k, v []byte) (stop bool, err error)) error {
	lo := from.Unix() - int64(maxDuration(meta)) - 1
	lo = max(lo, 0)
	prefix := append([]byte(master), 0)
	c := index.Cursor()
	for k, v := c.Seek(binary.BigEndian.AppendUint64(bytes.Clone(prefix), uint64(lo))); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		_, start, _, ok := splitMasterKey(k)
		if !ok {
			return fmt.Errorf("bad index key %q", k)
		}
		if start > to.Unix() {
			break
		}
		if stop, err := f(k, v); stop || err != nil {
			return err
		}
	}
	return nil
}

// eachMaster calls f with each master that has a key in index (master + 0x00 + …).
func eachMaster(index *bbolt.Bucket, f func(master string) error) error {
	c := index.Cursor()
	for k, _ := c.First(); k != nil; {
		i := bytes.IndexByte(k, 0)
		if i < 0 {
			return fmt.Errorf("bad index key %q", k)
		}
		master := string(k[:i])
		if err := f(master); err != nil {
			return err
		}
		k, _ = c.Seek(append([]byte(master), 1)) // the next master
	}
	return nil
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
		ID:            r.ID,
		Service:       r.Service,
		Master:        r.Master,
		Start:         r.Start.In(loc),
		End:           r.End.In(loc),
		Client:        calendar.Client{ID: r.ClientID, Name: r.ClientName, Phone: r.ClientPhone},
		Status:        calendar.Status(r.Status),
		New:           r.New,
		CreatedAt:     r.CreatedAt.In(loc),
		Paid:          r.Paid,
		MarkedAt:      in(r.MarkedAt, loc),
		RescheduledAt: in(r.RescheduledAt, loc),
		Reschedules:   r.Reschedules,
		MovedFrom:     calendar.Slot{Master: r.MovedFromMaster, Start: in(r.MovedFromStart, loc), End: in(r.MovedFromEnd, loc)},
	}, nil
}

// in returns t in loc, and the zero time as it is.
func in(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.In(loc)
}

// utc returns t in UTC, and the zero time as it is (so omitzero omits it).
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
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

		Paid:            b.Paid,
		MarkedAt:        utc(b.MarkedAt),
		RescheduledAt:   utc(b.RescheduledAt),
		Reschedules:     b.Reschedules,
		MovedFromMaster: b.MovedFrom.Master,
		MovedFromStart:  utc(b.MovedFrom.Start),
		MovedFromEnd:    utc(b.MovedFrom.End),
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
