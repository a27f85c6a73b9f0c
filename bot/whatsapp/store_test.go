package whatsapp

import (
	"bytes"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.mau.fi/whatsmeow/proto/waAdv"
	"go.mau.fi/whatsmeow/types"
	waLog "go.mau.fi/whatsmeow/util/log"

	"github.com/minutka/minutka/bot"
)

// dbPath returns a device file path in a fresh directory, with characters a URI must escape.
func dbPath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "data dir #1", "whats?app.db")
}

func TestStore(t *testing.T) {
	path := dbPath(t)
	container, err := openStore(t.Context(), path, waLog.Noop)
	if err != nil {
		t.Fatalf("openStore(%q) = %v", path, err)
	}
	defer container.Close()

	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("openStore(%q) made no file: %v", path, err)
	}
	if fi.Size() == 0 {
		t.Errorf("openStore(%q) left the file empty: the DSN %q names another file", path, dsn(path))
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Errorf("openStore(%q) file mode = %v, want %v", path, mode, os.FileMode(0o600))
	}
	device, err := container.GetFirstDevice(t.Context())
	if err != nil {
		t.Fatalf("GetFirstDevice() = %v", err)
	}
	if device.ID != nil {
		t.Errorf("GetFirstDevice() on a new store = device %v, want an unpaired one", device.ID)
	}

	db, err := sql.Open(driver, dsn(path))
	if err != nil {
		t.Fatalf("sql.Open(%q) = %v", dsn(path), err)
	}
	defer db.Close()
	var fk int
	if err := db.QueryRow("PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("PRAGMA foreign_keys = %d, %v, want 1", fk, err)
	}
	var tables int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'whatsmeow_device'").Scan(&tables); err != nil || tables != 1 {
		t.Errorf("whatsmeow_device tables = %d, %v, want 1 in %s", tables, err, path)
	}
}

func TestStoreTightensMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "whatsapp.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	container, err := openStore(t.Context(), path, waLog.Noop)
	if err != nil {
		t.Fatalf("openStore(%q) = %v", path, err)
	}
	container.Close()
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("openStore(%q) on a 0644 file: mode %v, %v, want 0600", path, fi.Mode().Perm(), err)
	}
}

func TestRunNotLinked(t *testing.T) {
	path := dbPath(t)
	c := New(Options{DBPath: path})
	err := c.Run(t.Context(), func(bot.Message) { t.Error("delivered a message") })
	if !errors.Is(err, ErrNotLinked) || !strings.Contains(err.Error(), "minutka whatsapp link") {
		t.Errorf("Run() without a device = %v, want %v telling to run `minutka whatsapp link`", err, ErrNotLinked)
	}
}

func TestRunNoPath(t *testing.T) {
	if err := New(Options{}).Run(t.Context(), func(bot.Message) {}); err == nil {
		t.Error("Run() without DBPath = nil, want an error")
	}
}

func TestLinkAlreadyLinked(t *testing.T) {
	path := dbPath(t)
	container, err := openStore(t.Context(), path, waLog.Noop)
	if err != nil {
		t.Fatalf("openStore(%q) = %v", path, err)
	}
	device := container.NewDevice()
	device.ID = &types.JID{User: "79991234567", Device: 12, Server: types.DefaultUserServer}
	device.Account = &waAdv.ADVSignedDeviceIdentity{Details: []byte{1}, AccountSignature: make([]byte, 64),
		AccountSignatureKey: make([]byte, 32), DeviceSignature: make([]byte, 64)}
	if err := device.Save(t.Context()); err != nil {
		t.Fatalf("Save() = %v", err)
	}
	container.Close()

	var out bytes.Buffer
	err = New(Options{DBPath: path}).Link(t.Context(), &out, "")
	if !errors.Is(err, ErrAlreadyLinked) || !strings.Contains(err.Error(), "+79991234567") {
		t.Errorf("Link() with a linked device = %v, want %v naming +79991234567", err, ErrAlreadyLinked)
	}
	if out.Len() != 0 {
		t.Errorf("Link() with a linked device printed %q, want nothing", out.String())
	}
}

func TestWALogger(t *testing.T) {
	var buf bytes.Buffer
	log := newWALogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), "whatsmeow").Sub("Client")
	log.Warnf("Failed to decrypt message from %s", "79991234567:12@s.whatsapp.net")
	log.Infof("Successfully authenticated")
	log.Debugf("<iq id=%q/>", "1") // below Debug: not written
	got := buf.String()
	for _, want := range []string{"level=WARN", "module=whatsmeow/Client", "***:12@s.whatsapp.net", "level=DEBUG", "Successfully authenticated"} {
		if !strings.Contains(got, want) {
			t.Errorf("waLogger wrote %q, want %q in it", got, want)
		}
	}
	for _, bad := range []string{"79991234567", "<iq"} {
		if strings.Contains(got, bad) {
			t.Errorf("waLogger wrote %q, want no %q", got, bad)
		}
	}
	newWALogger(slog.New(slog.NewTextHandler(io.Discard, nil)), "x").Errorf("%d", 1) // no panic when disabled
}
