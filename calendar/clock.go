package calendar

import (
	"fmt"
	"time"
)

// ParseClock parses a time of day written "H:MM" or "HH:MM", from "0:00" to "24:00"
// ("24:00" is the end of a day). Anything else, including surrounding spaces, is an error.
func ParseClock(s string) (Clock, error) {
	h, m, ok := splitClock(s)
	if !ok || h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, fmt.Errorf("calendar: bad time of day %q, want HH:MM", s)
	}
	return Clock(h*60 + m), nil
}

// splitClock splits "H:MM" or "HH:MM" into hours and minutes, digits only.
func splitClock(s string) (h, m int, ok bool) {
	var hh string
	switch {
	case len(s) == 4 && s[1] == ':':
		hh = s[:1]
	case len(s) == 5 && s[2] == ':':
		hh = s[:2]
	default:
		return 0, 0, false
	}
	mm := s[len(s)-2:]
	for _, c := range hh + mm {
		if c < '0' || c > '9' {
			return 0, 0, false
		}
	}
	for _, c := range hh {
		h = h*10 + int(c-'0')
	}
	m = int(mm[0]-'0')*10 + int(mm[1]-'0')
	return h, m, true
}

// String returns the time of day as "HH:MM", e.g. "09:30" or "24:00".
func (c Clock) String() string {
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// MarshalText returns c as "HH:MM", so configuration files can say "10:00".
func (c Clock) MarshalText() ([]byte, error) {
	return []byte(c.String()), nil
}

// UnmarshalText parses "H:MM" or "HH:MM" as ParseClock does.
func (c *Clock) UnmarshalText(text []byte) error {
	v, err := ParseClock(string(text))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// String returns the span as "10:00–20:00".
func (s Span) String() string {
	return s.Start.String() + "–" + s.End.String()
}

// valid reports whether the span is non-empty and inside one day.
func (s Span) valid() bool {
	return 0 <= s.Start && s.Start < s.End && s.End <= 24*60
}

// on returns the wall-clock time c on the local date y-m-d in loc.
func (c Clock) on(y int, m time.Month, d int, loc *time.Location) time.Time {
	return time.Date(y, m, d, int(c)/60, int(c)%60, 0, 0, loc)
}
