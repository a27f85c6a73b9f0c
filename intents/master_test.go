package intents_test

import (
	"slices"
	"testing"

	"github.com/minutka/minutka/intents"
)

// demoMasters are the demo salon's masters.
var demoMasters = []intents.MasterName{
	{ID: "olga", Names: []string{"Ольга Петрова"}},
	{ID: "anna", Names: []string{"Анна"}},
	{ID: "maria", Names: []string{"Мария", "Маша"}},
	{ID: "igor", Names: []string{"Игорь"}},
	{ID: "ivan", Names: []string{"Иван Сергеев"}},
	{ID: "natalia", Names: []string{"Наталья"}},
}

func TestDetectMasters(t *testing.T) {
	det := intents.NewRulesWith(intents.Catalog{Services: demoCatalog, Masters: demoMasters})
	tests := []struct {
		in   string
		want []string
	}{
		{"хочу к Ольге на маникюр", []string{"olga"}},
		{"можно к ольге завтра?", []string{"olga"}},
		{"у Анны есть время в субботу?", []string{"anna"}},
		{"запишите к Анне", []string{"anna"}},
		{"с Марией", []string{"maria"}},
		{"Марией довольна", []string{"maria"}},
		{"к Маше на брови", []string{"maria"}},
		{"к Оле", []string{"olga"}},
		{"к Петровой", []string{"olga"}},
		{"к Игорю на стрижку", []string{"igor"}},
		{"у Игоря", []string{"igor"}},
		{"Иваном", []string{"ivan"}},
		{"к Наталье", []string{"natalia"}},
		{"к Наташе или к Анне", []string{"natalia", "anna"}},
		{"хочу на маникюр", nil},
		{"меня зовут Ольга, хочу к Анне", []string{"anna"}},
		{"Ольга, 89131234567, на маникюр", nil}, // the client's own name
		{"я Анна", nil},
		{"это Мария, перенесите запись", nil},
		{"анналы", nil},
	}
	for _, tt := range tests {
		if got := detect(t, det, tt.in).Masters; !slices.Equal(got, tt.want) {
			t.Errorf("Detect(%q).Masters = %v, want %v", tt.in, got, tt.want)
		}
	}
	if got := detect(t, intents.NewRules(demoCatalog), "к Ольге").Masters; got != nil {
		t.Errorf("Detect without masters: Masters = %v, want none", got)
	}
	if r := detect(t, det, "а к Марии можно на среду?"); r.Intent != intents.Book {
		t.Errorf("Detect(%q).Intent = %v, want book", "а к Марии можно на среду?", r.Intent)
	}
}
