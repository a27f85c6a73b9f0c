package telegramtest_test

import (
	"testing"

	"github.com/minutka/minutka/bot/telegram"
	"github.com/minutka/minutka/bot/telegram/telegramtest"
)

func TestStore(t *testing.T) {
	telegramtest.TestStore(t, func(t *testing.T) telegram.Store { return telegramtest.NewStore() })
}
