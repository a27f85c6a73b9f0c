package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/store/sqlstore"
	waLog "go.mau.fi/whatsmeow/util/log"
	_ "modernc.org/sqlite" // the pure-Go "sqlite" database/sql driver
)

// driver is modernc.org/sqlite's driver name; whatsmeow takes its SQL dialect from it.
const driver = "sqlite"

// openStore opens (creating it with mode 0600) the SQLite file at path holding the device
// keys, with foreign keys on as whatsmeow requires, and brings its schema up to date.
func openStore(ctx context.Context, path string, log waLog.Logger) (*sqlstore.Container, error) {
	if path == "" {
		return nil, errors.New("whatsapp: no device file (Options.DBPath)")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("whatsapp: open device file: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: open device file: %w", err)
	}
	f.Close()
	if err := os.Chmod(path, 0o600); err != nil { // an older file may be readable by others
		return nil, fmt.Errorf("whatsapp: open device file: %w", err)
	}
	container, err := sqlstore.New(ctx, driver, dsn(path), log)
	if err != nil {
		return nil, fmt.Errorf("whatsapp: open device file %s: %w", path, err)
	}
	return container, nil
}

// dsn returns the SQLite URI of the file at path: foreign keys on, and a busy timeout since
// whatsmeow writes from several goroutines.
func dsn(path string) string {
	u := url.URL{Scheme: "file", Opaque: (&url.URL{Path: filepath.ToSlash(path)}).EscapedPath(),
		RawQuery: "_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)"}
	return u.String()
}

// openDevice opens the device file and returns it with the first device in it (unpaired when
// nothing is linked yet). The caller closes the container.
func (c *Channel) openDevice(ctx context.Context, wlog waLogger) (*sqlstore.Container, *store.Device, error) {
	container, err := openStore(ctx, c.o.DBPath, wlog.Sub("Database"))
	if err != nil {
		return nil, nil, err
	}
	device, err := container.GetFirstDevice(ctx)
	if err != nil {
		container.Close()
		return nil, nil, fmt.Errorf("whatsapp: read device: %w", err)
	}
	return container, device, nil
}
