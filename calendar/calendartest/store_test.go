package calendartest_test

import (
	"testing"

	"github.com/minutka/minutka/calendar"
	"github.com/minutka/minutka/calendar/calendartest"
)

func TestStore(t *testing.T) {
	calendartest.TestStore(t, func(t *testing.T) calendar.Store { return calendartest.NewStore() })
}
