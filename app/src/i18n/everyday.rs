//! The board's everyday conveniences (zoom, offline edits, undoing a delete) in the three
//! languages, side by side.

use super::{Messages, Plural};
use crate::domain::{Metric, Trend};

impl Messages {
    /// What a metric's trend line shows, in words ("Trend: 3 readings from 1 Oct 2026 to
    /// 1 Dec 2026, getting better"); `None` with fewer than two readings.
    pub fn metric_trend(&self, m: &Metric) -> Option<String> {
        let (first, last) = (m.history.first()?.on, m.history.last()?.on);
        let word = match m.trend()? {
            Trend::Better => self.ed.trend_better,
            Trend::Worse => self.ed.trend_worse,
            Trend::Steady => self.ed.trend_steady,
        };
        Some(
            self.ed
                .trend_label
                .replace("{readings}", &self.ed.readings.format(self.locale, m.history.len() as u64))
                .replace("{first}", &self.date(first))
                .replace("{last}", &self.date(last))
                .replace("{trend}", word),
        )
    }
}

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
    /// A metric's dated readings (the trend line) and the touchpoint it measures.
    pub metric_history: &'static str,
    pub reading_date: &'static str,
    pub reading_value: &'static str,
    pub add_reading: &'static str,
    /// `{date}`: the reading's date as the language writes it.
    pub remove_reading: &'static str,
    pub no_readings: &'static str,
    pub value_not_a_number: &'static str,
    pub date_needed: &'static str,
    pub readings: Plural,
    /// The trend line's accessible name: `{readings}` (e.g. "3 readings"), `{first}`,
    /// `{last}` (dates), `{trend}` (one of the three below).
    pub trend_label: &'static str,
    pub trend_better: &'static str,
    pub trend_worse: &'static str,
    pub trend_steady: &'static str,
    pub measures: &'static str,
    pub measures_none: &'static str,
    /// The badge of a metric tied to a touchpoint: `{card}` is the touchpoint's text.
    pub measures_card: &'static str,
    /// A step card's feelings, one per linked persona (`{name}`: the persona's name).
    pub feelings_here: &'static str,
    pub feeling_of: &'static str,
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
    metric_history: "Metric history",
    reading_date: "Reading date",
    reading_value: "Reading value",
    add_reading: "Add reading",
    remove_reading: "Remove the reading of {date}",
    no_readings: "No readings yet: add one per measurement to draw the trend.",
    value_not_a_number: "Enter the value as a number, e.g. 4.5.",
    date_needed: "Choose the day the value was measured.",
    readings: Plural { one: "{n} reading", few: "{n} readings", many: "{n} readings", other: "{n} readings" },
    trend_label: "Trend: {readings} from {first} to {last}, {trend}",
    trend_better: "getting better",
    trend_worse: "getting worse",
    trend_steady: "steady",
    measures: "Touchpoint measured",
    measures_none: "None",
    measures_card: "Measures: {card}",
    feelings_here: "Feelings at this step",
    feeling_of: "How {name} feels at this step",
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
    metric_history: "Histórico da métrica",
    reading_date: "Data da medição",
    reading_value: "Valor medido",
    add_reading: "Adicionar medição",
    remove_reading: "Remover a medição de {date}",
    no_readings: "Nenhuma medição ainda: adicione uma a cada medida para traçar a tendência.",
    value_not_a_number: "Digite o valor como número, por exemplo 4,5.",
    date_needed: "Escolha o dia em que o valor foi medido.",
    readings: Plural { one: "{n} medição", few: "{n} medições", many: "{n} medições", other: "{n} medições" },
    trend_label: "Tendência: {readings} de {first} a {last}, {trend}",
    trend_better: "melhorando",
    trend_worse: "piorando",
    trend_steady: "estável",
    measures: "Ponto de contato medido",
    measures_none: "Nenhum",
    measures_card: "Mede: {card}",
    feelings_here: "Sentimentos nesta etapa",
    feeling_of: "Como {name} se sente nesta etapa",
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
    metric_history: "История метрики",
    reading_date: "Дата замера",
    reading_value: "Значение замера",
    add_reading: "Добавить замер",
    remove_reading: "Удалить замер от {date}",
    no_readings: "Замеров пока нет: добавляйте каждый замер, чтобы увидеть тренд.",
    value_not_a_number: "Введите значение числом, например 4,5.",
    date_needed: "Выберите день, когда сделан замер.",
    readings: Plural {
        one: "{n} замер", few: "{n} замера", many: "{n} замеров", other: "{n} замера"
    },
    trend_label: "Тренд: {readings} с {first} по {last}, {trend}",
    trend_better: "улучшается",
    trend_worse: "ухудшается",
    trend_steady: "без изменений",
    measures: "Измеряемая точка контакта",
    measures_none: "Нет",
    measures_card: "Измеряет: {card}",
    feelings_here: "Чувства на этом шаге",
    feeling_of: "Что чувствует {name} на этом шаге",
};
