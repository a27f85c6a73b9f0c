package gpt

import (
	"errors"
	"io"
	"net/http"
)

// maxBodyBytes bounds a response body read from the server: an answer, or an error, is a few
// kilobytes, and a server that sends more is not trusted to finish.
const maxBodyBytes = 256 << 10

var errBodyTooLarge = errors.New("gpt: response body too large")

// limitedClient returns a copy of c (or a default client) whose responses fail when their body
// exceeds maxBodyBytes.
func limitedClient(c *http.Client) *http.Client {
	var out http.Client
	if c != nil {
		out = *c
	}
	base := out.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	out.Transport = limitTransport{base}
	return &out
}

type limitTransport struct{ base http.RoundTripper }

func (t limitTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	resp.Body = &limitedBody{rc: resp.Body, left: maxBodyBytes}
	return resp, nil
}

// limitedBody reads at most left bytes of rc and fails after that.
type limitedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One more byte says whether the body really goes on.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, errBodyTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }
