//! Masking personal contact data in comments: e-mail addresses and phone numbers (seven
//! or more digits, with spaces, dashes, dots, parentheses and a leading +, as written in
//! Brazil, Russia and English-speaking countries) become "•••". Dates ("12.03.2024",
//! "2024-03-12") and prices ("R$ 1.250.000,00", "1 500 000 ₽") are left as they are.
//! One pass each, linear in the text.

/// What a masked address or number becomes.
pub const MASK: &str = "•••";
/// Digits from which a run of them is a phone number.
const MIN_PHONE_DIGITS: usize = 7;

/// `text` with its e-mail addresses and phone numbers masked.
pub fn mask(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let without_emails = emails(&chars);
    phones(&without_emails).into_iter().collect()
}

fn is_local(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

fn is_domain(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

fn emails(chars: &[char]) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c == '@' {
            // The local part is what `out` ends with; the domain what follows.
            let local = out.iter().rev().take_while(|c| is_local(**c)).count();
            let mut end = i + 1;
            while chars.get(end).is_some_and(|c| is_domain(*c)) {
                end += 1;
            }
            while end > i + 1 && chars.get(end - 1).is_some_and(|c| matches!(c, '.' | '-')) {
                end -= 1;
            }
            let domain: String = chars.get(i + 1..end).map(|d| d.iter().collect()).unwrap_or_default();
            let tld_ok =
                domain.rsplit('.').next().is_some_and(|t| t.chars().count() >= 2 && t.chars().all(char::is_alphabetic));
            let labels_ok = domain.contains('.') && domain.split('.').all(|l| !l.is_empty());
            if local > 0 && tld_ok && labels_ok {
                out.truncate(out.len() - local);
                out.extend(MASK.chars());
                i = end;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The length of a date written at `chars[i..]` ("12.03.2024", "1/3/24", "2024-03-12").
fn date_len(chars: &[char], i: usize) -> Option<usize> {
    let digits = |from: usize| chars.iter().skip(from).take_while(|c| c.is_ascii_digit()).count();
    let a = digits(i);
    let sep = *chars.get(i + a)?;
    if !matches!(sep, '.' | '/' | '-') {
        return None;
    }
    let b = digits(i + a + 1);
    if chars.get(i + a + 1 + b) != Some(&sep) {
        return None;
    }
    let c = digits(i + a + b + 2);
    let shape = (a == 4 && (1..=2).contains(&b) && (1..=2).contains(&c))
        || ((1..=2).contains(&a) && (1..=2).contains(&b) && (c == 2 || c == 4));
    shape.then_some(a + b + c + 2)
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '₽' | '¥' | '₴' | '₸')
}

/// Whether the run of digits ending before `chars[end..]` is a price: a decimal comma
/// after it, or a currency sign or word after it.
fn price_after(chars: &[char], end: usize) -> bool {
    let rest: String = chars.iter().skip(end).take(8).collect();
    let rest = rest.to_lowercase();
    if rest.starts_with(',') && rest.chars().nth(1).is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    let rest = rest.trim_start();
    rest.starts_with(is_currency)
        || ["руб", "р.", "reais", "rub", "usd", "eur", "brl"].iter().any(|w| rest.starts_with(w))
}

/// Whether `out` ends with a currency sign (and spaces): the number after it is a price.
fn price_before(out: &[char]) -> bool {
    out.iter().rev().find(|c| !c.is_whitespace()).is_some_and(|c| is_currency(*c))
}

fn phones(chars: &[char]) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let starts = c.is_ascii_digit() || c == '+' || c == '(';
        let after_word = i > 0 && chars.get(i - 1).is_some_and(|p| p.is_alphanumeric() || *p == '•');
        if !starts || after_word {
            out.push(c);
            i += 1;
            continue;
        }
        if let Some(len) = date_len(chars, i) {
            out.extend(chars.iter().skip(i).take(len));
            i += len;
            continue;
        }
        // The run: digits and the marks phones are written with, single spaces.
        let mut end = i + 1;
        while let Some(&n) = chars.get(end) {
            let ok = n.is_ascii_digit()
                || matches!(n, '-' | '.' | '(' | ')')
                || (n == ' ' && chars.get(end + 1).is_some_and(|m| m.is_ascii_digit() || *m == '(' || *m == '-'));
            if !ok {
                break;
            }
            end += 1;
        }
        while end > i && chars.get(end - 1).is_some_and(|c| !c.is_ascii_digit()) {
            end -= 1;
        }
        let run = chars.get(i..end).unwrap_or_default();
        let digits = run.iter().filter(|c| c.is_ascii_digit()).count();
        let glued = chars.get(end).is_some_and(|n| n.is_alphanumeric());
        if digits >= MIN_PHONE_DIGITS && !glued && !price_before(&out) && !price_after(chars, end) {
            out.extend(MASK.chars());
        } else {
            // Not a phone: the whole run stays (its tail is no phone either).
            out.extend(run.iter());
            if run.is_empty() {
                out.push(c);
                end = i + 1;
            }
        }
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_masked_in_brazilian_russian_and_english_forms() {
        for phone in [
            "(11) 98765-4321",
            "+55 11 98765-4321",
            "+55 (11) 98765-4321",
            "11987654321",
            "98765-4321",
            "+7 (916) 123-45-67",
            "8 916 123 45 67",
            "8-916-123-45-67",
            "89161234567",
            "+1 (555) 123-4567",
            "555-123-4567",
            "555.123.4567",
            "+44 20 7946 0958",
        ] {
            let text = format!("Liguei no {phone} e ninguém atendeu");
            assert_eq!(mask(&text), "Liguei no ••• e ninguém atendeu", "{phone}");
            assert_eq!(mask(phone), MASK, "{phone}");
        }
        assert_eq!(mask("Звонила на +7 916 123-45-67, не дозвонилась"), "Звонила на •••, не дозвонилась");
        assert_eq!(mask("call me at 555-123-4567."), "call me at •••.");
    }

    #[test]
    fn emails_are_masked() {
        assert_eq!(mask("escreva para maria.silva+spa@clinica.com.br."), "escreva para •••.");
        assert_eq!(mask("ivan_petrov@mail.ru пишите"), "••• пишите");
        assert_eq!(mask("(john@example.org)"), "(•••)");
        assert_eq!(mask("a@b and x@y.z and @home"), "a@b and x@y.z and @home");
    }

    #[test]
    fn dates_prices_scores_and_times_are_left_alone() {
        for text in [
            "Atendida em 12.03.2024, nota 10",
            "Visita 2024-03-12 às 14:30",
            "Em 12/03/2024 paguei R$ 150,00",
            "Paguei R$ 1.250.000,00 no pacote",
            "Стоило 1 500 000 ₽, дорого",
            "Стоило 1 500 000 руб.",
            "Nota 4,5 de 5; esperei 45 minutos",
            "Оценка 5/5, ждала 20 минут",
            "Scored 9/10, waited 1 hour",
            "Приём 01.02.2024 в 10:00",
            "Protocolo A1234567890",
        ] {
            assert_eq!(mask(text), text);
        }
        assert_eq!(mask("Em 12.03.2024 liguei (11) 98765-4321"), "Em 12.03.2024 liguei •••");
    }
}
