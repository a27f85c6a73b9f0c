package intents

import (
	"strings"
	"unicode/utf8"
)

// MasterName is a master as clients may call them: the calendar's master ID and names
// ("Ольга", "Ольга Петрова", "Лёля"). Each word of a name is recognised in any case form («к
// Ольге», «у Анны», «с Марией», «Петровой») and, for common Russian first names, by their
// usual short forms («к Оле», «Машей»).
type MasterName struct {
	ID    string
	Names []string
}

// Catalog is what a business offers, as the detector needs it: its services and its masters.
// NewRulesWith takes one; NewRules(services) is NewRulesWith(Catalog{Services: services}).
type Catalog struct {
	Services []ServiceName
	Masters  []MasterName
}

// masters finds the masters a message names.
type masters struct {
	forms map[string][]string // a word form → the IDs of the masters it names
	base  map[string]bool     // the forms that are a name's nominative
}

func newMasters(list []MasterName) masters {
	ms := masters{forms: map[string][]string{}, base: map[string]bool{}}
	add := func(form, id string) {
		ids := ms.forms[form]
		for _, x := range ids {
			if x == id {
				return
			}
		}
		ms.forms[form] = append(ids, id)
	}
	for _, m := range list {
		if m.ID == "" {
			continue
		}
		for _, name := range m.Names {
			for _, w := range strings.Fields(Normalize(name)) {
				if utf8.RuneCountInString(w) < 3 || !isLetters(w) {
					continue
				}
				ms.base[w] = true
				for _, f := range nameForms(w) {
					add(f, m.ID)
				}
				for _, d := range diminutives[w] {
					ms.base[d] = true
					for _, f := range nameForms(d) {
						add(f, m.ID)
					}
				}
			}
		}
	}
	return ms
}

// knows reports whether tok is a form of a master's name.
func (ms masters) knows(tok string) bool { return len(ms.forms[tok]) > 0 }

// find returns the IDs of the masters named in m, in order of mention. The client's own name
// in its plain form («меня зовут Ольга», «Ольга, 8913…») is not a master.
func (ms masters) find(m *message, client string) []string {
	if len(ms.forms) == 0 {
		return nil
	}
	own := ""
	if f := strings.Fields(Normalize(client)); len(f) > 0 {
		own = f[0]
	}
	var ids []string
	for i, t := range m.toks {
		if t == own && ms.base[t] {
			continue
		}
		if i > 0 && nameIntroWords[m.toks[i-1]] && ms.base[t] {
			continue // «я Ольга», «зовут Ольга»
		}
		for _, id := range ms.forms[t] {
			if !containsString(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// nameIntroWords come right before a client naming themself.
var nameIntroWords = setOf(`я это зовут имя`)

func containsString(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func isLetters(w string) bool {
	for _, r := range w {
		if !isCyrillic(r) && (r < 'a' || r > 'z') {
			return false
		}
	}
	return true
}

// nameForms returns the case forms of a Russian first name or surname in lower case: «ольга» →
// ольга ольги ольге ольгу ольгой ольгою; «мария» → марии марию марией; «иван» → ивана ивану
// иваном иване; «игорь» → игоря игорю игорем игоре; «петрова» → петровой петрову. It may
// produce a form the word does not have; that costs nothing.
func nameForms(w string) []string {
	rs := []rune(w)
	n := len(rs)
	last := rs[n-1]
	stem := string(rs[:n-1])
	var prev rune
	if n > 1 {
		prev = rs[n-2]
	}
	sibilant := strings.ContainsRune("жшчщц", prev)
	velar := strings.ContainsRune("гкх", prev)
	forms := []string{w}
	switch {
	case last == 'а':
		// Also a surname: «Петрова» → «Петровой», «Петрову».
		gen, ins, ins2 := "ы", "ой", "ою"
		if velar || sibilant {
			gen = "и"
		}
		if sibilant {
			ins, ins2 = "ей", "ею"
		}
		forms = append(forms, stem+gen, stem+"е", stem+"у", stem+ins, stem+ins2)
	case last == 'я' && prev == 'и':
		forms = append(forms, stem+"и", stem+"ю", stem+"ей", stem+"ею")
	case last == 'я':
		forms = append(forms, stem+"и", stem+"е", stem+"ю", stem+"ей", stem+"ею")
	case last == 'й':
		forms = append(forms, stem+"я", stem+"ю", stem+"ем", stem+"е")
	case last == 'ь':
		forms = append(forms, stem+"я", stem+"ю", stem+"ем", stem+"е", stem+"и", stem+"ью")
	case last == 'о' || last == 'е' || last == 'и' || last == 'у' || last == 'ю' || last == 'ы':
		// Indeclinable («Рено», «Мари»).
	case isCyrillic(last):
		ins := "ом"
		if strings.ContainsRune("жшчщц", last) {
			ins = "ем"
		}
		forms = append(forms, w+"а", w+"у", w+ins, w+"е")
		if strings.HasSuffix(w, "ов") || strings.HasSuffix(w, "ев") || strings.HasSuffix(w, "ин") {
			forms = append(forms, w+"ым") // «Петровым»
		}
	}
	return forms
}

// diminutives are the everyday short forms of common Russian first names: clients write «к
// Оле», «у Маши».
var diminutives = map[string][]string{
	"ольга": {"оля", "олечка", "оленька"}, "анна": {"аня", "анечка", "анюта"},
	"мария": {"маша", "машенька"}, "екатерина": {"катя", "катюша", "катенька"},
	"наталья": {"наташа"}, "наталия": {"наташа"}, "татьяна": {"таня", "танечка"},
	"елена": {"лена", "леночка"}, "александра": {"саша"}, "александр": {"саша"},
	"анастасия": {"настя", "настенька"}, "светлана": {"света", "светочка"},
	"юлия": {"юля", "юлечка"}, "ирина": {"ира", "ирочка"}, "дарья": {"даша"},
	"ксения": {"ксюша"}, "евгения": {"женя"}, "евгений": {"женя"}, "виктория": {"вика"},
	"валентина": {"валя"}, "марина": {"мариночка"}, "людмила": {"люда", "мила"},
	"галина": {"галя"}, "надежда": {"надя"}, "любовь": {"люба"}, "алена": {"аленка"},
	"полина": {"поля"}, "софия": {"соня"}, "софья": {"соня"}, "кристина": {"кристиночка"},
	"дмитрий": {"дима"}, "сергей": {"сережа"}, "алексей": {"леша"}, "михаил": {"миша"},
	"иван": {"ваня"}, "владимир": {"вова", "володя"}, "андрей": {"андрюша"}, "павел": {"паша"},
	"николай": {"коля"}, "максим": {"макс"}, "артем": {"тема"}, "роман": {"рома"},
	"константин": {"костя"}, "юрий": {"юра"}, "олеся": {"леся"}, "вероника": {"ника"},
	"диана": {"дианочка"}, "алина": {"алиночка"}, "милена": {"мила"},
}
