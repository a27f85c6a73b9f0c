package intents_test

import (
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
)

// demoCatalog is the embedded demo salon's catalog.
var demoCatalog = []intents.ServiceName{
	{ID: "mens-haircut", Names: []string{"Мужская стрижка", "мужская", "подстричься", "стрижка машинкой"}},
	{ID: "womens-haircut", Names: []string{"Женская стрижка"}},
	{ID: "colouring", Names: []string{"Окрашивание", "покраска", "покрасить"}},
	{ID: "manicure", Names: []string{"Маникюр с покрытием", "маникюр", "ногти", "гель-лак"}},
	{ID: "brows", Names: []string{"Оформление бровей", "брови"}},
}

func krasnoyarsk(t testing.TB) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Krasnoyarsk")
	if err != nil {
		// No tz database on this machine: the fixed offset is the same all year.
		return time.FixedZone("Asia/Krasnoyarsk", 7*3600)
	}
	return loc
}
