package intents

import "strings"

// Negation: «не хочу записываться» is not a booking, «не смогу прийти» is a cancellation, «перенос
// не нужен» is not a request to move. negations marks the tokens a «не» covers; a rule word
// matches a covered token only when its pattern says «не» before it (see Rule).
//
// The scope of «не» is the next word; when that word is a modal («хочу», «смогу», «надо»,
// «получится»…) it runs on to the verb it governs (the first infinitive within a few words, or
// else the next two words), stopping at a conjunction, another modal or a request («не смогу
// сегодня, отмените»); and «не нужен», «не надо», «не буду» after a noun or an infinitive
// cover that word instead («отменять не буду», «перенос не нужен»).

// negModals extend the scope of a «не» before them.
var negModals = setOf(`хочу хочет хотим хотите хотела хотел хотели хочется буду будем будет
	могу можем может сможем смогу сможет смогла смогли получится получилось получиться выйдет
	надо нужно нужен нужна нужны нужно стоит собираюсь собираемся планирую планируем успею
	успеваю успеем успеваем стану станем желаю требуется`)

// negAfter are the modals that, after «не», also cover the word before the «не».
var negAfter = setOf(`нужен нужна нужно нужны надо буду будем хочу хотим требуется стоит`)

// negStops end a scope.
var negStops = setOf(`а но и или да нет давайте давай лучше зато потому так если тогда просто
	только ли`)

// negPronouns before «не» are its subject, not what it denies («мне не надо»).
var negPronouns = setOf(`меня мне нам вам тебе ему ей им они она оно это этого тогда сейчас пока
	уже еще точно вообще сегодня завтра просто`)

// negScopeMax is how far a modal's scope may look for its verb.
const negScopeMax = 5

// negations returns, for each token, whether a «не» covers it. The «не» itself is not covered.
func negations(toks []string) []bool {
	var neg []bool
	for i, t := range toks {
		if t != "не" || i+1 >= len(toks) {
			continue
		}
		if neg == nil {
			neg = make([]bool, len(toks))
		}
		next := toks[i+1]
		if negStops[next] || next == "не" {
			continue
		}
		neg[i+1] = true
		if negAfter[next] && i > 0 && runeLen(toks[i-1]) >= 4 && !negPronouns[toks[i-1]] && !negStops[toks[i-1]] {
			neg[i-1] = true // «перенос не нужен»: the scope is the word before
			continue
		}
		if !negModals[next] {
			continue
		}
		// The modal's verb: the first infinitive within reach, or else the next two words.
		end := i + 1
		for k := i + 2; k < len(toks) && k <= i+1+negScopeMax; k++ {
			if negStops[toks[k]] || negModals[toks[k]] || toks[k] == "не" || imperativeLike(toks[k]) {
				break
			}
			if infinitiveLike(toks[k]) {
				end = k
				break
			}
			if k <= i+3 {
				end = k
			}
		}
		for k := i + 2; k <= end; k++ {
			neg[k] = true
		}
	}
	return neg
}

// imperativeLike reports whether a word reads as a polite imperative («отмените»,
// «перенесите»): a new request, outside the scope of a «не» before it.
func imperativeLike(w string) bool {
	return (strings.HasSuffix(w, "ите") || strings.HasSuffix(w, "йте")) && len(w) > 8
}

// infinitiveLike reports whether a word reads as an infinitive («прийти», «записываться»).
func infinitiveLike(w string) bool {
	for _, end := range []string{"ть", "ться", "ти", "тись", "чь", "чься"} {
		if strings.HasSuffix(w, end) && len(w) > len(end)+2 {
			return true
		}
	}
	return false
}
