//! The reader on the fixture files (app/tests/fixtures/feedback, made up) and on hostile
//! input: each file read, recognised and turned into entries and bad rows as a user
//! would see them in the preview.

use super::*;
use crate::domain::feedback::{RowProblem, Scale, MAX_FILE, MAX_ROWS};
use crate::domain::{Card, CardId, Lane, LaneId, LaneKind, MapId, OrderKey, Stage, StageId};
use chrono::NaiveDate;
use proptest::prelude::*;

const CLINICA_PT: &[u8] = include_bytes!("../../../tests/fixtures/feedback/clinica_pt.csv");
const OTZYVY_RU: &[u8] = include_bytes!("../../../tests/fixtures/feedback/otzyvy_ru.csv");
const SURVEY_EN: &[u8] = include_bytes!("../../../tests/fixtures/feedback/survey_en.xlsx");
const FAR_CELL: &[u8] = include_bytes!("../../../tests/fixtures/feedback/far_cell.xlsx");
const EXPORT_TSV: &[u8] = include_bytes!("../../../tests/fixtures/feedback/export.tsv");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A map with these stages (ids s0, s1, …) and touchpoint cards (stage index, text, id);
/// a Steps lane holds a card "Telegram" in every stage, which is no touchpoint.
fn map(stages: &[&str], touchpoints: &[(usize, &str, &str)]) -> Map {
    let mut m = Map::new(MapId::from("m"), "Test");
    let keys = OrderKey::spread(stages.len());
    for (i, (title, order)) in stages.iter().zip(keys).enumerate() {
        let id = StageId(format!("s{i}"));
        m.stages.insert(
            id.clone(),
            Stage { id, title: title.to_string(), description: String::new(), duration: String::new(), order },
        );
    }
    let lane_keys = OrderKey::spread(2);
    for ((id, kind), order) in [("steps", LaneKind::Steps), ("tp", LaneKind::Touchpoints)].into_iter().zip(lane_keys) {
        m.lanes.insert(LaneId::from(id), Lane { id: LaneId::from(id), kind, title: id.to_owned(), order });
    }
    let card = |id: &str, lane: &str, stage: usize, text: &str| Card {
        author: None,
        id: CardId::from(id),
        lane: LaneId::from(lane),
        stage: StageId(format!("s{stage}")),
        order: OrderKey::after(None),
        text: text.to_owned(),
        colour: Default::default(),
        tags: Vec::new(),
        details: Default::default(),
    };
    for (stage, text, id) in touchpoints {
        m.cards.insert(CardId::from(*id), card(id, "tp", *stage, text));
    }
    for i in 0..stages.len() {
        let id = format!("step{i}");
        m.cards.insert(CardId::from(id.as_str()), card(&id, "steps", i, "Telegram"));
    }
    m
}

fn clinic() -> Map {
    map(
        &["Agendamento", "Recepção", "Consulta", "Procedimento", "Pós-atendimento"],
        &[(0, "WhatsApp", "whatsapp"), (0, "Telefone", "phone"), (1, "Balcão", "desk")],
    )
}

fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(v, t)| (v.to_string(), t.to_string())).collect()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

fn bad(line: usize, problem: RowProblem) -> BadRow {
    BadRow { line, problem }
}

fn value(v: &str) -> String {
    v.to_owned()
}

#[test]
fn a_portuguese_clinic_export_reads_with_its_bad_rows_listed() -> Result<(), FileError> {
    let table = read(CLINICA_PT, "clinica.csv")?;
    assert_eq!((table.format, table.encoding), ("csv", "UTF-8"));
    assert_eq!(table.headers.first().map(String::as_str), Some("Protocolo"), "the BOM is not part of the first header");
    let lines: Vec<usize> = table.rows.iter().map(|(l, _)| *l).collect();
    assert_eq!(
        lines,
        vec![2, 3, 4, 5, 6, 7, 10, 11, 12, 13],
        "the two-line comment starts on 7; the blank line 9 is skipped"
    );

    let guessed = guess(&table);
    assert_eq!(guessed.external_id, some("Protocolo"));
    assert_eq!((guessed.date.clone(), guessed.score.clone()), (some("Data"), some("Nota")));
    assert_eq!((guessed.comment.clone(), guessed.stage.clone()), (some("Comentário"), some("Serviço")));
    assert_eq!((guessed.touchpoint.clone(), guessed.client.clone()), (some("Canal"), some("Paciente")));
    assert_eq!(guessed.scale, Scale::Stars);

    let mapping = ColumnMapping {
        stage_values: values(&[("Limpeza de pele", "Procedimento"), ("Massagem relaxante", "procedimento")]),
        ..guessed.clone()
    };
    let (good, bad_rows) = entries(&table, &clinic(), &mapping, day(2025, 2, 1));
    assert_eq!(
        bad_rows,
        vec![
            bad(5, RowProblem::BadDate { value: value("32/01/2025") }),
            bad(6, RowProblem::OutOfScale { value: value("0") }),
            bad(11, RowProblem::UnknownStage { value: value("Depilação a laser") }),
            bad(12, RowProblem::UnknownTouchpoint { value: value("Telegram") }),
        ]
    );
    let ids: Vec<_> = good.iter().map(|e| e.external_id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, ["1001", "1002", "1003", "1006", "1007", "1010"]);
    let stages: Vec<&str> = good.iter().map(|e| e.stage.as_str()).collect();
    assert_eq!(stages, ["s0", "s1", "s3", "s4", "s3", "s3"], "service names mapped, case and spaces ignored");
    let scores: Vec<f64> = good.iter().map(|e| e.score).collect();
    assert_eq!(scores, [5.0, 3.5, 4.5, 2.0, 4.0, 5.0]);
    let [first, second, third, fourth, fifth, sixth] = good.as_slice() else { panic!("six entries") };
    assert_eq!(first.card, Some(CardId::from("whatsapp")));
    assert_eq!(second.card, Some(CardId::from("desk")));
    assert_eq!(first.date, day(2025, 1, 5));
    assert_eq!(first.norm, 2.0);
    assert_eq!(first.client, some("Ana Souza"));
    assert_eq!((first.source.as_str(), first.lang.clone(), first.persona.clone()), ("", None, None));
    assert_eq!(third.comment, "Ótimo resultado! Se precisar, me liguem no •••.");
    assert_eq!(fourth.comment, "Ninguém retornou\nminha mensagem. Escrevi para •••");
    assert_eq!(fifth.comment, "Paguei R$ 150,00 e valeu cada centavo.");
    assert_eq!(sixth.comment, "Atendimento impecável, volto em 12.03.2025.");

    let unmasked = ColumnMapping { mask: false, ..mapping.clone() };
    let (good, _) = entries(&table, &clinic(), &unmasked, day(2025, 2, 1));
    assert!(good.iter().any(|e| e.comment.contains("11 99876-5432")), "masking can be switched off");
    Ok(())
}

#[test]
fn the_preview_uses_the_saved_mapping_only_when_the_file_has_all_its_columns() -> Result<(), FileError> {
    let table = read(CLINICA_PT, "clinica.csv")?;
    let today = day(2025, 2, 1);
    let fresh = preview(&table, &clinic(), None, today);
    assert!(!fresh.saved);
    assert_eq!(fresh.mapping, guess(&table));
    assert_eq!(fresh.rows, 10);
    assert_eq!(fresh.sample.len(), crate::domain::feedback::PREVIEW_ROWS);
    assert_eq!(fresh.unmatched_stages, ["Limpeza de pele", "Massagem relaxante", "Depilação a laser"]);
    assert_eq!(fresh.bad_count, 6);
    assert_eq!((fresh.format.as_str(), fresh.encoding.as_str()), ("csv", "UTF-8"));

    let saved = ColumnMapping {
        stage_values: values(&[("LIMPEZA DE PELE", "Procedimento"), ("Massagem relaxante", "Procedimento")]),
        ..guess(&table)
    };
    let again = preview(&table, &clinic(), Some(&saved), today);
    assert!(again.saved);
    assert_eq!(again.mapping, saved);
    assert_eq!(again.unmatched_stages, ["Depilação a laser"]);
    assert_eq!(again.bad_count, 4);

    let other_file = ColumnMapping { comment: some("Observações"), ..saved };
    let fallback = preview(&table, &clinic(), Some(&other_file), today);
    assert!(!fallback.saved);
    assert_eq!(fallback.mapping, guess(&table));
    Ok(())
}

#[test]
fn a_russian_export_in_windows_1251_reads() -> Result<(), FileError> {
    let table = read(OTZYVY_RU, "otzyvy.csv")?;
    assert_eq!((table.format, table.encoding), ("csv", "windows-1251"));
    assert_eq!(table.headers, ["Дата", "Клиент", "Услуга", "Оценка", "Отзыв"]);
    let m = guess(&table);
    assert_eq!((m.date.clone(), m.client.clone(), m.stage.clone()), (some("Дата"), some("Клиент"), some("Услуга")));
    assert_eq!((m.score.clone(), m.comment.clone(), m.scale), (some("Оценка"), some("Отзыв"), Scale::Stars));
    let ru = map(&["Запись", "Консультация", "Процедура", "После визита"], &[]);
    let mapping = ColumnMapping { stage_values: values(&[("чистка лица", "ПРОЦЕДУРА")]), ..m };
    let (good, bad_rows) = entries(&table, &ru, &mapping, day(2025, 2, 15));
    assert_eq!(bad_rows, vec![bad(7, RowProblem::BadDate { value: value("31.02.2025") })]);
    assert_eq!(good.len(), 5);
    let dates: Vec<NaiveDate> = good.iter().map(|e| e.date).collect();
    assert_eq!(dates, [day(2025, 2, 3), day(2025, 2, 5), day(2025, 2, 7), day(2025, 2, 10), day(2025, 2, 12)]);
    assert!(good.iter().all(|e| e.lang.as_deref() == Some("ru")));
    assert_eq!(good.get(2).map(|e| e.comment.as_str()), Some("Ждал 30 минут, никто не предупредил. Перезвоните: •••"));
    assert_eq!(
        good.first().and_then(|e| e.client.clone()),
        some("+7 (916) 123-45-67"),
        "the client stays raw: the server hashes it"
    );
    assert_eq!(good.get(4).map(|e| e.stage.as_str()), Some("s2"));
    Ok(())
}

#[test]
fn an_english_workbook_reads_with_dates_and_numbers_as_text() -> Result<(), FileError> {
    let table = read(SURVEY_EN, "survey.xlsx")?;
    assert_eq!((table.format, table.encoding), ("xlsx", "UTF-8"));
    assert_eq!(
        table.headers,
        ["Response ID", "Submitted", "Customer email", "Stage", "Channel", "NPS", "Comments", "Segment"]
    );
    let lines: Vec<usize> = table.rows.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 3, 4, 5, 7], "the sheet's row numbers, the blank row skipped");
    let first = table.rows.first().map(|(_, r)| r.clone()).unwrap_or_default();
    assert_eq!(first.get(..3), Some(&[value("5001"), value("2025-03-01"), value("ann@example.com")][..]));
    assert_eq!(table.rows.get(4).and_then(|(_, r)| r.get(5)).map(String::as_str), Some("7.5"));
    assert_eq!(table.rows.get(1).map(|(_, r)| r.len()), Some(8), "empty cells are there, as in the header");

    let m = guess(&table);
    assert_eq!(
        (m.external_id.clone(), m.date.clone(), m.client.clone()),
        (some("Response ID"), some("Submitted"), some("Customer email"))
    );
    assert_eq!((m.stage.clone(), m.touchpoint.clone(), m.score.clone()), (some("Stage"), some("Channel"), some("NPS")));
    assert_eq!((m.comment.clone(), m.segment.clone(), m.scale), (some("Comments"), some("Segment"), Scale::Nps));
    let en = map(&["Booking", "Visit", "Treatment", "Follow-up"], &[(0, "Website", "web"), (0, "Phone", "phone")]);
    let (good, bad_rows) = entries(&table, &en, &m, day(2025, 3, 31));
    assert_eq!(bad_rows, vec![bad(5, RowProblem::OutOfScale { value: value("11") })]);
    let ids: Vec<_> = good.iter().map(|e| e.external_id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, ["5001", "5002", "5003", "5005"]);
    assert_eq!(good.get(2).map(|e| e.comment.as_str()), Some("Great result, call me on ••• for the next one"));
    let last = good.get(3).cloned();
    assert_eq!(
        last.as_ref().map(|e| (e.stage.as_str(), e.card.clone(), e.score)),
        Some(("s0", Some(CardId::from("phone")), 7.5))
    );
    assert_eq!(last.and_then(|e| e.segment), some("Returning"));
    assert_eq!(good.first().map(|e| e.norm), Some(1.6));
    Ok(())
}

#[test]
fn a_workbook_with_a_cell_far_away_is_refused_without_allocating_its_box() {
    assert_eq!(read(FAR_CELL, "far.xlsx"), Err(FileError::TooManyColumns { max_columns: MAX_COLUMNS }));
}

#[test]
fn a_tsv_with_iso_dates_stars_and_a_quoted_tab_reads() -> Result<(), FileError> {
    let table = read(EXPORT_TSV, "export.tsv")?;
    assert_eq!((table.format, table.encoding), ("tsv", "UTF-8"));
    assert_eq!(table.rows.get(1).and_then(|(_, r)| r.get(3)).map(String::as_str), Some("Reception was busy\tand loud"));
    let m = guess(&table);
    assert_eq!((m.date.clone(), m.stage.clone(), m.score.clone()), (some("date"), some("stage"), some("rating")));
    assert_eq!((m.comment.clone(), m.client.clone(), m.scale), (some("comment"), some("client"), Scale::Stars));
    let en = map(&["Booking", "Visit", "Treatment"], &[]);
    let (good, bad_rows) = entries(&table, &en, &m, day(2025, 4, 30));
    assert_eq!(bad_rows, vec![bad(5, RowProblem::BadDate { value: value("2025-05-02") }), bad(6, RowProblem::NoScore)]);
    let scores: Vec<f64> = good.iter().map(|e| e.score).collect();
    assert_eq!(scores, [4.0, 3.0, 5.0]);
    assert_eq!(good.first().map(|e| e.date), Some(day(2025, 4, 1)));
    Ok(())
}

#[test]
fn windows_1252_accents_and_utf16_text_decode() -> Result<(), FileError> {
    let (pt, _, _) =
        encoding_rs::WINDOWS_1252.encode("Data;Nota;Comentário\n02/01/2025;5;Atenção ótima, não esperei\n");
    let table = read(&pt, "x.csv")?;
    assert_eq!(table.encoding, "windows-1252");
    assert_eq!(table.headers.get(2).map(String::as_str), Some("Comentário"));
    assert_eq!(table.rows.first().and_then(|(_, r)| r.get(2)).map(String::as_str), Some("Atenção ótima, não esperei"));

    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend("Дата\tОценка\n01.02.2025\t5\n".encode_utf16().flat_map(|u| u.to_le_bytes()));
    let table = read(&utf16, "x.txt")?;
    assert_eq!((table.format, table.encoding), ("tsv", "UTF-16LE"));
    assert_eq!(table.headers, ["Дата", "Оценка"]);

    let table = read(b"\xEF\xBB\xBFDate,Score\r\n2025-01-01,5\r\n", "x.csv")?;
    assert_eq!(table.headers, ["Date", "Score"]);
    Ok(())
}

#[test]
fn quoted_cells_over_several_lines_keep_the_line_their_record_starts_on() -> Result<(), FileError> {
    let text = "Date,Score,Comment\n2025-01-01,5,\"one\ntwo\nthree\"\n\n\n2025-01-02,4,four\n";
    let table = read(text.as_bytes(), "x.csv")?;
    let lines: Vec<usize> = table.rows.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 7]);
    assert_eq!(table.rows.first().and_then(|(_, r)| r.get(2)).map(String::as_str), Some("one\ntwo\nthree"));
    Ok(())
}

#[test]
fn rows_missing_a_required_cell_are_short_and_stages_match_only_real_stages() -> Result<(), FileError> {
    let table = read(
        "Data;Nota;Serviço;Canal\n01/01/2025;5\n01/01/2025;5;Agendamento;Telegram\n01/01/2025;5;Consultório;\n"
            .as_bytes(),
        "x.csv",
    )?;
    let mapping = ColumnMapping { stage_values: values(&[("Consultório", "Não existe")]), ..guess(&table) };
    let (good, bad_rows) = entries(&table, &clinic(), &mapping, day(2025, 2, 1));
    assert!(good.is_empty());
    assert_eq!(
        bad_rows,
        vec![
            bad(2, RowProblem::Short),
            bad(3, RowProblem::UnknownTouchpoint { value: value("Telegram") }),
            bad(4, RowProblem::UnknownStage { value: value("Consultório") }),
        ],
        "a Steps card named Telegram is no touchpoint; a value mapped to no stage matches nothing"
    );
    Ok(())
}

#[test]
fn files_past_the_bounds_are_refused() {
    assert_eq!(read(&vec![b'a'; MAX_FILE + 1], "x.csv"), Err(FileError::TooLarge { max_bytes: MAX_FILE }));

    let mut many = String::from("Date;Score\n");
    for _ in 0..=MAX_ROWS {
        many.push_str("2025-01-01;5\n");
    }
    assert_eq!(read(many.as_bytes(), "x.csv"), Err(FileError::TooManyRows { max_rows: MAX_ROWS }));

    let wide: Vec<String> = (0..=MAX_COLUMNS).map(|i| format!("c{i}")).collect();
    assert_eq!(read(wide.join(";").as_bytes(), "x.csv"), Err(FileError::TooManyColumns { max_columns: MAX_COLUMNS }));
    let padded = format!("{}{}\n", wide[..MAX_COLUMNS].join(";"), ";".repeat(100));
    assert_eq!(
        read(padded.as_bytes(), "x.csv").map(|t| t.headers.len()),
        Ok(MAX_COLUMNS),
        "empty padding is no column"
    );

    let long = format!("Date;Comment\n2025-01-01;{}\n", "ç".repeat(10_000));
    let table = read(long.as_bytes(), "x.csv");
    let cell =
        table.as_ref().ok().and_then(|t| t.rows.first()).and_then(|(_, r)| r.get(1)).cloned().unwrap_or_default();
    assert!(cell.len() <= MAX_CELL && cell.len() > MAX_CELL - 4, "{}", cell.len());

    assert_eq!(read(b"\n\n;;;\n", "x.csv"), Err(FileError::NoHeader));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048), zip in any::<bool>()) {
        let bytes = if zip { [b"PK\x03\x04".as_slice(), &bytes].concat() } else { bytes };
        if let Ok(table) = read(&bytes, "x.csv") {
            let mapping = guess(&table);
            let _ = preview(&table, &clinic(), Some(&mapping), day(2025, 1, 1));
        }
    }

    #[test]
    fn masking_never_lengthens_a_comment(text in "[0-9a-z@. ()+-]{0,200}") {
        prop_assert!(mask(&text).chars().count() <= text.chars().count());
    }
}

#[test]
fn a_file_of_the_most_rows_reads_and_masks_in_seconds() -> Result<(), FileError> {
    let row = "1234;05/01/2025;Ana Souza;(11) 98765-4321;Agendamento;WhatsApp;4,5;\"Esperei 40 minutos, \
               liguem no (11) 98765-4321 ou ana@exemplo.com.br\"\n";
    let mut file = String::from("Protocolo;Data;Paciente;Telefone;Serviço;Canal;Nota;Comentário\n");
    for _ in 0..MAX_ROWS {
        file.push_str(row);
    }
    let started = std::time::Instant::now();
    let table = read(file.as_bytes(), "big.csv")?;
    let (good, bad_rows) = entries(&table, &clinic(), &guess(&table), day(2025, 2, 1));
    let took = started.elapsed();
    assert_eq!((good.len(), bad_rows.len()), (MAX_ROWS, 0));
    assert_eq!(good.last().map(|e| e.comment.as_str()), Some("Esperei 40 minutos, liguem no ••• ou •••"));
    assert!(took.as_secs() < 20, "{took:?} for {MAX_ROWS} rows (unoptimised build)");
    eprintln!("{MAX_ROWS} rows in {took:?}");
    Ok(())
}
