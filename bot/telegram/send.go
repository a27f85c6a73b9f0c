package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	tg "github.com/go-telegram/bot"

	"github.com/minutka/minutka/bot"
)

const (
	// maxText is the longest message text, in UTF-16 code units.
	maxText = 4096
	// sendTimeout bounds one sendMessage call.
	sendTimeout = 20 * time.Second
	// maxFloodWaits is how many 429 answers one message waits out before Send gives up.
	maxFloodWaits = 3
	// maxRetries is how many times a transient failure (5xx, network) is retried.
	maxRetries = 3
	// firstRetry is the wait before the first retry; it doubles each time.
	firstRetry = 500 * time.Millisecond
)

// Send sends r to the chat to.Chat (a chat id in decimal). Long text goes as several
// messages; the buttons come with the last. It waits for the rate limits, and a Bulk reply
// also until no answer to a client is waiting. A 429 answer is waited out (up to three times,
// and not past ctx's deadline); a 5xx answer or a network failure is retried three times with
// backoff. It returns when the message is sent or ctx is done; errors: ErrInvalidAddress,
// ErrEmptyText, ErrForbidden (the client blocked the bot), or the Bot API's error, without
// the token. Send may be called from any goroutine, also before Run and after it returns.
func (c *Channel) Send(ctx context.Context, to bot.Address, r bot.Reply) error {
	chat, err := strconv.ParseInt(to.Chat, 10, 64)
	if to.Channel != name || err != nil || chat == 0 {
		return fmt.Errorf("%w: %q", ErrInvalidAddress, to.String())
	}
	text := strings.ToValidUTF8(r.Text, "\uFFFD")
	if strings.TrimSpace(text) == "" {
		return ErrEmptyText
	}
	parts := split(text, maxText)
	plan := c.plan(chat, r, len(parts))
	for i, p := range parts {
		params := &tg.SendMessageParams{ChatID: chat, Text: p}
		if m := plan.markups[i]; m != nil {
			params.ReplyMarkup = m
		}
		if err := c.send(ctx, &chat, r.Bulk, params); err != nil {
			return err
		}
		c.keys.sent(chat, plan, i)
	}
	c.log.Debug("telegram: sent", slog.Int64("chat", chat), slog.Int("parts", len(parts)), slog.String("text", text))
	return nil
}

// send makes one sendMessage call within the limits, waiting out 429s and retrying transient
// failures. A group that became a supergroup is followed to its new id (*chat is updated).
func (c *Channel) send(ctx context.Context, chat *int64, bulk bool, params *tg.SendMessageParams) error {
	floods, retries, migrated := 0, 0, false
	wait := firstRetry
	for {
		if err := c.limiter.wait(ctx, *chat, bulk); err != nil {
			return fmt.Errorf("telegram: send: %w", err)
		}
		ci := &call{}
		actx, cancel := context.WithTimeout(context.WithValue(ctx, callKey{}, ci), sendTimeout)
		_, err := c.api.SendMessage(actx, params)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("telegram: send: %w", ctx.Err())
		}
		var flood *tg.TooManyRequestsError
		var mig *tg.MigrateError
		switch {
		case errors.As(err, &flood) && floods < maxFloodWaits:
			floods++
			d := time.Duration(max(flood.RetryAfter, 1)) * time.Second
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < d {
				return c.apiError("send", err)
			}
			c.log.Warn("telegram: too many requests, waiting", slog.Int64("chat", *chat), slog.Duration("retry_after", d))
			if !sleep(ctx, d) {
				return fmt.Errorf("telegram: send: %w", ctx.Err())
			}
		case errors.As(err, &mig) && mig.MigrateToChatID != 0 && !migrated:
			migrated = true
			c.log.Warn("telegram: group became a supergroup, sending to its new id",
				slog.Int64("old", *chat), slog.Int("new", mig.MigrateToChatID))
			*chat = int64(mig.MigrateToChatID)
			params.ChatID = *chat
		case (ci.netErr || ci.status >= 500 || ci.status == 429) && retries < maxRetries:
			retries++
			c.log.Warn("telegram: send failed, retrying", slog.Any("error", c.apiError("send", err)), slog.Duration("retry_in", wait))
			if !sleep(ctx, wait) {
				return fmt.Errorf("telegram: send: %w", ctx.Err())
			}
			wait *= 2
		default:
			return c.apiError("send", err)
		}
	}
}

// split cuts text into pieces of at most max UTF-16 code units, preferring to cut after a
// blank line, then a line break, then a space, in the second half of a piece.
func split(text string, max int) []string {
	var parts []string
	for utf16Len(text) > max {
		cut, units := 0, 0 // cut: the byte offset where max units are reached
		for i, r := range text {
			n := utf16.RuneLen(r)
			if n < 0 {
				n = 1
			}
			if units+n > max {
				break
			}
			units += n
			cut = i + utf8.RuneLen(r)
		}
		end, next := cut, cut
		for _, sep := range []string{"\n\n", "\n", " "} {
			// A separator may begin right at the cut: the piece then fills the limit.
			if i := strings.LastIndex(text[:min(len(text), cut+len(sep))], sep); i >= cut/2 {
				end, next = i, i+len(sep)
				break
			}
		}
		if p := strings.TrimRight(text[:end], " \n"); p != "" {
			parts = append(parts, p)
		}
		text = strings.TrimLeft(text[next:], "\n")
	}
	if strings.TrimSpace(text) != "" {
		parts = append(parts, text)
	}
	return parts
}

// utf16Len returns the length of s in UTF-16 code units, as Telegram counts.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
