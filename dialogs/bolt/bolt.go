// Package bolt stores dialog sessions in the shared bbolt file. It owns the bucket
// "dialogs.sessions".
package bolt

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/minutka/minutka/dialogs"
	bbolt "go.etcd.io/bbolt"
)

var bucketSessions = []byte("dialogs.sessions")

// Store is the bbolt session store. It is safe for concurrent use.
type Store struct {
	db *bbolt.DB
}

var _ dialogs.SessionStore = (*Store)(nil)

// New returns a store on db. It does no I/O: the bucket is created on first write.
func New(db *bbolt.DB) *Store { return &Store{db: db} }

// record is the stored form: the session with a format version.
type record struct {
	V       int             `json:"v"`
	Session dialogs.Session `json:"session"`
}

// Session implements dialogs.SessionStore.
func (s *Store) Session(ctx context.Context, key string) (dialogs.Session, bool, error) {
	var r record
	var ok bool
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(bucketSessions)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(key))
		if v == nil {
			return nil
		}
		ok = true
		return json.Unmarshal(v, &r)
	})
	if err != nil {
		return dialogs.Session{}, false, fmt.Errorf("dialogs: session: %w", err)
	}
	return r.Session, ok, nil
}

// PutSession implements dialogs.SessionStore.
func (s *Store) PutSession(ctx context.Context, v dialogs.Session) error {
	data, err := json.Marshal(record{V: 1, Session: v})
	if err != nil {
		return fmt.Errorf("dialogs: encode session: %w", err)
	}
	err = s.db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(bucketSessions)
		if err != nil {
			return err
		}
		return b.Put([]byte(v.Key), data)
	})
	if err != nil {
		return fmt.Errorf("dialogs: put session: %w", err)
	}
	return nil
}
