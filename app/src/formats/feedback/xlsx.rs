//! XLSX workbooks: the first sheet, read cell by cell with calamine (never as a dense
//! range, whose size a hostile file sets), into a [`Table`] whose lines are the sheet's
//! row numbers. Dates become `yyyy-mm-dd`, numbers text without float noise. A workbook
//! that inflates beyond [`MAX_INFLATED`] is refused before calamine opens it.

use super::text::cut_bytes;
use super::{FileError, Table, MAX_CELL, MAX_COLUMNS};
use crate::domain::feedback::{MAX_FILE, MAX_ROWS};
use calamine::{DataRef, Reader, Xlsx};
use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};

/// Bytes a workbook's parts may inflate to, all together.
pub const MAX_INFLATED: u64 = 8 * MAX_FILE as u64;

pub fn read(bytes: &[u8]) -> Result<Table, FileError> {
    check_inflated(bytes)?;
    // calamine is a third-party parser fed hostile input: a panic in it is a file we
    // cannot read, not a crash (the server's release profile unwinds).
    let rows = std::panic::catch_unwind(|| first_sheet(bytes)).map_err(|_| FileError::Unreadable)??;
    let mut rows = rows.into_iter().filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()));
    let (_, headers) = rows.next().ok_or(FileError::NoHeader)?;
    let headers: Vec<String> = headers.into_iter().map(|h| h.trim().to_owned()).collect();
    // A sheet stores no empty cells: every row is as wide as the header at least.
    let width = headers.len();
    let rows = rows.map(|(line, mut r)| {
        if r.len() < width {
            r.resize(width, String::new());
        }
        (line, r)
    });
    Ok(Table { format: "xlsx", encoding: "UTF-8", headers, rows: rows.collect() })
}

/// Inflates every part of the workbook once, counting, and stops past [`MAX_INFLATED`]
/// bytes: the sizes a zip declares may lie, and calamine holds the shared strings in
/// memory. Linear in what is inflated, which is bounded.
fn check_inflated(bytes: &[u8]) -> Result<(), FileError> {
    check_inflated_to(bytes, MAX_INFLATED)
}

fn check_inflated_to(bytes: &[u8], max: u64) -> Result<(), FileError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileError::Unreadable)?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|_| FileError::Unreadable)?;
        let left = max.saturating_sub(total);
        let read = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink()).map_err(|_| FileError::Unreadable)?;
        total += read;
        if total > max {
            return Err(FileError::TooLarge { max_bytes: MAX_FILE });
        }
    }
    Ok(())
}

/// The first sheet's non-empty rows by row number (1-based), cells by column.
fn first_sheet(bytes: &[u8]) -> Result<BTreeMap<usize, Vec<String>>, FileError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| FileError::Unreadable)?;
    let name = book.sheet_names().into_iter().next().ok_or(FileError::NoHeader)?;
    let mut cells = book.worksheet_cells_reader(&name).map_err(|_| FileError::Unreadable)?;
    let mut rows: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    while let Some(cell) = cells.next_cell().map_err(|_| FileError::Unreadable)? {
        let text = value(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        let (row, col) = cell.get_position();
        let (row, col) = (row as usize + 1, col as usize);
        if col >= MAX_COLUMNS {
            return Err(FileError::TooManyColumns { max_columns: MAX_COLUMNS });
        }
        // The header and MAX_ROWS rows.
        if !rows.contains_key(&row) && rows.len() > MAX_ROWS {
            return Err(FileError::TooManyRows { max_rows: MAX_ROWS });
        }
        let r = rows.entry(row).or_default();
        if r.len() <= col {
            r.resize(col + 1, String::new());
        }
        if let Some(slot) = r.get_mut(col) {
            *slot = cut_bytes(&text, MAX_CELL).to_owned();
        }
    }
    Ok(rows)
}

/// A cell as text: dates `yyyy-mm-dd`, numbers without float noise.
fn value(v: &DataRef<'_>) -> String {
    match v {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number(*f),
        DataRef::String(s) => cut_bytes(s, MAX_CELL).to_owned(),
        DataRef::SharedString(s) => cut_bytes(s, MAX_CELL).to_owned(),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) if d.is_datetime() => {
            d.as_datetime().map_or_else(|| number(d.as_f64()), |t| t.date().format("%Y-%m-%d").to_string())
        }
        DataRef::DateTime(d) => number(d.as_f64()),
        DataRef::DateTimeIso(s) => {
            match s.get(..10).and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()) {
                Some(d) => d.format("%Y-%m-%d").to_string(),
                None => cut_bytes(s, MAX_CELL).to_owned(),
            }
        }
        DataRef::DurationIso(s) => cut_bytes(s, MAX_CELL).to_owned(),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// A number as people write it: "4", "4.5", "0.3" (not "0.30000000000000004").
pub(super) fn number(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 1e15 {
        return format!("{}", f as i64);
    }
    let s = format!("{f:.10}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of_zeros(len: usize) -> Vec<u8> {
        use std::io::Write as _;
        let mut out = Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let written = zip
            .start_file("xl/sharedStrings.xml", options)
            .and_then(|()| zip.write_all(&vec![b'0'; len]).map_err(Into::into))
            .and_then(|()| zip.finish().map(|_| ()));
        assert!(written.is_ok(), "{written:?}");
        out.into_inner()
    }

    #[test]
    fn a_workbook_is_refused_by_what_its_parts_inflate_to() {
        let bomb = zip_of_zeros(1 << 20);
        assert!(bomb.len() < 16 * 1024, "{}", bomb.len());
        assert_eq!(check_inflated_to(&bomb, 64 * 1024), Err(FileError::TooLarge { max_bytes: MAX_FILE }));
        assert_eq!(check_inflated_to(&bomb, 2 << 20), Ok(()));
        assert_eq!(read(&bomb), Err(FileError::Unreadable), "inflates within bounds, but is no workbook");
    }

    #[test]
    fn numbers_lose_their_float_noise() {
        assert_eq!(number(4.0), "4");
        assert_eq!(number(4.5), "4.5");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(5511987654321.0), "5511987654321");
        assert_eq!(number(-2.25), "-2.25");
        assert_eq!(number(f64::NAN), "");
    }
}
