//! Bytes → [`Table`]: the format from the content (a zip is a workbook, anything else
//! delimited text), the text's encoding, its delimiter, and the bounds of a feedback file.

use super::text::cut_bytes;
use super::{xlsx, FileError, Table, MAX_CELL, MAX_COLUMNS};
use crate::domain::feedback::{MAX_FILE, MAX_ROWS};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1251, WINDOWS_1252};

/// The delimiters a text file may use, in the order that breaks a tie.
const DELIMITERS: [u8; 4] = [b';', b',', b'\t', b'|'];
/// Bytes of text the delimiter is sniffed from, and records looked at.
const SNIFF_BYTES: usize = 64 * 1024;
const SNIFF_RECORDS: usize = 20;

pub fn read(bytes: &[u8], file_name: &str) -> Result<Table, FileError> {
    if bytes.len() > MAX_FILE {
        return Err(FileError::TooLarge { max_bytes: MAX_FILE });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(FileError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return xlsx::read(bytes);
    }
    let (text, encoding) = decode(bytes)?;
    delimited(&text, encoding, file_name)
}

/// The text of a delimited file and its encoding's name. A BOM says UTF-8 or UTF-16;
/// else valid UTF-8 is UTF-8, and anything else Windows-1251 or -1252 by its letters.
/// Text with NUL or many control characters is not a text file.
fn decode(bytes: &[u8]) -> Result<(String, &'static str), FileError> {
    let (text, name) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (String::from_utf8_lossy(rest).into_owned(), "UTF-8")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (decode_with(UTF_16LE, rest), "UTF-16LE")
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (decode_with(UTF_16BE, rest), "UTF-16BE")
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_owned(), "UTF-8")
    } else if looks_cyrillic(bytes) {
        (decode_with(WINDOWS_1251, bytes), "windows-1251")
    } else {
        (decode_with(WINDOWS_1252, bytes), "windows-1252")
    };
    let control =
        text.chars().filter(|c| (c.is_control() && !matches!(c, '\t' | '\r' | '\n')) || *c == '\u{FFFD}').count();
    if text.contains('\0') || control * 100 > text.chars().count() {
        return Err(FileError::Unreadable);
    }
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    Ok((text, name))
}

/// Bytes the encoding has no character for become U+FFFD (a stray byte in an export is
/// no reason to refuse it; garbage fails the control-character check).
fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// Whether 8-bit text reads better as Windows-1251 than as -1252. Cyrillic words are
/// runs of bytes ≥ 0xC0 (and Ё/ё, 0xA8/0xB8); Latin accents sit between ASCII letters
/// ("Comentário", "avaliação"). Each high letter votes by its neighbours.
pub(super) fn looks_cyrillic(bytes: &[u8]) -> bool {
    let high = |b: u8| b >= 0xC0 || b == 0xA8 || b == 0xB8;
    let (mut cyrillic, mut latin) = (0usize, 0usize);
    for (i, &b) in bytes.iter().enumerate() {
        if !high(b) {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|p| bytes.get(p)).copied();
        let next = bytes.get(i + 1).copied();
        let ascii = |n: Option<u8>| n.is_some_and(|n| n.is_ascii_alphabetic());
        let cyr = |n: Option<u8>| n.is_some_and(high);
        if ascii(prev) || ascii(next) {
            latin += 1;
        } else if cyr(prev) || cyr(next) {
            cyrillic += 1;
        }
    }
    cyrillic > latin
}

/// The delimiter whose records over the first lines have the same number of fields as
/// the first one (more of them consistent, then more fields, then the file name's hint).
fn sniff(text: &str, file_name: &str) -> u8 {
    let sample = cut_bytes(text, SNIFF_BYTES);
    let truncated = sample.len() < text.len();
    let tab_hint = file_name.to_ascii_lowercase().ends_with(".tsv");
    let mut best = (b',', 0usize, 0usize, false);
    for d in DELIMITERS {
        let mut reader = builder(d).from_reader(sample.as_bytes());
        let mut counts: Vec<usize> = Vec::new();
        for record in reader.records().take(SNIFF_RECORDS + 1) {
            let Ok(record) = record else { break };
            if record.len() == 1 && record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            counts.push(record.len());
        }
        if truncated && counts.len() > SNIFF_RECORDS {
            counts.pop();
        }
        counts.truncate(SNIFF_RECORDS);
        let Some(&first) = counts.first() else { continue };
        if first < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|&&n| n == first).count() * 1000 / counts.len();
        let hinted = tab_hint && d == b'\t';
        let (_, best_consistent, best_fields, best_hinted) = best;
        if (consistent, first, hinted) > (best_consistent, best_fields, best_hinted) {
            best = (d, consistent, first, hinted);
        }
    }
    best.0
}

fn builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut b = csv::ReaderBuilder::new();
    b.delimiter(delimiter).has_headers(false).flexible(true);
    b
}

/// A record's cells, each cut at [`MAX_CELL`]; empty cells past [`MAX_COLUMNS`] are
/// dropped (exports pad with delimiters), a filled one there is refused.
fn cells<'a>(record: impl Iterator<Item = &'a str>) -> Result<Vec<String>, FileError> {
    let mut out: Vec<String> = Vec::new();
    for cell in record {
        if out.len() >= MAX_COLUMNS {
            if cell.trim().is_empty() {
                continue;
            }
            return Err(FileError::TooManyColumns { max_columns: MAX_COLUMNS });
        }
        out.push(cut_bytes(cell, MAX_CELL).to_owned());
    }
    Ok(out)
}

fn delimited(text: &str, encoding: &'static str, file_name: &str) -> Result<Table, FileError> {
    let delimiter = sniff(text, file_name);
    let mut reader = builder(delimiter).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let bytes = text.as_bytes();
    let (mut line, mut counted) = (1usize, 0usize);
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => return Err(FileError::Unreadable),
        }
        // The line a record starts on (a quoted cell may span lines). The csv crate's
        // position is where its read began, before the line ends it skipped, so count
        // the newlines up to the record's first byte, on from the last record's.
        let from = record.position().map_or(counted, |p| p.byte() as usize).max(counted);
        let rest = bytes.get(from..).unwrap_or_default();
        let start = from + rest.iter().take_while(|b| matches!(b, b'\r' | b'\n')).count();
        line += bytes.get(counted..start).map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count());
        counted = start;
        let row = cells(record.iter())?;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if headers.is_none() {
            let mut h: Vec<String> = row.into_iter().map(|h| h.trim().to_owned()).collect();
            let filled = h.iter().rposition(|c| !c.is_empty()).map_or(0, |i| i + 1);
            h.truncate(filled);
            headers = Some(h);
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(FileError::TooManyRows { max_rows: MAX_ROWS });
        }
        rows.push((line, row));
    }
    let headers = headers.ok_or(FileError::NoHeader)?;
    let format = if delimiter == b'\t' { "tsv" } else { "csv" };
    Ok(Table { format, encoding, headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_one_with_consistent_fields() {
        assert_eq!(sniff("Data;Nota;Comentário\n01/02/2024;4,5;Bom, gostei\n", "x.csv"), b';');
        assert_eq!(sniff("Date,Score,Comment\n2024-01-02,4,\"Fine; thanks\"\n", "x.csv"), b',');
        assert_eq!(sniff("Date\tScore\n2024-01-02\t4\n", "x.txt"), b'\t');
        assert_eq!(sniff("Date|Score|Comment\n2024-01-02|4|ok, ok\n", "x.txt"), b'|');
    }

    #[test]
    fn windows_1251_and_1252_are_told_apart_by_their_letters() {
        let (ru, _, _) = WINDOWS_1251.encode("Дата;Оценка;Отзыв\n01.02.2024;5;Всё хорошо");
        let (pt, _, _) = WINDOWS_1252.encode("Data;Nota;Comentário\n01/02/2024;5;Atenção ótima");
        assert!(looks_cyrillic(&ru));
        assert!(!looks_cyrillic(&pt));
    }

    #[test]
    fn garbage_and_binary_are_unreadable() {
        assert_eq!(decode(b"a,b\n\0\0\0\x01\x02"), Err(FileError::Unreadable));
        assert_eq!(read(b"  \n\r\n", "x.csv"), Err(FileError::Empty));
        assert_eq!(read(b"", "x.csv"), Err(FileError::Empty));
        assert_eq!(read(b"PK\x03\x04garbage", "x.xlsx"), Err(FileError::Unreadable));
    }
}
