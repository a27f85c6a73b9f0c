package bolt_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bbolt "go.etcd.io/bbolt"

	"github.com/minutka/minutka/bot/telegram"
	"github.com/minutka/minutka/bot/telegram/bolt"
	"github.com/minutka/minutka/bot/telegram/telegramtest"
)

func TestStore(t *testing.T) {
	telegramtest.TestStore(t, func(t *testing.T) telegram.Store {
		return bolt.New(open(t, filepath.Join(t.TempDir(), "minutka.db")))
	})
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "minutka.db")
	want := telegram.Progress{Offset: 501, Done: []int64{499, 500, 503}}

	db := open(t, path)
	if err := bolt.New(db).PutProgress(ctx, 42, want); err != nil {
		t.Fatalf("PutProgress = %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}

	db = open(t, path)
	got, err := bolt.New(db).Progress(ctx, 42)
	if err != nil {
		t.Fatalf("Progress after reopen = %v", err)
	}
	if got.Offset != want.Offset || !slices.Equal(got.Done, want.Done) {
		t.Errorf("Progress after reopen = %+v, want %+v", got, want)
	}
	err = db.View(func(tx *bbolt.Tx) error {
		v := tx.Bucket([]byte("telegram.progress")).Get([]byte("42"))
		if !strings.Contains(string(v), `"v":1`) {
			t.Errorf("stored record = %s, want JSON with \"v\":1", v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestNoBucketYet(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "minutka.db"))
	s := bolt.New(db)
	if _, err := s.Progress(context.Background(), 1); err != nil {
		t.Fatalf("Progress on an empty file = %v", err)
	}
	err := db.View(func(tx *bbolt.Tx) error {
		if tx.Bucket([]byte("telegram.progress")) != nil {
			t.Error("Progress created the bucket; want it created by the first PutProgress")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestUnknownVersion(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "minutka.db"))
	err := db.Update(func(tx *bbolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("telegram.progress"))
		if err != nil {
			return err
		}
		return b.Put([]byte("42"), []byte(`{"v":2,"offset":5}`))
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bolt.New(db).Progress(context.Background(), 42); err == nil {
		t.Error("Progress(version 2 record) = nil error, want an error")
	}
}

func open(t *testing.T, path string) *bbolt.DB {
	t.Helper()
	db, err := bbolt.Open(path, 0o600, &bbolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
