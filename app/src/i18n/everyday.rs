//! The board's everyday conveniences (zoom, offline edits, undoing a delete) in the three
//! languages, side by side.

use super::Plural;

#[cfg_attr(test, derive(serde::Serialize))]
pub struct EverydayText {
    /// Edits made while the connection is down, kept in this browser until they are saved.
    pub edits_waiting: Plural,
    pub zoom_in: &'static str,
    pub zoom_out: &'static str,
    pub fit: &'static str,
    /// The zoom level's button, which sets it back to 100 %.
    pub zoom_reset: &'static str,
    /// The toast after a card is deleted, and its button.
    pub card_deleted: &'static str,
    pub undo_delete: &'static str,
    /// The export menu's print entries: the whole map on paper, in colour or saving ink.
    pub print: &'static str,
    pub print_ink: &'static str,
    /// Several cards at once: the selection bar, copy and paste.
    pub selected: Plural,
    pub selection: &'static str,
    pub clear_selection: &'static str,
    pub delete_selected: &'static str,
    pub copied: Plural,
    pub pasted: Plural,
    pub paste_where: &'static str,
}

pub const EN: EverydayText = EverydayText {
    edits_waiting: Plural {
        one: "{n} edit waits to be saved",
        few: "{n} edits wait to be saved",
        many: "{n} edits wait to be saved",
        other: "{n} edits wait to be saved",
    },
    zoom_in: "Zoom in",
    zoom_out: "Zoom out",
    fit: "Fit to screen",
    zoom_reset: "Zoom level (back to 100 %)",
    card_deleted: "Card “{card}” deleted",
    undo_delete: "Undo",
    print: "Print",
    print_ink: "Print, saving ink",
    selected: Plural {
        one: "{n} card selected",
        few: "{n} cards selected",
        many: "{n} cards selected",
        other: "{n} cards selected",
    },
    selection: "Selected cards",
    clear_selection: "Clear selection",
    delete_selected: "Delete selected",
    copied: Plural {
        one: "{n} card copied",
        few: "{n} cards copied",
        many: "{n} cards copied",
        other: "{n} cards copied",
    },
    pasted: Plural {
        one: "{n} card pasted",
        few: "{n} cards pasted",
        many: "{n} cards pasted",
        other: "{n} cards pasted",
    },
    paste_where: "Focus a cell or a card first: pasted cards go there.",
};

pub const PT_BR: EverydayText = EverydayText {
    edits_waiting: Plural {
        one: "{n} edição aguarda ser salva",
        few: "{n} edições aguardam ser salvas",
        many: "{n} edições aguardam ser salvas",
        other: "{n} edições aguardam ser salvas",
    },
    zoom_in: "Aumentar zoom",
    zoom_out: "Diminuir zoom",
    fit: "Ajustar à tela",
    zoom_reset: "Nível de zoom (voltar a 100 %)",
    card_deleted: "Cartão “{card}” excluído",
    undo_delete: "Desfazer",
    print: "Imprimir",
    print_ink: "Imprimir economizando tinta",
    selected: Plural {
        one: "{n} cartão selecionado",
        few: "{n} cartões selecionados",
        many: "{n} cartões selecionados",
        other: "{n} cartões selecionados",
    },
    selection: "Cartões selecionados",
    clear_selection: "Limpar seleção",
    delete_selected: "Excluir selecionados",
    copied: Plural {
        one: "{n} cartão copiado",
        few: "{n} cartões copiados",
        many: "{n} cartões copiados",
        other: "{n} cartões copiados",
    },
    pasted: Plural {
        one: "{n} cartão colado",
        few: "{n} cartões colados",
        many: "{n} cartões colados",
        other: "{n} cartões colados",
    },
    paste_where: "Primeiro foque uma célula ou um cartão: os cartões colados vão para lá.",
};

pub const RU: EverydayText = EverydayText {
    edits_waiting: Plural {
        one: "{n} правка ждёт сохранения",
        few: "{n} правки ждут сохранения",
        many: "{n} правок ждут сохранения",
        other: "{n} правки ждут сохранения",
    },
    zoom_in: "Увеличить",
    zoom_out: "Уменьшить",
    fit: "По размеру экрана",
    zoom_reset: "Масштаб (вернуть 100 %)",
    card_deleted: "Карточка «{card}» удалена",
    undo_delete: "Отменить",
    print: "Печать",
    print_ink: "Печать с экономией краски",
    selected: Plural {
        one: "Выбрана {n} карточка",
        few: "Выбрано {n} карточки",
        many: "Выбрано {n} карточек",
        other: "Выбрано {n} карточки",
    },
    selection: "Выбранные карточки",
    clear_selection: "Снять выбор",
    delete_selected: "Удалить выбранные",
    copied: Plural {
        one: "Скопирована {n} карточка",
        few: "Скопировано {n} карточки",
        many: "Скопировано {n} карточек",
        other: "Скопировано {n} карточки",
    },
    pasted: Plural {
        one: "Вставлена {n} карточка",
        few: "Вставлено {n} карточки",
        many: "Вставлено {n} карточек",
        other: "Вставлено {n} карточки",
    },
    paste_where: "Сначала выберите ячейку или карточку: карточки вставятся туда.",
};
