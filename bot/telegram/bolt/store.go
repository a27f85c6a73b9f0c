// Package bolt keeps the Telegram channel's polling progress in a bbolt file shared with the
// other stores. It owns the bucket "telegram.progress".
package bolt

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/bot/telegram"
)

// progressBucket maps a bot id (decimal) to its progress record.
var progressBucket = []byte("telegram.progress")

// version is the record format written by this package.
const version = 1

// Store is a telegram.Store in a bbolt database, safe for concurrent use.
type Store struct {
	db *bbolt.DB
}

var _ telegram.Store = (*Store)(nil)

// New returns a store on db. It does no I/O: the bucket is created by the first PutProgress.
func New(db *bbolt.DB) *Store { return &Store{db: db} }

// record is a bot's progress as stored: JSON, versioned.
type record struct {
	V      int     `json:"v"`
	Offset int64   `json:"offset"`
	Done   []int64 `json:"done,omitempty"`
}

// Progress implements telegram.Store. A record of an unknown version is an error.
func (s *Store) Progress(ctx context.Context, bot int64) (telegram.Progress, error) {
	if err := ctx.Err(); err != nil {
		return telegram.Progress{}, err
	}
	var r record
	err := s.db.View(func(tx *bbolt.Tx) error {
		b := tx.Bucket(progressBucket)
		if b == nil {
			return nil
		}
		v := b.Get(key(bot))
		if v == nil {
			return nil
		}
		if err := json.Unmarshal(v, &r); err != nil {
			return err
		}
		if r.V != version {
			return fmt.Errorf("unknown record version %d", r.V)
		}
		return nil
	})
	if err != nil {
		return telegram.Progress{}, fmt.Errorf("telegram/bolt: progress of bot %d: %w", bot, err)
	}
	return telegram.Progress{Offset: r.Offset, Done: r.Done}, nil
}

// PutProgress implements telegram.Store: one transaction, synced to disk before it returns.
func (s *Store) PutProgress(ctx context.Context, bot int64, p telegram.Progress) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v, err := json.Marshal(record{V: version, Offset: p.Offset, Done: p.Done})
	if err != nil {
		return fmt.Errorf("telegram/bolt: put progress of bot %d: %w", bot, err)
	}
	err = s.db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists(progressBucket)
		if err != nil {
			return err
		}
		return b.Put(key(bot), v)
	})
	if err != nil {
		return fmt.Errorf("telegram/bolt: put progress of bot %d: %w", bot, err)
	}
	return nil
}

func key(bot int64) []byte { return []byte(strconv.FormatInt(bot, 10)) }
