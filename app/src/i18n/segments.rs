//! Client segments (the workspace's list, a persona's segment, a card's scope, the
//! board's segment filter) in the three languages, side by side.

use crate::domain::segment::SegmentError;

#[cfg_attr(test, derive(serde::Serialize))]
pub struct SegmentText {
    /// The list's section on the persona library page.
    pub title: &'static str,
    pub intro: &'static str,
    pub none: &'static str,
    pub name: &'static str,
    pub add: &'static str,
    /// `{name}`: the segment's name.
    pub rename: &'static str,
    pub delete: &'static str,
    pub delete_confirm: &'static str,
    pub saved: &'static str,
    /// The persona form's choice of none of the segments, and its link to the list.
    pub no_segment: &'static str,
    pub manage: &'static str,
    /// A card's scope: the segments it is about (none ticked: every client).
    pub card_segments: &'static str,
    pub every_client: &'static str,
    /// The badge of a scoped card: `{names}`.
    pub for_segments: &'static str,
    /// The board's filter.
    pub err_name: &'static str,
    pub err_too_long: &'static str,
    pub err_taken: &'static str,
    pub err_too_many: &'static str,
    pub err_in_use: &'static str,
    pub err_unknown: &'static str,
}

impl SegmentText {
    /// A segment refusal, translated.
    pub fn error(&self, e: &SegmentError) -> String {
        match e {
            SegmentError::EmptyName => self.err_name.into(),
            SegmentError::NameTooLong { max } => self.err_too_long.replace("{max}", &max.to_string()),
            SegmentError::NameTaken => self.err_taken.into(),
            SegmentError::TooMany { max } => self.err_too_many.replace("{max}", &max.to_string()),
            SegmentError::InUse { cards } => self.err_in_use.replace("{n}", &cards.to_string()),
            SegmentError::Unknown => self.err_unknown.into(),
        }
    }
}

pub const EN: SegmentText = SegmentText {
    title: "Client segments",
    intro: "Each persona belongs to one segment, such as new or regular clients. A card can be about some segments only, and the board can show one segment's journey.",
    none: "No segments yet.",
    name: "Segment name",
    add: "Add segment",
    rename: "Rename segment {name}",
    delete: "Delete segment {name}",
    delete_confirm: "Delete the segment “{name}”? Its personas stay, without a segment.",
    saved: "Segment saved.",
    no_segment: "No segment",
    manage: "Edit the list of segments",
    card_segments: "Segments this card is about",
    every_client: "None ticked: every client.",
    for_segments: "For: {names}",
    err_name: "Give the segment a name.",
    err_too_long: "A segment name can have at most {max} characters.",
    err_taken: "Another segment already has this name.",
    err_too_many: "A workspace can have at most {max} segments.",
    err_in_use: "Cards still about this segment: {n}. Untick it on them first.",
    err_unknown: "Choose the segment from the workspace's list, or add it to the list first.",
};

pub const PT_BR: SegmentText = SegmentText {
    title: "Segmentos de clientes",
    intro: "Cada persona pertence a um segmento, como clientes novas ou fiéis. Um cartão pode tratar só de alguns segmentos, e o quadro pode mostrar a jornada de um segmento.",
    none: "Nenhum segmento ainda.",
    name: "Nome do segmento",
    add: "Adicionar segmento",
    rename: "Renomear o segmento {name}",
    delete: "Excluir o segmento {name}",
    delete_confirm: "Excluir o segmento “{name}”? As personas dele continuam, sem segmento.",
    saved: "Segmento salvo.",
    no_segment: "Sem segmento",
    manage: "Editar a lista de segmentos",
    card_segments: "Segmentos de que este cartão trata",
    every_client: "Nenhum marcado: todas as clientes.",
    for_segments: "Para: {names}",
    err_name: "Dê um nome ao segmento.",
    err_too_long: "O nome de um segmento pode ter no máximo {max} caracteres.",
    err_taken: "Já existe um segmento com este nome.",
    err_too_many: "Um espaço de trabalho pode ter no máximo {max} segmentos.",
    err_in_use: "Cartões que ainda tratam deste segmento: {n}. Desmarque-o neles primeiro.",
    err_unknown: "Escolha o segmento na lista do espaço de trabalho, ou adicione-o à lista primeiro.",
};

pub const RU: SegmentText = SegmentText {
    title: "Сегменты клиентов",
    intro: "Каждая персона относится к одному сегменту, например новые или постоянные клиенты. Карточка может касаться только некоторых сегментов, а доска — показать путь одного сегмента.",
    none: "Сегментов пока нет.",
    name: "Название сегмента",
    add: "Добавить сегмент",
    rename: "Переименовать сегмент {name}",
    delete: "Удалить сегмент {name}",
    delete_confirm: "Удалить сегмент «{name}»? Его персоны останутся, без сегмента.",
    saved: "Сегмент сохранён.",
    no_segment: "Без сегмента",
    manage: "Изменить список сегментов",
    card_segments: "Сегменты, которых касается карточка",
    every_client: "Ничего не отмечено: все клиенты.",
    for_segments: "Для: {names}",
    err_name: "Дайте сегменту название.",
    err_too_long: "Название сегмента — не длиннее {max} символов.",
    err_taken: "Сегмент с таким названием уже есть.",
    err_too_many: "В рабочем пространстве может быть не больше {max} сегментов.",
    err_in_use: "Карточек, которые ещё касаются этого сегмента: {n}. Сначала снимите с них отметку.",
    err_unknown: "Выберите сегмент из списка рабочего пространства или сначала добавьте его в список.",
};
