package dialogs_test

import "testing"

// TestTimeRanges checks the dialog offers times inside what the client named: open bounds,
// clock ranges, a week; and asks back about an ambiguous day.
func TestTimeRanges(t *testing.T) {
	f := newFixture(t)
	r := f.say("r1", "маникюр завтра после 16")
	f.want(r, "Завтра, 24 ноября, после 16:00: свободное время:", "[завтра 16:00]")
	f.wantNot(r, "[завтра 15:45]", "[завтра 10:00]")

	r = f.say("r2", "брови завтра до 12")
	f.want(r, "Завтра, 24 ноября, до 12:00: свободное время:", "[завтра 11:30]")
	f.wantNot(r, "[12:00]", "[завтра 16:00]")

	r = f.say("r3", "мужская стрижка завтра с 15 до 17")
	f.want(r, "Завтра, 24 ноября, с 15:00 до 17:00", "[завтра 15:00]")
	f.wantNot(r, "[завтра 16:30]", "[завтра 17:00]") // 16:30 + 45 min ends after 17:00

	r = f.say("r4", "маникюр на следующей неделе")
	f.want(r, "С 30 ноября по 6 декабря: свободное время:", "[пн 30.11 10:00]")

	f.now = f.at(24, 10, 0) // a Tuesday: «в следующую среду» may be tomorrow or in eight days
	r = f.say("r5", "брови в следующую среду в 12")
	f.want(r, "Уточните, пожалуйста: завтра, 25 ноября или 2 декабря?", "[Завтра, 25 ноября]", "[2 декабря]")
	r = f.press("r5", r, "2 декабря")
	f.want(r, "2 декабря, в 12:00 свободно, мастер Мария", "Как к вам обращаться?")
}
