package evaluate

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/minutka/minutka/intents"
)

// conventionFlags are the notes that mark rows where public parsers disagree; they are scored
// apart from the headline figure.
var conventionFlags = []string{"part_of_day_convention", "next_weekday_convention", "bare_hour",
	"same_weekday_convention", "next_week_convention", "relative_offset_keeps_clock_time"}

// DatetimeRow is one phrase with the value expected at its reference time.
type DatetimeRow struct {
	Line     int
	Phrase   string
	Expected string
	Grain    string
	Ref      time.Time // "now" for the row, in the row's zone
	RefFixed bool      // false when the source fixed no date ("any", "now")
	Flags    []string  // the convention flags in the notes
}

// ReadDatetime reads a file with the columns phrase, expected, grain, ref_time and notes.
func ReadDatetime(r io.Reader) ([]DatetimeRow, error) {
	raw, err := readTSV(r, "phrase", "expected", "grain", "ref_time")
	if err != nil {
		return nil, err
	}
	rows := make([]DatetimeRow, 0, len(raw))
	for _, m := range raw {
		row := DatetimeRow{Phrase: m["phrase"], Expected: strings.TrimSpace(m["expected"]), Grain: strings.TrimSpace(m["grain"])}
		fmt.Sscan(m["#line"], &row.Line)
		row.Ref, row.RefFixed, err = parseRef(strings.TrimSpace(m["ref_time"]))
		if err != nil {
			return nil, fmt.Errorf("evaluate: line %d: %w", row.Line, err)
		}
		for _, f := range conventionFlags {
			if strings.Contains(m["notes"], f) {
				row.Flags = append(row.Flags, f)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// anyRef is "now" for rows whose source fixed no date: a Wednesday noon, UTC.
var anyRef = time.Date(2026, 1, 7, 12, 0, 0, 0, time.UTC)

// parseRef reads a ref_time: ISO-8601 with or without an offset (without: UTC), or any/now.
func parseRef(s string) (time.Time, bool, error) {
	switch strings.ToLower(s) {
	case "", "any", "now":
		return anyRef, false, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04Z07:00"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true, nil
		}
	}
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, true, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("ref_time %q: not ISO-8601", s)
}

// point is one expected value: some of a date and a time of day.
type point struct {
	y, mo, d int // 0 when not given
	h, mi    int
	hasTime  bool
}

// parsePoint reads "YYYY-MM-DD", "YYYY-MM", "YYYY-MM-DDThh:mm[:ss]", "Thh:mm" or "--MM-DD".
func parsePoint(s string) (point, error) {
	var p point
	date, clock, hasT := strings.Cut(s, "T")
	switch {
	case date == "" && hasT: // Thh:mm
	case strings.HasPrefix(date, "--"):
		if _, err := fmt.Sscanf(date, "--%d-%d", &p.mo, &p.d); err != nil {
			return p, fmt.Errorf("expected %q: %w", s, err)
		}
	default:
		n, _ := fmt.Sscanf(date, "%d-%d-%d", &p.y, &p.mo, &p.d)
		if n < 2 {
			return p, fmt.Errorf("expected %q: not a date", s)
		}
	}
	if hasT {
		if _, err := fmt.Sscanf(clock, "%d:%d", &p.h, &p.mi); err != nil {
			return p, fmt.Errorf("expected %q: bad time", s)
		}
		p.hasTime = true
	}
	return p, nil
}

// matches reports whether t shows the point: the parts the point has, down to the minute.
func (p point) matches(t time.Time, withTime bool) bool {
	if p.y != 0 && t.Year() != p.y || p.mo != 0 && int(t.Month()) != p.mo || p.d != 0 && t.Day() != p.d {
		return false
	}
	if withTime && p.hasTime && (t.Hour() != p.h || t.Minute() != p.mi) {
		return false
	}
	return true
}

// partOf names the part of the day of an hour: morning 05–12, day 12–17, evening 17–23, night.
func partOf(h int) string {
	switch {
	case h >= 5 && h < 12:
		return "morning"
	case h >= 12 && h < 17:
		return "day"
	case h >= 17 && h < 23:
		return "evening"
	}
	return "night"
}

// ScoreDatetime reports whether w, parsed from row.Phrase at row.Ref, is the expected value at
// the row's grain (shared/eval/README.md): the day for day grains, the wall-clock minute for
// second/minute/hour, the month for month, both ends for intervals, the bound for open
// intervals, the time of day for "Thh:mm", the month and day for "--MM-DD"; for part_of_day the
// date and the part of the day. ok false (nothing parsed) is a miss.
func ScoreDatetime(row DatetimeRow, w intents.When, ok bool) bool {
	if !ok {
		return false
	}
	loc := row.Ref.Location()
	at, end := w.At.In(loc), w.End.In(loc)
	exp := row.Expected
	switch {
	case strings.HasPrefix(exp, "../"):
		p, err := parsePoint(strings.TrimPrefix(exp, "../"))
		return err == nil && w.Open == intents.OpenBefore && p.matches(at, true)
	case strings.HasSuffix(exp, "/.."):
		p, err := parsePoint(strings.TrimSuffix(exp, "/.."))
		return err == nil && w.Open == intents.OpenAfter && p.matches(at, true)
	case strings.Contains(exp, "/"):
		a, b, _ := strings.Cut(exp, "/")
		pa, err1 := parsePoint(a)
		pb, err2 := parsePoint(b)
		if err1 != nil || err2 != nil {
			return false
		}
		if w.End.IsZero() && w.PartOfDay != "" && slices.Contains(row.Flags, "part_of_day_convention") && pa.hasTime && pb.hasTime {
			// «завтра вечером» read as a part of the day, which the flag allows: the date and the
			// part of the range's middle must match.
			ta := time.Date(max(pa.y, 1), time.Month(max(pa.mo, 1)), max(pa.d, 1), pa.h, pa.mi, 0, 0, loc)
			tb := time.Date(max(pb.y, 1), time.Month(max(pb.mo, 1)), max(pb.d, 1), pb.h, pb.mi, 0, 0, loc)
			mid := ta.Add(tb.Sub(ta) / 2)
			return pa.matches(at, false) && partOf(mid.Hour()) == w.PartOfDay
		}
		if w.End.IsZero() {
			return false
		}
		return pa.matches(at, pa.hasTime) && pb.matches(end, pb.hasTime)
	}
	p, err := parsePoint(exp)
	if err != nil {
		return false
	}
	switch row.Grain {
	case "month":
		return p.matches(at, false) && (w.Grain == intents.GrainMonth || at.Day() == 1)
	case "day", "week":
		return p.matches(at, false)
	case "part_of_day":
		if !p.matches(at, false) {
			return false
		}
		part := w.PartOfDay
		if part == "" && w.HasTime {
			part = partOf(at.Hour())
		}
		return part == partOf(p.h)
	}
	if p.hasTime && !w.HasTime && w.Grain != intents.GrainSecond {
		return false
	}
	return p.matches(at, true)
}

// DatetimeReport is the outcome of a date/time evaluation.
type DatetimeReport struct {
	Strict, StrictTotal   int // rows without a convention flag: the headline
	Flagged, FlaggedTotal int // rows with a flag, matched by our policies
	ByGrain               map[string][2]int
	Misses                []DatetimeMiss
}

// DatetimeMiss is a row parsed wrongly (or not at all).
type DatetimeMiss struct {
	Row DatetimeRow
	Got string
}

// Datetime parses every row with parse at the row's reference time and scores it.
func Datetime(rows []DatetimeRow, parse func(text string, now time.Time) (intents.When, bool)) DatetimeReport {
	rep := DatetimeReport{ByGrain: make(map[string][2]int)}
	for _, row := range rows {
		w, ok := parse(row.Phrase, row.Ref)
		good := ScoreDatetime(row, w, ok)
		g := rep.ByGrain[row.Grain]
		g[1]++
		if good {
			g[0]++
		}
		rep.ByGrain[row.Grain] = g
		if len(row.Flags) > 0 {
			rep.FlaggedTotal++
			if good {
				rep.Flagged++
			}
			continue
		}
		rep.StrictTotal++
		if good {
			rep.Strict++
		} else {
			rep.Misses = append(rep.Misses, DatetimeMiss{Row: row, Got: describe(w, ok, row.Ref.Location())})
		}
	}
	return rep
}

// Accuracy is the strict accuracy on rows without a convention flag.
func (r DatetimeReport) Accuracy() float64 { return ratio(r.Strict, r.StrictTotal) }

// describe formats a parse for a report line.
func describe(w intents.When, ok bool, loc *time.Location) string {
	if !ok {
		return "nothing"
	}
	var b strings.Builder
	b.WriteString(w.At.In(loc).Format("2006-01-02T15:04"))
	if !w.End.IsZero() {
		b.WriteString("/" + w.End.In(loc).Format("2006-01-02T15:04"))
	}
	for _, s := range []string{string(w.Grain), string(w.Open), w.PartOfDay} {
		if s != "" {
			b.WriteString(" " + s)
		}
	}
	if !w.HasTime {
		b.WriteString(" no-time")
	}
	return b.String()
}

// Write prints the report: accuracy by grain, the flagged rows apart, the misses, and last the
// line "accuracy: 0.912 (187/205)" for the rows without a convention flag.
func (r DatetimeReport) Write(w io.Writer, misses bool) error {
	fmt.Fprintln(w, "by grain (all rows):")
	for _, g := range []string{"second", "minute", "hour", "day", "week", "month", "part_of_day", "interval_day",
		"interval_hour", "interval_minute", "interval_day_time", "open_before", "open_after"} {
		if n := r.ByGrain[g]; n[1] > 0 {
			fmt.Fprintf(w, "  %-18s %3d/%-3d\n", g, n[0], n[1])
		}
	}
	fmt.Fprintf(w, "convention-flagged rows matching our policies: %d/%d\n", r.Flagged, r.FlaggedTotal)
	if misses && len(r.Misses) > 0 {
		fmt.Fprintln(w, "\nmisses (unflagged rows):")
		for _, m := range r.Misses {
			fmt.Fprintf(w, "  line %d: %q at %s: want %s (%s), got %s\n", m.Row.Line, truncate(m.Row.Phrase, 60),
				m.Row.Ref.Format("2006-01-02T15:04Z07:00"), m.Row.Expected, m.Row.Grain, m.Got)
		}
	}
	_, err := fmt.Fprintf(w, "\naccuracy: %.3f (%d/%d)\n", r.Accuracy(), r.Strict, r.StrictTotal)
	return err
}
