package intents_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minutka/minutka/intents"
)

// benchMessages is a realistic mix for timing Detect: mostly short chat messages, some
// voice-style run-ons, a few long pastes.
var benchMessages = []string{
	"да", "👍", "+", "спасибо", "Здравствуйте!", "скока стоит маник", "где вы находитесь?",
	"хочу записаться на маникюр завтра в 15", "Запишите на стрижку в субботу утром, Ольга 89131234567",
	"перенесите меня пожалуйста на пятницу на 18:00", "не смогу прийти, отмените",
	"zapisatsya na manikur zavtra v 15", "hello, how much is a manicure?", "cкoлькo cтoит стрижка",
	"здравствуйте, сколько стоит маникюр и можно записаться на завтра?",
	"добрый день подскажите пожалуйста сколько у вас стоит стрижка женская на средние волосы и можно ли на выходные записаться к Ольге часов в 5 вечера а то я работаю до 4 и раньше никак не успею",
	"здравствуйте это ольга я у вас записана на завтра на три часа но не смогу прийти ребенок заболел отмените пожалуйста или перенесите на следующую неделю если есть окошко во вторник или среду после обеда",
	"позовите администратора", "а вы брови красите?", "когда я записана?", "опаздываю минут на 15",
	"Хочу записаться на педикюр в 15:30", "можно к Марии на ноготочки в четверг к 6 вечера?",
	strings.Repeat("Хочу записаться на маникюр с покрытием, а ещё узнать, сколько стоит педикюр. ", 12),
}

func BenchmarkDetect(b *testing.B) {
	det := benchDetector()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(b))
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		det.Detect(ctx, benchMessages[i%len(benchMessages)], now)
		i++
	}
}

func benchDetector() *intents.Rules {
	return intents.NewRulesWith(intents.Catalog{Services: demoCatalog, Masters: demoMasters})
}

// TestDetectLatency measures Detect over about 2000 messages (the bench mix and the noisy set)
// and logs the median and 99th percentile. It asserts nothing about time: machines differ; the
// figure is for reports.
func TestDetectLatency(t *testing.T) {
	det := benchDetector()
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, krasnoyarsk(t))
	ctx := context.Background()
	msgs := slices.Clone(benchMessages)
	for _, row := range noisyRows(t) {
		msgs = append(msgs, row[0])
	}
	for _, m := range msgs { // warm up
		det.Detect(ctx, m, now)
	}
	var d []time.Duration
	for i := 0; len(d) < 2000; i++ {
		m := msgs[i%len(msgs)]
		start := time.Now()
		det.Detect(ctx, m, now)
		d = append(d, time.Since(start))
	}
	slices.Sort(d)
	t.Logf("Detect over %d messages: p50 %v, p99 %v, max %v", len(d), d[len(d)/2], d[len(d)*99/100], d[len(d)-1])
}
