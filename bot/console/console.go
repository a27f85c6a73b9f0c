// Package console is the terminal chat of `minutka chat`: it reads one client message per line
// and prints the bot's replies, interactively or from a script.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/minutka/minutka/bot"
)

// maxLine is the longest input line read; longer lines are cut (the dialog then says it is too long).
const maxLine = 1 << 20

// Channel is the terminal chat. Buttons are printed as numbered lines; typing the number
// presses the button.
type Channel struct {
	in     io.Reader
	out    io.Writer
	chat   string
	prompt string // printed before reading each line; empty when not a terminal
	now    func() time.Time

	mu      sync.Mutex
	options []bot.Option // the buttons of the latest reply
	turn    chan struct{}
	done    chan struct{}
}

var (
	_ bot.Channel      = (*Channel)(nil)
	_ bot.TurnObserver = (*Channel)(nil)
)

// New returns a terminal chat reading in and writing out as the client chat. interactive
// prints a prompt before each line.
func New(in io.Reader, out io.Writer, chat string, interactive bool) *Channel {
	c := &Channel{in: in, out: out, chat: chat, now: time.Now, turn: make(chan struct{}, 1), done: make(chan struct{})}
	if interactive {
		c.prompt = "> "
	}
	return c
}

// Name implements bot.Channel.
func (c *Channel) Name() string { return "console" }

// Done is closed when the input has ended and the last message has been answered.
func (c *Channel) Done() <-chan struct{} { return c.done }

// Run reads lines until the input ends or ctx is done. Each line is delivered only after the
// previous one was answered, so the transcript reads in order.
func (c *Channel) Run(ctx context.Context, deliver func(bot.Message)) error {
	defer close(c.done)
	sc := bufio.NewScanner(c.in)
	sc.Buffer(make([]byte, 64*1024), maxLine)
	for n := 1; ; n++ {
		c.printf("%s", c.prompt)
		if !sc.Scan() {
			if c.prompt != "" {
				c.printf("\n")
			}
			if err := sc.Err(); err != nil && ctx.Err() == nil {
				return fmt.Errorf("console: read: %w", err)
			}
			return nil
		}
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		m := bot.Message{ID: strconv.Itoa(n), From: bot.Address{Channel: c.Name(), Chat: c.chat}, Kind: bot.KindText,
			Text: line, Sent: c.now()}
		if o, ok := c.pressed(line); ok {
			m.Text, m.Option = o.Label, o.Value
		}
		c.mu.Lock()
		c.options = nil // buttons answer only the message they came with
		c.mu.Unlock()
		deliver(m)
		select {
		case <-c.turn:
		case <-ctx.Done():
			return nil
		}
	}
}

// pressed returns the button whose number line is.
func (c *Channel) pressed(line string) (bot.Option, bool) {
	n, err := strconv.Atoi(line)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil || n < 1 || n > len(c.options) {
		return bot.Option{}, false
	}
	return c.options[n-1], true
}

// Send prints r.
func (c *Channel) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	var b strings.Builder
	b.WriteString(r.Text)
	b.WriteString("\n")
	for i, o := range r.Options {
		fmt.Fprintf(&b, "  %d) %s\n", i+1, o.Label)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(r.Options) > 0 {
		c.options = r.Options
	}
	_, err := io.WriteString(c.out, b.String())
	return err
}

// TurnDone implements bot.TurnObserver: the next line may be read.
func (c *Channel) TurnDone(m bot.Message) {
	select {
	case c.turn <- struct{}{}:
	default:
	}
}

func (c *Channel) printf(format string, args ...any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(c.out, format, args...)
}
