//! Headers → [`ColumnMapping`]: each field's names in en / pt-BR / ru, matched with case
//! and accents ignored, a column used once; the scale from the score's header, else from
//! its values.

use super::rows::parse_score;
use super::text::{fold, words};
use super::Table;
use crate::domain::feedback::{ColumnMapping, Scale};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Field {
    Date,
    Score,
    Comment,
    Stage,
    Touchpoint,
    Client,
    Segment,
    ExternalId,
}

/// Each field's names: the first list matches as words anywhere in a header ("Data do
/// atendimento"), the second only as the whole header (words too vague inside another).
const NAMES: &[(Field, &[&str], &[&str])] = &[
    (
        Field::Date,
        &["date", "data", "дата", "dia", "day", "created at", "submitted at", "timestamp", "число"],
        &["when", "quando", "когда", "created", "submitted"],
    ),
    (
        Field::Score,
        &[
            "score",
            "rating",
            "stars",
            "star",
            "nota",
            "avaliacao",
            "estrelas",
            "pontuacao",
            "оценка",
            "балл",
            "баллы",
            "баллов",
            "рейтинг",
            "звезд",
            "звезды",
            "nps",
            "csat",
            "ces",
            "satisfaction",
            "satisfacao",
            "grade",
        ],
        &["rate", "оцените"],
    ),
    (
        Field::Comment,
        &[
            "comment",
            "comments",
            "comentario",
            "comentarios",
            "отзыв",
            "отзывы",
            "комментарий",
            "комментарии",
            "review",
            "observacao",
            "observacoes",
            "sugestao",
            "opiniao",
            "мнение",
            "remarks",
        ],
        &["feedback", "text", "texto", "текст", "message", "mensagem", "сообщение", "obs"],
    ),
    (
        Field::Stage,
        &[
            "stage",
            "etapa",
            "fase",
            "servico",
            "servicos",
            "service",
            "procedimento",
            "procedure",
            "этап",
            "стадия",
            "услуга",
            "процедура",
            "step",
        ],
        &["шаг", "passo"],
    ),
    (
        Field::Touchpoint,
        &[
            "touchpoint",
            "touch point",
            "ponto de contato",
            "ponto de contacto",
            "канал",
            "точка контакта",
            "точка касания",
            "channel",
            "canal",
        ],
        &["meio", "via"],
    ),
    (
        Field::Client,
        &[
            "client",
            "cliente",
            "клиент",
            "customer",
            "patient",
            "paciente",
            "пациент",
            "phone",
            "telefone",
            "celular",
            "whatsapp",
            "телефон",
            "e mail",
            "email",
            "почта",
            "contact",
            "contato",
            "контакт",
            "фио",
        ],
        &["name", "nome", "имя", "mobile"],
    ),
    (
        Field::Segment,
        &[
            "segment",
            "segmento",
            "сегмент",
            "группа",
            "tipo de cliente",
            "customer type",
            "тип клиента",
            "category",
            "categoria",
            "категория",
        ],
        &["group", "grupo", "tipo", "type", "тип"],
    ),
    (
        Field::ExternalId,
        &[
            "id",
            "external id",
            "id externo",
            "response id",
            "answer id",
            "protocolo",
            "ticket",
            "номер ответа",
            "код ответа",
        ],
        &["code", "codigo", "код", "номер", "number", "numero", "№", "#"],
    ),
];

/// How well a header names a field: `Some((0, _))` is the whole header, `Some((1, at))` a
/// name at word `at`; lower is better.
fn fit(header: &str, field: Field) -> Option<(u8, usize)> {
    let folded = fold(header);
    let hw = words(&folded);
    let whole: String = hw.join(" ");
    let mut best: Option<(u8, usize)> = None;
    for (f, anywhere, exact) in NAMES {
        if *f != field {
            continue;
        }
        for name in anywhere.iter().chain(exact.iter()) {
            let n = fold(name);
            let nw = words(&n);
            if whole == nw.join(" ") || folded == n {
                return Some((0, 0));
            }
        }
        for name in anywhere.iter() {
            let n = fold(name);
            let nw = words(&n);
            if nw.is_empty() {
                continue;
            }
            if let Some(at) = hw.windows(nw.len()).position(|w| w == nw.as_slice()) {
                best = Some(best.map_or((1, at), |b| b.min((1, at))));
            }
        }
    }
    best
}

/// The mapping recognised from the headers.
pub fn guess(table: &Table) -> ColumnMapping {
    let mut candidates: Vec<((u8, usize), usize, Field)> = Vec::new();
    for (col, header) in table.headers.iter().enumerate() {
        for (field, _, _) in NAMES {
            if let Some(q) = fit(header, *field) {
                candidates.push((q, col, *field));
            }
        }
    }
    // Best fits first; among equals, the leftmost column and the field listed first.
    candidates.sort_by_key(|&(q, col, field)| (q, col, NAMES.iter().position(|(f, _, _)| *f == field)));
    let mut mapping = ColumnMapping { mask: true, ..ColumnMapping::default() };
    let mut used = vec![false; table.headers.len()];
    for (_, col, field) in candidates {
        let (Some(header), Some(taken)) = (table.headers.get(col), used.get_mut(col)) else { continue };
        let slot = match field {
            Field::Date => &mut mapping.date,
            Field::Score => &mut mapping.score,
            Field::Comment => &mut mapping.comment,
            Field::Stage => &mut mapping.stage,
            Field::Touchpoint => &mut mapping.touchpoint,
            Field::Client => &mut mapping.client,
            Field::Segment => &mut mapping.segment,
            Field::ExternalId => &mut mapping.external_id,
        };
        if *taken || slot.is_some() {
            continue;
        }
        *slot = Some(header.clone());
        *taken = true;
    }
    mapping.scale = mapping.score.as_deref().map_or(Scale::Stars, |h| scale_of(table, h));
    mapping
}

/// The scale named by the score's header ("NPS", "CSAT", "CES", "estrelas", "звёзд"), else
/// the one the values fit: highest ≤ 5 stars, ≤ 7 CES, else NPS.
fn scale_of(table: &Table, header: &str) -> Scale {
    let folded = fold(header);
    let hw = words(&folded);
    let has = |names: &[&str]| hw.iter().any(|w| names.contains(w));
    if has(&["nps"]) {
        return Scale::Nps;
    }
    if has(&["csat"]) {
        return Scale::Csat;
    }
    if has(&["ces"]) {
        return Scale::Ces;
    }
    if has(&["estrelas", "stars", "star", "звезд", "звезды", "звезда", "звездах"]) || folded.contains('★')
    {
        return Scale::Stars;
    }
    let Some(col) = table.headers.iter().position(|h| h == header) else { return Scale::Stars };
    let max = table
        .rows
        .iter()
        .filter_map(|(_, r)| r.get(col))
        .filter_map(|cell| parse_score(cell).ok())
        .fold(f64::NEG_INFINITY, f64::max);
    if max <= 5.0 {
        Scale::Stars
    } else if max <= 7.0 {
        Scale::Ces
    } else {
        Scale::Nps
    }
}

/// Whether every column `mapping` names is a header of `table`.
pub fn fits(mapping: &ColumnMapping, table: &Table) -> bool {
    [
        &mapping.date,
        &mapping.score,
        &mapping.comment,
        &mapping.stage,
        &mapping.touchpoint,
        &mapping.client,
        &mapping.segment,
        &mapping.external_id,
    ]
    .into_iter()
    .flatten()
    .all(|h| table.headers.iter().any(|t| t == h))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headers: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            format: "csv",
            encoding: "UTF-8",
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: rows.iter().enumerate().map(|(i, r)| (i + 2, r.iter().map(|c| c.to_string()).collect())).collect(),
        }
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn portuguese_headers_are_recognised_with_accents_and_case_ignored() {
        let t = table(
            &[
                "Protocolo",
                "DATA DO ATENDIMENTO",
                "Avaliação",
                "Comentário do cliente",
                "Serviço",
                "Telefone",
                "Segmento",
                "Canal",
            ],
            &[&["1", "01/02/2024", "4,5", "Bom", "Consulta", "11 98765-4321", "Novo", "WhatsApp"]],
        );
        let m = guess(&t);
        assert_eq!(m.external_id, some("Protocolo"));
        assert_eq!(m.date, some("DATA DO ATENDIMENTO"));
        assert_eq!(m.score, some("Avaliação"));
        assert_eq!(m.comment, some("Comentário do cliente"));
        assert_eq!(m.stage, some("Serviço"));
        assert_eq!(m.client, some("Telefone"));
        assert_eq!(m.segment, some("Segmento"));
        assert_eq!(m.touchpoint, some("Canal"));
        assert_eq!(m.scale, Scale::Stars);
        assert!(m.mask);
    }

    #[test]
    fn russian_and_english_headers_are_recognised() {
        let t = table(&["Дата", "Оценка (звёзд)", "Отзыв", "Этап", "Точка контакта", "Клиент"], &[]);
        let m = guess(&t);
        assert_eq!((m.date, m.score.clone(), m.comment), (some("Дата"), some("Оценка (звёзд)"), some("Отзыв")));
        assert_eq!((m.stage, m.touchpoint, m.client), (some("Этап"), some("Точка контакта"), some("Клиент")));
        assert_eq!(m.scale, Scale::Stars);
        let t = table(&["ID", "Date", "NPS score", "Comment", "Service", "E-mail", "Segment"], &[]);
        let m = guess(&t);
        assert_eq!((m.external_id, m.date, m.score), (some("ID"), some("Date"), some("NPS score")));
        assert_eq!((m.stage, m.client, m.segment), (some("Service"), some("E-mail"), some("Segment")));
        assert_eq!(m.scale, Scale::Nps);
    }

    #[test]
    fn a_column_is_used_once_and_unknown_headers_stay_unmapped() {
        let t = table(&["Nota", "Nota NPS", "Favourite colour"], &[]);
        let m = guess(&t);
        assert_eq!(m.score, some("Nota"));
        assert_eq!(m.date, None);
        assert_eq!(m.comment, None);
    }

    #[test]
    fn the_scale_comes_from_the_values_when_the_header_names_none() {
        let scale = |values: &[&str]| {
            let rows: Vec<Vec<&str>> = values.iter().map(|v| vec![*v]).collect();
            let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
            guess(&table(&["Score"], &rows)).scale
        };
        assert_eq!(scale(&["1", "4,5", "5"]), Scale::Stars);
        assert_eq!(scale(&["1", "6", "7"]), Scale::Ces);
        assert_eq!(scale(&["0", "9", "10"]), Scale::Nps);
        assert_eq!(scale(&["★★★☆☆"]), Scale::Stars);
        assert_eq!(guess(&table(&["CSAT"], &[&["9"]])).scale, Scale::Csat);
        assert_eq!(guess(&table(&["Nota CES"], &[])).scale, Scale::Ces);
    }

    #[test]
    fn a_saved_mapping_fits_only_when_all_its_columns_are_headers() {
        let t = table(&["Data", "Nota"], &[]);
        let mut m = ColumnMapping { date: some("Data"), score: some("Nota"), ..ColumnMapping::default() };
        assert!(fits(&m, &t));
        m.comment = some("Comentário");
        assert!(!fits(&m, &t));
    }
}
