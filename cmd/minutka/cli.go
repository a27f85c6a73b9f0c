package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/minutka/minutka/bot/console"
	"github.com/minutka/minutka/intents"
	"github.com/minutka/minutka/intents/evaluate"
)

const usage = `minutka: an AI receptionist for salons, barbershops and clinics.

Usage:
  minutka [run] [--config FILE] [--data DIR] [--http ADDR]   run the service
  minutka chat [--as ID] [--config FILE] [--data DIR]        talk to the bot in the terminal
  minutka eval intents|datetime FILE [--misses] [--config FILE] score the understanding on a file
                                                             in the format of shared/eval
  minutka whatsapp link [--phone +7…] [--data DIR]          link a WhatsApp number (QR code or pairing code)
  minutka example-config                                     print the demo config to copy
  minutka help                                               this text

Without --config, minutka runs the embedded demo business (see example-config).
`

// errUsage marks a mistake in the command line (exit code 2).
var errUsage = errors.New("usage")

func exitCode(err error) int {
	if errors.Is(err, errUsage) {
		return 2
	}
	return 1
}

// Run runs the command line args.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "run"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "run":
		return runService(ctx, args, stdout, stderr)
	case "chat":
		return runChat(ctx, args, stdin, stdout, stderr)
	case "eval":
		return runEval(ctx, args, stdout, stderr)
	case "whatsapp":
		return runWhatsApp(ctx, args, stdout, stderr)
	case "example-config":
		_, err := stdout.Write(demoConfig)
		return err
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("%w: unknown command %q", errUsage, cmd)
}

// common holds the flags every service command takes.
type common struct {
	config, data string
}

func (c *common) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "the config `file` (default: the embedded demo business)")
	fs.StringVar(&c.data, "data", "", "the data `folder` (default: the config's data, ./minutka-data)")
}

// load reads the config and applies the flags.
func (c *common) load() (Config, error) {
	cfg, err := LoadConfig(c.config, os.Getenv)
	if err != nil {
		return Config{}, err
	}
	if c.data != "" {
		cfg.DataDir = c.data
	}
	return cfg, nil
}

func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}

func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

func runService(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("minutka run", flag.ContinueOnError)
	var c common
	c.register(fs)
	httpAddr := fs.String("http", "", "the HTTP `address` of the web chat, /metrics and /healthz (default: the config's, 127.0.0.1:8080)")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	if *httpAddr != "" {
		cfg.HTTPAddr = *httpAddr
	}
	m := NewMain()
	m.Config = cfg
	m.Logger = newLogger(stderr, cfg.LogLevel)
	if err := m.Run(ctx); err != nil {
		return err
	}
	if m.Webchat != nil {
		fmt.Fprintf(stdout, "minutka: %s is answering. Web chat: http://%s/\n", cfg.Business.Name, m.Addr())
	} else {
		fmt.Fprintf(stdout, "minutka: %s is running on http://%s/ (web chat off)\n", cfg.Business.Name, m.Addr())
	}
	fmt.Fprintf(stdout, "minutka: data in %s; metrics at http://%s/metrics; Ctrl+C stops.\n", cfg.DataDir, m.Addr())
	<-ctx.Done()
	fmt.Fprintln(stdout, "minutka: stopping")
	return m.Close()
}

func runChat(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("minutka chat", flag.ContinueOnError)
	var c common
	c.register(fs)
	as := fs.String("as", "local", "the client `id` to talk as; each id is a separate client")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *as == "" {
		return fmt.Errorf("%w: --as must not be empty", errUsage)
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	interactive := isTerminal(stdin)
	cons := console.New(stdin, stdout, *as, interactive)
	m := NewMain()
	m.Config = cfg
	m.NoHTTP = true
	m.Channels = append(m.Channels, cons)
	m.Logger = newLogger(stderr, max(cfg.LogLevel, slog.LevelWarn)) // keep the transcript clean
	if err := m.Run(ctx); err != nil {
		return err
	}
	if interactive {
		fmt.Fprintf(stdout, "%s: chat in the terminal as %q. Ctrl+D ends.\n", cfg.Business.Name, *as)
	}
	select {
	case <-ctx.Done():
	case <-cons.Done():
	}
	return m.Close()
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func runWhatsApp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "link" {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: want `minutka whatsapp link`", errUsage)
	}
	fs := flag.NewFlagSet("minutka whatsapp link", flag.ContinueOnError)
	var c common
	c.register(fs)
	phone := fs.String("phone", "", "link with a pairing `code` for this number (+7…) instead of a QR code")
	if err := parseFlags(fs, args[1:], stderr); err != nil {
		return err
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return fmt.Errorf("data folder: %w", err)
	}
	m := NewMain()
	m.Config = cfg
	m.Logger = newLogger(stderr, max(cfg.LogLevel, slog.LevelWarn))
	if err := m.newWhatsApp().Link(ctx, stdout, *phone); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "WhatsApp is linked. Set whatsapp.enabled: true in the config and start minutka.")
	return nil
}

func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "intents" && args[0] != "datetime") {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("%w: want `minutka eval intents FILE` or `minutka eval datetime FILE`", errUsage)
	}
	kind := args[0]
	fs := flag.NewFlagSet("minutka eval "+kind, flag.ContinueOnError)
	var c common
	c.register(fs)
	misses := fs.Bool("misses", false, "list the rows the bot got wrong")
	// The file may come before or after the flags.
	var file string
	rest := args[1:]
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		file, rest = rest[0], rest[1:]
	}
	if err := fs.Parse(rest); err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 || file == "" {
		return fmt.Errorf("%w: want one FILE", errUsage)
	}
	cfg, err := c.load()
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	if kind == "intents" {
		rows, err := evaluate.ReadIntents(f)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		det, err := cfg.detector(newLogger(stderr, max(cfg.LogLevel, slog.LevelWarn)))
		if err != nil {
			return err
		}
		if cfg.LLM.Model != "" {
			fmt.Fprintf(stdout, "rules, then %s when unsure\n\n", cfg.LLM.Model)
		}
		now := time.Now().In(cfg.Business.Location)
		return evaluate.Intents(ctx, det, rows, now).Write(stdout, *misses)
	}
	rows, err := evaluate.ReadDatetime(f)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return evaluate.Datetime(rows, intents.ParseWhen).Write(stdout, *misses)
}
