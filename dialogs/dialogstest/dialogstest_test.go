package dialogstest

import (
	"testing"

	"github.com/minutka/minutka/dialogs"
)

func TestSessions(t *testing.T) {
	TestSessionStore(t, func(t *testing.T) dialogs.SessionStore { return NewSessions() })
}
