//! Dates, times and whole numbers in the reader's language: "1 Dec 2026", "1 de dez. de
//! 2026", "1 дек. 2026 г."; "12,345", "12.345", "12 345". Times are the server's (UTC), so
//! the page the server renders and the one the browser hydrates say the same.

use super::{Locale, Messages};
use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_PT: [&str; 12] =
    ["jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."];
/// Russian months after a day number take the genitive ("1 мая").
const MONTHS_RU: [&str; 12] =
    ["янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.", "дек."];

impl Messages {
    /// A day: "1 Dec 2026", "1 de dez. de 2026", "1 дек. 2026 г.".
    pub fn date(&self, d: NaiveDate) -> String {
        let (day, month, year) = (d.day(), d.month0() as usize, d.year());
        match self.locale {
            Locale::En => format!("{day} {} {year}", MONTHS_EN[month]),
            Locale::PtBr => format!("{day} de {} de {year}", MONTHS_PT[month]),
            Locale::Ru => format!("{day} {} {year} г.", MONTHS_RU[month]),
        }
    }

    /// A moment, to the minute, in UTC: "1 Dec 2026, 14:05 UTC" (and so on).
    pub fn date_time(&self, at: DateTime<Utc>) -> String {
        format!("{}, {:02}:{:02} UTC", self.date(at.date_naive()), at.hour(), at.minute())
    }

    /// A whole number with the language's thousands separator: "12,345", "12.345",
    /// "12 345" (a no-break space, as Russian typesetting has it).
    pub fn count(&self, n: u64) -> String {
        let sep = match self.locale {
            Locale::En => ",",
            Locale::PtBr => ".",
            Locale::Ru => "\u{a0}",
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(sep);
            }
            out.push(c);
        }
        out
    }

    /// A measured value as entered, with the language's decimal mark: "4.25", "4,25";
    /// whole numbers without a fraction ("92"). Not grouped, so it reads back as typed.
    pub fn number(&self, x: f64) -> String {
        let s = format!("{x}");
        match self.locale {
            Locale::En => s,
            Locale::PtBr | Locale::Ru => s.replace('.', ","),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().and_hms_opt(h, min, 0).unwrap().and_utc()
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(Locale::En.messages().date(d), "1 Dec 2026");
        assert_eq!(Locale::PtBr.messages().date(d), "1 de dez. de 2026");
        assert_eq!(Locale::Ru.messages().date(d), "1 дек. 2026 г.");
        let may = NaiveDate::from_ymd_opt(2027, 5, 9).unwrap();
        assert_eq!(Locale::Ru.messages().date(may), "9 мая 2027 г.", "the genitive");
        assert_eq!(Locale::PtBr.messages().date(may), "9 de mai. de 2027");
    }

    #[test]
    fn times_are_to_the_minute_in_utc() {
        let t = at(2026, 1, 31, 9, 5);
        assert_eq!(Locale::En.messages().date_time(t), "31 Jan 2026, 09:05 UTC");
        assert_eq!(Locale::PtBr.messages().date_time(t), "31 de jan. de 2026, 09:05 UTC");
        assert_eq!(Locale::Ru.messages().date_time(t), "31 янв. 2026 г., 09:05 UTC");
    }

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(Locale::En.messages().count(0), "0");
        assert_eq!(Locale::En.messages().count(999), "999");
        assert_eq!(Locale::En.messages().count(1_000), "1,000");
        assert_eq!(Locale::PtBr.messages().count(1_234_567), "1.234.567");
        assert_eq!(Locale::Ru.messages().count(12_345), "12\u{a0}345");
    }

    #[test]
    fn numbers_keep_their_digits_and_take_the_languages_mark() {
        assert_eq!(Locale::En.messages().number(4.25), "4.25");
        assert_eq!(Locale::PtBr.messages().number(4.25), "4,25");
        assert_eq!(Locale::Ru.messages().number(-0.5), "-0,5");
        assert_eq!(Locale::Ru.messages().number(92.0), "92");
    }

    #[test]
    fn decimals_take_the_languages_comma() {
        assert_eq!(Locale::En.messages().decimal(2.94), "2.9");
        assert_eq!(Locale::PtBr.messages().decimal(2.94), "2,9");
        assert_eq!(Locale::Ru.messages().decimal(-0.26), "-0,3");
    }
}
