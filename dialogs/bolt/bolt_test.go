package bolt

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/minutka/minutka/dialogs"
	"github.com/minutka/minutka/dialogs/dialogstest"
	bbolt "go.etcd.io/bbolt"
)

func TestStore(t *testing.T) {
	dialogstest.TestSessionStore(t, func(t *testing.T) dialogs.SessionStore {
		db, err := bbolt.Open(filepath.Join(t.TempDir(), "minutka.db"), 0o600, &bbolt.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return New(db)
	})
}
