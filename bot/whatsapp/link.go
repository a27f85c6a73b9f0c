package whatsapp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/mdp/qrterminal/v3"
	"go.mau.fi/whatsmeow"
	"go.mau.fi/whatsmeow/store"
	"go.mau.fi/whatsmeow/types/events"
)

// connectAfterPair bounds the wait for the first login after pairing, which finishes the
// device's setup (WhatsApp reconnects right after the phone accepts the link).
const connectAfterPair = time.Minute

// pairDisplayName is how a phone-code pairing names the device; WhatsApp accepts only
// "Browser (OS)" names of common browsers.
const pairDisplayName = "Chrome (Linux)"

// Link pairs minutka with the business's WhatsApp as a linked device and saves the keys in
// Options.DBPath. With phone empty it prints QR codes to out for the phone to scan; with a
// phone number in international format ("+7 999 123-45-67") it prints a pairing code to type
// into WhatsApp instead. It returns nil once paired, ctx's error when ctx ends first, and an
// error wrapping ErrAlreadyLinked when the file already holds a linked device. It needs the
// network and must not run while Run uses the same file.
func (c *Channel) Link(ctx context.Context, out io.Writer, phone string) error {
	wlog := newWALogger(c.log, "whatsmeow")
	container, device, err := c.openDevice(ctx, wlog)
	if err != nil {
		return err
	}
	defer container.Close()
	if device.ID != nil {
		return fmt.Errorf("%w as +%s: to link another number, stop minutka and delete %s (or unlink \"minutka\" on the phone and run minutka once), then link again",
			ErrAlreadyLinked, device.ID.User, c.o.DBPath)
	}
	store.DeviceProps.Os = new("minutka") // the name the phone lists under Linked devices

	cl := whatsmeow.NewClient(device, wlog)
	cl.EnableAutoReconnect = true // WhatsApp reconnects once right after pairing
	defer cl.Disconnect()
	connected := make(chan struct{}, 1)
	cl.AddEventHandler(func(evt any) {
		if _, ok := evt.(*events.Connected); ok {
			select {
			case connected <- struct{}{}:
			default:
			}
		}
	})
	qr, err := cl.GetQRChannel(ctx)
	if err != nil {
		return fmt.Errorf("whatsapp: link: %w", err)
	}
	if err := cl.ConnectContext(ctx); err != nil {
		return fmt.Errorf("whatsapp: link: connect: %w", err)
	}

	asked := false
	for {
		var item whatsmeow.QRChannelItem
		select {
		case <-ctx.Done():
			return ctx.Err()
		case it, ok := <-qr:
			if !ok {
				return errors.New("whatsapp: link: the connection closed before the phone linked; run the command again")
			}
			item = it
		}
		switch {
		case item.Event == whatsmeow.QRChannelEventCode && phone == "":
			fmt.Fprintln(out, "Scan this QR code with the phone of the business's number:")
			fmt.Fprintln(out, "WhatsApp → Settings → Linked devices → Link a device.")
			qrterminal.GenerateHalfBlock(item.Code, qrterminal.L, out)
			fmt.Fprintf(out, "(a new code comes in %s)\n\n", item.Timeout.Round(time.Second))
		case item.Event == whatsmeow.QRChannelEventCode:
			if asked {
				continue
			}
			asked = true
			code, err := cl.PairPhone(ctx, phone, true, whatsmeow.PairClientChrome, pairDisplayName)
			if err != nil {
				return fmt.Errorf("whatsapp: link: ask for a pairing code for %s: %w", phone, err)
			}
			fmt.Fprintf(out, "On the phone of %s open WhatsApp → Settings → Linked devices → Link a device →\n", phone)
			fmt.Fprintf(out, "Link with phone number instead, and type this code:\n\n    %s\n\n", code)
			fmt.Fprintln(out, "Waiting for the phone (about two minutes)…")
		case item == whatsmeow.QRChannelSuccess:
			fmt.Fprintln(out, "Linked. Finishing the setup…")
			select {
			case <-connected:
			case <-time.After(connectAfterPair):
			case <-ctx.Done():
			}
			if id := cl.Store.ID; id != nil {
				fmt.Fprintf(out, "WhatsApp is linked as +%s. Enable whatsapp in the config and start minutka.\n", id.User)
			}
			return nil
		case item == whatsmeow.QRChannelTimeout:
			return errors.New("whatsapp: link: timed out waiting for the phone; run the command again")
		case item.Event == whatsmeow.QRChannelEventError:
			return fmt.Errorf("whatsapp: link: %w", item.Error)
		case item == whatsmeow.QRChannelScannedWithoutMultidevice:
			fmt.Fprintln(out, "The phone's WhatsApp has no linked devices support: update WhatsApp and scan again.")
		case item == whatsmeow.QRChannelClientOutdated:
			return errors.New("whatsapp: link: WhatsApp says the client is outdated: update minutka")
		default:
			return fmt.Errorf("whatsapp: link: unexpected %q", item.Event)
		}
	}
}
