// Package bot is the hub between the channels (Telegram, WhatsApp, web chat, terminal) and the
// dialog engine: one ordered queue per conversation, role routing and first-response metrics.
package bot

import (
	"context"
	"time"
)

// Address names one conversation on one channel.
type Address struct {
	Channel string // "telegram", "whatsapp", "webchat", "console", "test"
	Chat    string // the channel's own conversation identifier
}

// String returns "channel:chat", the key used for sessions, contacts and clients.
func (a Address) String() string { return a.Channel + ":" + a.Chat }

// Kind says what a message carries. Channels map everything that is not text to a kind so the
// dialog can answer it instead of silently dropping it.
type Kind string

// Message kinds.
const (
	KindText     Kind = "text"
	KindSticker  Kind = "sticker"
	KindPhoto    Kind = "photo"
	KindVoice    Kind = "voice"
	KindFile     Kind = "file"
	KindLocation Kind = "location"
	KindContact  Kind = "contact" // a shared contact card; Text holds its phone number
	KindOther    Kind = "other"
)

// Message is one inbound message from a client (or staff) as a channel delivers it.
type Message struct {
	ID       string    // the platform's message id, if any
	From     Address   // the conversation it came from
	User     string    // the sender's platform user id (equal to From.Chat in private chats)
	Group    bool      // the conversation is a group chat, not a private one
	Name     string    // the sender's display name on the platform, if known
	Phone    string    // the sender's phone in E.164 when the platform vouches for it (WhatsApp)
	Source   string    // where a new client came from: a deep-link payload, UTM fields
	Kind     Kind      // KindText unless the platform says otherwise
	Text     string    // the text, or the caption
	Option   string    // the Value of a pressed Option button, if the message is a button press
	Sent     time.Time // the platform's timestamp; zero if the platform gives none
	Received time.Time // when the channel received it; set by the hub if zero
}

// Option is a button offered with a reply. Channels without buttons render numbered lines.
type Option struct {
	Label string // what the client sees
	Value string // what comes back in Message.Option when pressed
}

// Reply is one outbound message.
type Reply struct {
	Text    string
	Options []Option
	// AskPhone marks a reply that asks for the client's phone number: channels that can
	// offer a one-tap «Поделиться номером» button (Telegram's request_contact).
	AskPhone bool
	// Bulk marks a message that answers nobody (a reminder, a digest): channels with rate
	// limits send it after the answers to clients.
	Bulk bool
}

// Channel is a messaging platform adapter.
type Channel interface {
	// Name returns the channel's name as used in Address.Channel and in metrics labels.
	Name() string
	// Run receives messages until ctx is done and hands each to deliver. deliver never blocks.
	Run(ctx context.Context, deliver func(Message)) error
	// Send delivers r to the conversation to.
	Send(ctx context.Context, to Address, r Reply) error
}

// TurnObserver is optionally implemented by a channel that wants to know when the hub has
// finished handling one of its messages (all replies sent). The terminal chat uses it to read
// the next line only after the bot has answered the previous one.
type TurnObserver interface {
	TurnDone(m Message)
}
