package webchat

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// conn is one open socket of a chat. The /ws request's goroutine reads from it; a writer
// goroutine owns the writes and the closing.
type conn struct {
	ws    *websocket.Conn
	chat  string
	since uint64    // the chat's seq when k registered: later replies were queued by Send
	queue chan item // replies to write, in order

	ctx    context.Context // cancelled by kill: aborts a blocked write
	cancel context.CancelFunc

	once   sync.Once
	stop   chan struct{} // closed by close or kill
	code   websocket.StatusCode
	reason string
}

func newConn(ws *websocket.Conn, chatID string) *conn {
	ctx, cancel := context.WithCancel(context.Background())
	return &conn{
		ws:     ws,
		chat:   chatID,
		queue:  make(chan item, queueSize),
		ctx:    ctx,
		cancel: cancel,
		stop:   make(chan struct{}),
	}
}

// close asks the writer to close the socket with a close handshake. It does not block.
func (k *conn) close(code websocket.StatusCode, reason string) {
	k.once.Do(func() {
		k.code, k.reason = code, reason
		close(k.stop)
	})
}

// kill asks the writer to drop the socket at once, aborting a write in progress. It does not
// block.
func (k *conn) kill() {
	k.once.Do(func() { close(k.stop) })
	k.cancel()
}

// serveWS upgrades /ws?chat=<id> and runs the socket until it closes.
func (c *Channel) serveWS(w http.ResponseWriter, r *http.Request) {
	id := r.URL.Query().Get("chat")
	if !validChatID(id) {
		http.Error(w, "invalid chat id", http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	c.active.Add(1)
	c.mu.Unlock()
	defer c.active.Done()

	ws, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: c.opts.AllowedOrigins})
	if err != nil {
		c.log.Info("webchat: websocket refused", slog.Any("error", err)) // e.g. an origin not in AllowedOrigins
		return
	}
	ws.SetReadLimit(readLimit)
	k := newConn(ws, id)
	defer k.cancel()
	if !c.register(k) {
		ws.Close(websocket.StatusGoingAway, "server shutting down")
		return
	}
	c.log.Debug("webchat: connected", slog.String("chat", id))

	left := make(chan []item, 1)
	go func() { left <- c.writeLoop(k) }()
	c.readLoop(k)
	k.kill()
	failed := <-left
	c.unregister(k, append(failed, drain(k.queue)...))
	c.log.Debug("webchat: disconnected", slog.String("chat", id))
}

// readLoop reads frames until the socket fails or closes.
func (c *Channel) readLoop(k *conn) {
	for {
		// Not k.ctx: cancelling a read drops the socket without the close handshake that
		// close asks the writer for; a close or kill ends this read anyway.
		typ, data, err := k.ws.Read(context.Background())
		if err != nil {
			switch {
			case errors.Is(err, websocket.ErrMessageTooBig):
				c.log.Info("webchat: frame too big, socket closed", slog.String("chat", k.chat))
			case websocket.CloseStatus(err) == -1:
				c.log.Debug("webchat: read failed", slog.String("chat", k.chat), slog.Any("error", err))
			}
			return
		}
		if typ != websocket.MessageText {
			c.log.Debug("webchat: frame ignored", slog.String("chat", k.chat), slog.String("reason", "binary"))
			continue
		}
		m, why := c.message(k.chat, data)
		if why != "" {
			c.log.Debug("webchat: frame ignored", slog.String("chat", k.chat), slog.String("reason", why))
			continue
		}
		c.log.Debug("webchat: message", slog.String("chat", k.chat), slog.String("id", m.ID),
			slog.String("text", m.Text), slog.String("option", m.Option))
		c.touch(k.chat, m.Received)
		c.dispatch(m)
	}
}

// writeLoop writes k's queue and pings until k is stopped or a write fails. It closes the
// socket before returning and returns the reply it failed to write, if any.
func (c *Channel) writeLoop(k *conn) []item {
	ping := time.NewTicker(pingInterval)
	defer ping.Stop()
	for {
		select {
		case <-k.stop:
			if k.code == 0 {
				k.ws.CloseNow()
			} else {
				k.ws.Close(k.code, k.reason)
			}
			return nil
		case it := <-k.queue:
			ctx, cancel := context.WithTimeout(k.ctx, writeTimeout)
			err := k.ws.Write(ctx, websocket.MessageText, it.data)
			cancel()
			if err != nil {
				c.log.Debug("webchat: write failed", slog.String("chat", k.chat), slog.Any("error", err))
				k.ws.CloseNow()
				return []item{it}
			}
		case <-ping.C:
			ctx, cancel := context.WithTimeout(k.ctx, pingTimeout)
			err := k.ws.Ping(ctx)
			cancel()
			if err != nil {
				c.log.Debug("webchat: ping failed", slog.String("chat", k.chat), slog.Any("error", err))
				k.ws.CloseNow()
				return nil
			}
		}
	}
}

// drain empties q without blocking.
func drain(q chan item) []item {
	var out []item
	for {
		select {
		case it := <-q:
			out = append(out, it)
		default:
			return out
		}
	}
}
