// Command minutka is an AI receptionist for small service businesses: it answers clients in the
// web chat (and, configured, in Telegram and WhatsApp), books visits and measures first responses.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the business time zone must load on machines without zoneinfo
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "minutka:", err)
		os.Exit(exitCode(err))
	}
}
