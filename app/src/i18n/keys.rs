//! The keyboard shortcuts list ("?" on the board) in the three languages, side by side.

/// One shortcut: the keys (as shown) and what they do.
pub type Shortcut = (&'static str, &'static str);

#[cfg_attr(test, derive(serde::Serialize))]
pub struct KeysText {
    pub title: &'static str,
    pub close: &'static str,
    /// What the keys do on the whole board, on a focused card, on a focused header and
    /// in presentation mode.
    pub board: &'static str,
    pub card: &'static str,
    pub header: &'static str,
    pub present: &'static str,
    pub board_keys: [Shortcut; 7],
    pub card_keys: [Shortcut; 7],
    pub header_keys: [Shortcut; 1],
    pub present_keys: [Shortcut; 2],
}

pub const EN: KeysText = KeysText {
    title: "Keyboard shortcuts",
    close: "Close",
    board: "On the board",
    card: "On a card",
    header: "On a stage or lane header",
    present: "Presenting",
    board_keys: [
        ("Ctrl/⌘ + F", "Search the board"),
        ("Ctrl/⌘ + Z", "Undo"),
        ("Ctrl/⌘ + Shift + Z, Ctrl + Y", "Redo"),
        ("?", "Show these shortcuts"),
        ("Ctrl/⌘ + wheel, Ctrl/⌘ + + / − / 0", "Zoom the board (0: back to 100 %)"),
        ("Ctrl/⌘ + C, Ctrl/⌘ + V", "Copy the selected or focused cards; paste them into the focused cell"),
        ("Ctrl/⌘ + A", "Select every card on the board (the found ones while searching or filtering)"),
    ],
    card_keys: [
        ("Tab", "Go to the next card or control"),
        ("← ↑ → ↓", "Go to the next card or cell that way"),
        ("Shift + Space, Shift + click", "Select the card too (change several at once)"),
        ("Enter", "Edit the card's text"),
        ("Space", "Pick the card up; Space or Enter puts it down"),
        ("← ↑ → ↓", "Move a picked-up card; Escape puts it back"),
        ("Delete", "Delete the card (Undo brings it back)"),
    ],
    header_keys: [("Alt + ← → / Alt + ↑ ↓", "Move the stage or lane")],
    present_keys: [("→ / ←", "Next or previous stage"), ("Escape", "Leave the presentation")],
};

pub const PT_BR: KeysText = KeysText {
    title: "Atalhos de teclado",
    close: "Fechar",
    board: "No quadro",
    card: "Em um cartão",
    header: "No cabeçalho de uma etapa ou raia",
    present: "Na apresentação",
    board_keys: [
        ("Ctrl/⌘ + F", "Buscar no quadro"),
        ("Ctrl/⌘ + Z", "Desfazer"),
        ("Ctrl/⌘ + Shift + Z, Ctrl + Y", "Refazer"),
        ("?", "Mostrar estes atalhos"),
        ("Ctrl/⌘ + roda, Ctrl/⌘ + + / − / 0", "Zoom no quadro (0: volta a 100 %)"),
        ("Ctrl/⌘ + C, Ctrl/⌘ + V", "Copiar os cartões selecionados ou o focado; colá-los na célula focada"),
        ("Ctrl/⌘ + A", "Selecionar todos os cartões do quadro (os encontrados, durante uma busca ou filtro)"),
    ],
    card_keys: [
        ("Tab", "Ir para o próximo cartão ou controle"),
        ("← ↑ → ↓", "Ir ao cartão ou à célula vizinha nessa direção"),
        ("Shift + Espaço, Shift + clique", "Selecionar também o cartão (alterar vários de uma vez)"),
        ("Enter", "Editar o texto do cartão"),
        ("Espaço", "Pegar o cartão; Espaço ou Enter o solta"),
        ("← ↑ → ↓", "Mover o cartão pego; Escape o devolve"),
        ("Delete", "Excluir o cartão (Desfazer o traz de volta)"),
    ],
    header_keys: [("Alt + ← → / Alt + ↑ ↓", "Mover a etapa ou a raia")],
    present_keys: [("→ / ←", "Próxima etapa ou a anterior"), ("Escape", "Sair da apresentação")],
};

pub const RU: KeysText = KeysText {
    title: "Сочетания клавиш",
    close: "Закрыть",
    board: "На доске",
    card: "На карточке",
    header: "На заголовке этапа или дорожки",
    present: "В режиме презентации",
    board_keys: [
        ("Ctrl/⌘ + F", "Искать на доске"),
        ("Ctrl/⌘ + Z", "Отменить"),
        ("Ctrl/⌘ + Shift + Z, Ctrl + Y", "Повторить действие"),
        ("?", "Показать это окно"),
        ("Ctrl/⌘ + колесо, Ctrl/⌘ + + / − / 0", "Масштаб доски (0 — снова 100 %)"),
        ("Ctrl/⌘ + C, Ctrl/⌘ + V", "Копировать выбранные или текущую карточку; вставить в текущую ячейку"),
        ("Ctrl/⌘ + A", "Выбрать все карточки доски (при поиске или фильтре — найденные)"),
    ],
    card_keys: [
        ("Tab", "К следующей карточке или кнопке"),
        ("← ↑ → ↓", "К соседней карточке или ячейке в эту сторону"),
        ("Shift + Пробел, Shift + щелчок", "Добавить карточку к выбранным (менять несколько сразу)"),
        ("Enter", "Изменить текст карточки"),
        ("Пробел", "Взять карточку; Пробел или Enter кладёт её"),
        ("← ↑ → ↓", "Переместить взятую карточку; Escape возвращает её"),
        ("Delete", "Удалить карточку (Отменить вернёт её)"),
    ],
    header_keys: [("Alt + ← → / Alt + ↑ ↓", "Переместить этап или дорожку")],
    present_keys: [("→ / ←", "Следующий или предыдущий этап"), ("Escape", "Выйти из презентации")],
};
