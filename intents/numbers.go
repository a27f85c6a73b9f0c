package intents

// Number words as clients write them: cardinals in the nominative and genitive ("три", "трех",
// "к шести"), and ordinals for days of the month and for "половина третьего".

var cardinals = map[string]int{
	"ноль": 0, "нуль": 0,
	"один": 1, "одна": 1, "одно": 1, "одного": 1, "одной": 1, "одну": 1,
	"два": 2, "две": 2, "двух": 2,
	"три": 3, "трех": 3,
	"четыре": 4, "четырех": 4,
	"пять": 5, "пяти": 5,
	"шесть": 6, "шести": 6,
	"семь": 7, "семи": 7,
	"восемь": 8, "восьми": 8,
	"девять": 9, "девяти": 9,
	"десять": 10, "десяти": 10,
	"одиннадцать": 11, "одиннадцати": 11,
	"двенадцать": 12, "двенадцати": 12,
	"тринадцать": 13, "тринадцати": 13,
	"четырнадцать": 14, "четырнадцати": 14,
	"пятнадцать": 15, "пятнадцати": 15,
	"шестнадцать": 16, "шестнадцати": 16,
	"семнадцать": 17, "семнадцати": 17,
	"восемнадцать": 18, "восемнадцати": 18,
	"девятнадцать": 19, "девятнадцати": 19,
	"двадцать": 20, "двадцати": 20,
	"тридцать": 30, "тридцати": 30,
	"сорок": 40, "сорока": 40,
	"пятьдесят": 50, "пятидесяти": 50,
	"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
	"nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
	"forty": 40, "fifty": 50,
}

// ordinals maps ordinal words ("пятое", "пятого", "третьего", "двадцатое") to their value.
var ordinals = func() map[string]int {
	stems := map[string]int{
		"перв": 1, "втор": 2, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
		"девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13,
		"четырнадцат": 14, "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17,
		"восемнадцат": 18, "девятнадцат": 19, "двадцат": 20, "тридцат": 30,
	}
	m := map[string]int{}
	for stem, v := range stems {
		for _, end := range []string{"ое", "ого", "ому", "ой", "ый", "ым", "ом", "ая", "ую"} {
			m[stem+end] = v
		}
	}
	for _, end := range []string{"ье", "ьего", "ьему", "ий", "ья", "ью", "ьей", "ьим", "ьем"} {
		m["трет"+end] = 3
	}
	for k, v := range map[string]int{"first": 1, "second": 2, "third": 3} {
		m[k] = v
	}
	return m
}()

// number reads a number at toks[i]: digits, or cardinal words with an optional tens part
// ("двадцать пять"). It returns the value and how many tokens it used.
func number(toks []string, i int) (v, n int, ok bool) {
	if i >= len(toks) {
		return 0, 0, false
	}
	if v, ok := atoi(toks[i]); ok {
		return v, 1, true
	}
	v, ok = cardinals[toks[i]]
	if !ok {
		return 0, 0, false
	}
	if v >= 20 && v%10 == 0 && i+1 < len(toks) {
		if u, ok := cardinals[toks[i+1]]; ok && u >= 1 && u <= 9 {
			return v + u, 2, true
		}
	}
	return v, 1, true
}

// ordinal reads an ordinal at toks[i]: "пятое", "двадцать пятое", "тридцать первого".
func ordinal(toks []string, i int) (v, n int, ok bool) {
	if i >= len(toks) {
		return 0, 0, false
	}
	if v, ok := ordinals[toks[i]]; ok {
		return v, 1, true
	}
	tens, ok := cardinals[toks[i]]
	if !ok || (tens != 20 && tens != 30) || i+1 >= len(toks) {
		return 0, 0, false
	}
	if u, ok := ordinals[toks[i+1]]; ok && u >= 1 && u <= 9 {
		return tens + u, 2, true
	}
	return 0, 0, false
}
