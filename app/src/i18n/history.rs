//! Strings of the History view, versions and restore, in the three languages, and the
//! sentence an entry of the history reads as ("Ana moved 3 cards to The procedure").
//!
//! Long on purpose: one struct of every history string and its three translations, side
//! by side so a translator sees each key in all languages at once.

use super::{Messages, Plural};
use crate::domain::history::{Change, ChangeKind, HistoryEntry, HistoryError};
use crate::domain::Map;

macro_rules! history_text {
    (plurals: $($p:ident),* ; strings: $($field:ident),* $(,)?) => {
        #[cfg_attr(test, derive(serde::Serialize))]
        pub struct HistoryText {
            $(pub $p: Plural,)*
            $(pub $field: &'static str,)*
        }
    };
}

history_text!(
    plurals: cards_added, cards_edited, cards_moved, cards_deleted, stages_added, stages_edited, stages_moved,
        stages_deleted, lanes_added, lanes_edited, lanes_moved, lanes_deleted, personas_linked, personas_unlinked,
        emotions_set, n_changes;
    strings: map_edited, map_moved, to_stage, at_stage, and, history, history_intro, versions, no_versions, save_version,
        version_name, version_saved, safety_copy, before_restore, open, restore, restore_confirm, restored, compare, compare_with, now, export_version,
        as_it_was, read_only_past, back_to_now, older, nobody, filter_person, filter_stage, everyone, every_stage,
        added, removed, changed, no_history, revert, revert_confirm, reverted, err_depends, err_name_missing, err_name_too_long, err_not_found, err_unreadable,
);

pub const EN: HistoryText = HistoryText {
    cards_added: Plural { one: "added {n} card", few: "added {n} cards", many: "added {n} cards", other: "added {n} cards" },
    cards_edited: Plural { one: "edited {n} card", few: "edited {n} cards", many: "edited {n} cards", other: "edited {n} cards" },
    cards_moved: Plural { one: "moved {n} card", few: "moved {n} cards", many: "moved {n} cards", other: "moved {n} cards" },
    cards_deleted: Plural { one: "deleted {n} card", few: "deleted {n} cards", many: "deleted {n} cards", other: "deleted {n} cards" },
    stages_added: Plural { one: "added {n} stage", few: "added {n} stages", many: "added {n} stages", other: "added {n} stages" },
    stages_edited: Plural { one: "edited {n} stage", few: "edited {n} stages", many: "edited {n} stages", other: "edited {n} stages" },
    stages_moved: Plural { one: "moved {n} stage", few: "moved {n} stages", many: "moved {n} stages", other: "moved {n} stages" },
    stages_deleted: Plural { one: "deleted {n} stage", few: "deleted {n} stages", many: "deleted {n} stages", other: "deleted {n} stages" },
    lanes_added: Plural { one: "added {n} lane", few: "added {n} lanes", many: "added {n} lanes", other: "added {n} lanes" },
    lanes_edited: Plural { one: "renamed {n} lane", few: "renamed {n} lanes", many: "renamed {n} lanes", other: "renamed {n} lanes" },
    lanes_moved: Plural { one: "moved {n} lane", few: "moved {n} lanes", many: "moved {n} lanes", other: "moved {n} lanes" },
    lanes_deleted: Plural { one: "deleted {n} lane", few: "deleted {n} lanes", many: "deleted {n} lanes", other: "deleted {n} lanes" },
    personas_linked: Plural { one: "added {n} persona", few: "added {n} personas", many: "added {n} personas", other: "added {n} personas" },
    personas_unlinked: Plural { one: "removed {n} persona", few: "removed {n} personas", many: "removed {n} personas", other: "removed {n} personas" },
    emotions_set: Plural { one: "set {n} feeling", few: "set {n} feelings", many: "set {n} feelings", other: "set {n} feelings" },
    n_changes: Plural { one: "{n} change", few: "{n} changes", many: "{n} changes", other: "{n} changes" },
    map_edited: "renamed or described the map",
    map_moved: "moved the map here from another workspace",
    to_stage: "{what} to {stage}",
    at_stage: "{what} at {stage}",
    and: "{a} and {b}",
    history: "History",
    history_intro: "Every change of the map, newest first. Open the map as it was, compare it with now, or restore it.",
    versions: "Versions",
    no_versions: "No versions yet: save one before a workshop or a review.",
    save_version: "Save version",
    version_name: "Version name",
    version_saved: "Version “{name}” saved.",
    safety_copy: "saved before a restore",
    before_restore: "Before restoring to {name}",
    open: "Open",
    restore: "Restore",
    restore_confirm: "Make the map what it was at “{name}”? Everyone sees it at once; the map as it is now is saved as a version first.",
    restored: "Restored: {changes}. The map as it was before is saved as “{name}”.",
    compare: "Compare",
    compare_with: "Compare with",
    now: "The map now",
    export_version: "Export “{name}”",
    as_it_was: "As it was: {name}",
    read_only_past: "The map as it was, read only.",
    back_to_now: "Back to now",
    older: "Older changes",
    nobody: "someone",
    filter_person: "Person",
    filter_stage: "Stage",
    everyone: "Everyone",
    every_stage: "Every stage",
    added: "added since",
    removed: "removed since",
    changed: "changed since",
    no_history: "No changes yet.",
    revert: "Revert this change",
    revert_confirm: "Take back this change only, keeping everything done after it?",
    reverted: "Reverted: {changes}.",
    err_depends: "Later changes ({n}) build on this one: revert those first, or restore a version.",
    err_name_missing: "Give the version a name.",
    err_name_too_long: "A version name holds at most {max} characters.",
    err_not_found: "That version or moment is not there.",
    err_unreadable: "This moment cannot be rebuilt from the history (the map is older than its full history).",
};

pub const PT_BR: HistoryText = HistoryText {
    cards_added: Plural {
        one: "adicionou {n} cartão",
        few: "adicionou {n} cartões",
        many: "adicionou {n} cartões",
        other: "adicionou {n} cartões",
    },
    cards_edited: Plural {
        one: "editou {n} cartão",
        few: "editou {n} cartões",
        many: "editou {n} cartões",
        other: "editou {n} cartões",
    },
    cards_moved: Plural {
        one: "moveu {n} cartão",
        few: "moveu {n} cartões",
        many: "moveu {n} cartões",
        other: "moveu {n} cartões",
    },
    cards_deleted: Plural {
        one: "excluiu {n} cartão",
        few: "excluiu {n} cartões",
        many: "excluiu {n} cartões",
        other: "excluiu {n} cartões",
    },
    stages_added: Plural {
        one: "adicionou {n} etapa",
        few: "adicionou {n} etapas",
        many: "adicionou {n} etapas",
        other: "adicionou {n} etapas",
    },
    stages_edited: Plural {
        one: "editou {n} etapa",
        few: "editou {n} etapas",
        many: "editou {n} etapas",
        other: "editou {n} etapas",
    },
    stages_moved: Plural {
        one: "moveu {n} etapa",
        few: "moveu {n} etapas",
        many: "moveu {n} etapas",
        other: "moveu {n} etapas",
    },
    stages_deleted: Plural {
        one: "excluiu {n} etapa",
        few: "excluiu {n} etapas",
        many: "excluiu {n} etapas",
        other: "excluiu {n} etapas",
    },
    lanes_added: Plural {
        one: "adicionou {n} raia",
        few: "adicionou {n} raias",
        many: "adicionou {n} raias",
        other: "adicionou {n} raias",
    },
    lanes_edited: Plural {
        one: "renomeou {n} raia",
        few: "renomeou {n} raias",
        many: "renomeou {n} raias",
        other: "renomeou {n} raias",
    },
    lanes_moved: Plural {
        one: "moveu {n} raia",
        few: "moveu {n} raias",
        many: "moveu {n} raias",
        other: "moveu {n} raias",
    },
    lanes_deleted: Plural {
        one: "excluiu {n} raia",
        few: "excluiu {n} raias",
        many: "excluiu {n} raias",
        other: "excluiu {n} raias",
    },
    personas_linked: Plural {
        one: "adicionou {n} persona",
        few: "adicionou {n} personas",
        many: "adicionou {n} personas",
        other: "adicionou {n} personas",
    },
    personas_unlinked: Plural {
        one: "retirou {n} persona",
        few: "retirou {n} personas",
        many: "retirou {n} personas",
        other: "retirou {n} personas",
    },
    emotions_set: Plural {
        one: "marcou {n} sentimento",
        few: "marcou {n} sentimentos",
        many: "marcou {n} sentimentos",
        other: "marcou {n} sentimentos",
    },
    n_changes: Plural { one: "{n} mudança", few: "{n} mudanças", many: "{n} mudanças", other: "{n} mudanças" },
    map_edited: "renomeou ou descreveu o mapa",
    map_moved: "trouxe o mapa de outro espaço de trabalho",
    to_stage: "{what} para {stage}",
    at_stage: "{what} em {stage}",
    and: "{a} e {b}",
    history: "Histórico",
    history_intro:
        "Cada mudança do mapa, a mais recente primeiro. Abra o mapa como era, compare com agora ou restaure.",
    versions: "Versões",
    no_versions: "Nenhuma versão ainda: salve uma antes de um workshop ou de uma revisão.",
    save_version: "Salvar versão",
    version_name: "Nome da versão",
    version_saved: "Versão “{name}” salva.",
    safety_copy: "salva antes de uma restauração",
    before_restore: "Antes de restaurar para {name}",
    open: "Abrir",
    restore: "Restaurar",
    restore_confirm:
        "Deixar o mapa como era em “{name}”? Todos veem na hora; o mapa de agora é salvo antes como versão.",
    restored: "Restaurado: {changes}. O mapa de antes foi salvo como “{name}”.",
    compare: "Comparar",
    compare_with: "Comparar com",
    now: "O mapa agora",
    export_version: "Exportar “{name}”",
    as_it_was: "Como era: {name}",
    read_only_past: "O mapa como era, somente leitura.",
    back_to_now: "Voltar para agora",
    older: "Mudanças mais antigas",
    nobody: "alguém",
    filter_person: "Pessoa",
    filter_stage: "Etapa",
    everyone: "Todos",
    every_stage: "Todas as etapas",
    added: "adicionado desde então",
    removed: "removido desde então",
    changed: "alterado desde então",
    no_history: "Nenhuma mudança ainda.",
    revert: "Reverter esta mudança",
    revert_confirm: "Desfazer só esta mudança, mantendo tudo o que veio depois?",
    reverted: "Revertido: {changes}.",
    err_depends: "Mudanças posteriores ({n}) dependem desta: reverta-as antes ou restaure uma versão.",
    err_name_missing: "Dê um nome à versão.",
    err_name_too_long: "O nome de uma versão tem no máximo {max} caracteres.",
    err_not_found: "Essa versão ou momento não existe.",
    err_unreadable: "Este momento não pode ser refeito pelo histórico (o mapa é anterior ao histórico completo).",
};

pub const RU: HistoryText = HistoryText {
    cards_added: Plural {
        one: "добавил(а) {n} карточку",
        few: "добавил(а) {n} карточки",
        many: "добавил(а) {n} карточек",
        other: "добавил(а) {n} карточки",
    },
    cards_edited: Plural {
        one: "изменил(а) {n} карточку",
        few: "изменил(а) {n} карточки",
        many: "изменил(а) {n} карточек",
        other: "изменил(а) {n} карточки",
    },
    cards_moved: Plural {
        one: "переместил(а) {n} карточку",
        few: "переместил(а) {n} карточки",
        many: "переместил(а) {n} карточек",
        other: "переместил(а) {n} карточки",
    },
    cards_deleted: Plural {
        one: "удалил(а) {n} карточку",
        few: "удалил(а) {n} карточки",
        many: "удалил(а) {n} карточек",
        other: "удалил(а) {n} карточки",
    },
    stages_added: Plural {
        one: "добавил(а) {n} этап",
        few: "добавил(а) {n} этапа",
        many: "добавил(а) {n} этапов",
        other: "добавил(а) {n} этапа",
    },
    stages_edited: Plural {
        one: "изменил(а) {n} этап",
        few: "изменил(а) {n} этапа",
        many: "изменил(а) {n} этапов",
        other: "изменил(а) {n} этапа",
    },
    stages_moved: Plural {
        one: "переместил(а) {n} этап",
        few: "переместил(а) {n} этапа",
        many: "переместил(а) {n} этапов",
        other: "переместил(а) {n} этапа",
    },
    stages_deleted: Plural {
        one: "удалил(а) {n} этап",
        few: "удалил(а) {n} этапа",
        many: "удалил(а) {n} этапов",
        other: "удалил(а) {n} этапа",
    },
    lanes_added: Plural {
        one: "добавил(а) {n} дорожку",
        few: "добавил(а) {n} дорожки",
        many: "добавил(а) {n} дорожек",
        other: "добавил(а) {n} дорожки",
    },
    lanes_edited: Plural {
        one: "переименовал(а) {n} дорожку",
        few: "переименовал(а) {n} дорожки",
        many: "переименовал(а) {n} дорожек",
        other: "переименовал(а) {n} дорожки",
    },
    lanes_moved: Plural {
        one: "переместил(а) {n} дорожку",
        few: "переместил(а) {n} дорожки",
        many: "переместил(а) {n} дорожек",
        other: "переместил(а) {n} дорожки",
    },
    lanes_deleted: Plural {
        one: "удалил(а) {n} дорожку",
        few: "удалил(а) {n} дорожки",
        many: "удалил(а) {n} дорожек",
        other: "удалил(а) {n} дорожки",
    },
    personas_linked: Plural {
        one: "добавил(а) {n} персону",
        few: "добавил(а) {n} персоны",
        many: "добавил(а) {n} персон",
        other: "добавил(а) {n} персоны",
    },
    personas_unlinked: Plural {
        one: "убрал(а) {n} персону",
        few: "убрал(а) {n} персоны",
        many: "убрал(а) {n} персон",
        other: "убрал(а) {n} персоны",
    },
    emotions_set: Plural {
        one: "отметил(а) {n} эмоцию",
        few: "отметил(а) {n} эмоции",
        many: "отметил(а) {n} эмоций",
        other: "отметил(а) {n} эмоции",
    },
    n_changes: Plural {
        one: "{n} изменение", few: "{n} изменения", many: "{n} изменений", other: "{n} изменения"
    },
    map_edited: "переименовал(а) или описал(а) карту",
    map_moved: "перенёс(ла) карту сюда из другого рабочего пространства",
    to_stage: "{what} в этап «{stage}»",
    at_stage: "{what} на этапе «{stage}»",
    and: "{a} и {b}",
    history: "История",
    history_intro:
        "Все изменения карты, новые сверху. Откройте карту такой, какой она была, сравните с текущей или восстановите.",
    versions: "Версии",
    no_versions: "Версий пока нет: сохраните одну перед воркшопом или пересмотром.",
    save_version: "Сохранить версию",
    version_name: "Название версии",
    version_saved: "Версия «{name}» сохранена.",
    safety_copy: "сохранена перед восстановлением",
    before_restore: "Перед восстановлением к «{name}»",
    open: "Открыть",
    restore: "Восстановить",
    restore_confirm:
        "Вернуть карту к состоянию «{name}»? Все увидят это сразу; текущая карта сначала сохранится как версия.",
    restored: "Восстановлено: {changes}. Карта до этого сохранена как «{name}».",
    compare: "Сравнить",
    compare_with: "Сравнить с",
    now: "Картой сейчас",
    export_version: "Экспорт «{name}»",
    as_it_was: "Какой была: {name}",
    read_only_past: "Карта в прошлом, только чтение.",
    back_to_now: "К текущей карте",
    older: "Более ранние изменения",
    nobody: "кто-то",
    filter_person: "Участник",
    filter_stage: "Этап",
    everyone: "Все",
    every_stage: "Все этапы",
    added: "добавлено после",
    removed: "удалено после",
    changed: "изменено после",
    no_history: "Изменений пока нет.",
    revert: "Отменить это изменение",
    revert_confirm: "Отменить только это изменение и сохранить всё, что сделано после?",
    reverted: "Отменено: {changes}.",
    err_depends: "Более поздние изменения ({n}) опираются на это: сначала отмените их или восстановите версию.",
    err_name_missing: "Дайте версии название.",
    err_name_too_long: "В названии версии не больше {max} символов.",
    err_not_found: "Такой версии или момента нет.",
    err_unreadable: "Этот момент нельзя восстановить по истории (карта старше её полной истории).",
};

impl Messages {
    /// Why a version or restore was refused, in words.
    pub fn history_error(&self, e: &HistoryError) -> String {
        let t = self.hi;
        match e {
            HistoryError::NameMissing => t.err_name_missing.to_owned(),
            HistoryError::NameTooLong { max } => t.err_name_too_long.replace("{max}", &max.to_string()),
            HistoryError::NotFound => t.err_not_found.to_owned(),
            HistoryError::Unreadable => t.err_unreadable.to_owned(),
            HistoryError::DependsOnLater { changes } => t.err_depends.replace("{n}", &changes.to_string()),
        }
    }

    /// One change in words: "moved 3 cards to The procedure".
    pub fn history_change(&self, c: &Change, map: &Map) -> String {
        let t = self.hi;
        let plural = match c.kind {
            ChangeKind::CardsAdded => &t.cards_added,
            ChangeKind::CardsEdited => &t.cards_edited,
            ChangeKind::CardsMoved => &t.cards_moved,
            ChangeKind::CardsDeleted => &t.cards_deleted,
            ChangeKind::StagesAdded => &t.stages_added,
            ChangeKind::StagesEdited => &t.stages_edited,
            ChangeKind::StagesMoved => &t.stages_moved,
            ChangeKind::StagesDeleted => &t.stages_deleted,
            ChangeKind::LanesAdded => &t.lanes_added,
            ChangeKind::LanesEdited => &t.lanes_edited,
            ChangeKind::LanesMoved => &t.lanes_moved,
            ChangeKind::LanesDeleted => &t.lanes_deleted,
            ChangeKind::PersonasLinked => &t.personas_linked,
            ChangeKind::PersonasUnlinked => &t.personas_unlinked,
            ChangeKind::EmotionsSet => &t.emotions_set,
            ChangeKind::MapEdited => return t.map_edited.to_owned(),
            ChangeKind::MapMoved => return t.map_moved.to_owned(),
        };
        let what = plural.format(self.locale, u64::from(c.count));
        let stage = c.stage.as_ref().and_then(|s| map.stages.get(s)).map(|s| s.title.as_str());
        match (c.kind, stage) {
            (ChangeKind::CardsAdded | ChangeKind::CardsMoved, Some(s)) => {
                t.to_stage.replace("{what}", &what).replace("{stage}", s)
            }
            (ChangeKind::EmotionsSet, Some(s)) => t.at_stage.replace("{what}", &what).replace("{stage}", s),
            _ => what,
        }
    }

    /// An entry in words, without its author and time: "moved 3 cards to The procedure and
    /// added a card".
    pub fn history_entry(&self, e: &HistoryEntry, map: &Map) -> String {
        let parts: Vec<String> = e.changes.iter().map(|c| self.history_change(c, map)).collect();
        match parts.split_last() {
            None => String::new(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => self.hi.and.replace("{a}", &rest.join(", ")).replace("{b}", last),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::history::{Change, ChangeKind, HistoryEntry};
    use crate::domain::{Map, MapId, OrderKey, Stage, StageId};
    use crate::i18n::Locale;

    #[test]
    fn an_entry_reads_as_a_sentence_in_three_languages() {
        let mut map = Map::new(MapId::from("m"), "M");
        let s = StageId::from("s");
        map.stages.insert(
            s.clone(),
            Stage {
                id: s.clone(),
                title: "The procedure".into(),
                description: String::new(),
                duration: String::new(),
                order: OrderKey::after(None),
            },
        );
        let e = HistoryEntry {
            author: "Ana".into(),
            from_rev: 1,
            to_rev: 4,
            at: chrono::Utc::now(),
            changes: vec![
                Change { kind: ChangeKind::CardsMoved, count: 3, stage: Some(s.clone()) },
                Change { kind: ChangeKind::CardsAdded, count: 1, stage: None },
                Change { kind: ChangeKind::MapEdited, count: 1, stage: None },
            ],
            stages: vec![s],
        };
        assert_eq!(
            Locale::En.messages().history_entry(&e, &map),
            "moved 3 cards to The procedure, added 1 card and renamed or described the map"
        );
        assert!(Locale::Ru
            .messages()
            .history_entry(&e, &map)
            .starts_with("переместил(а) 3 карточки в этап «The procedure»"));
        assert!(Locale::PtBr.messages().history_entry(&e, &map).starts_with("moveu 3 cartões para The procedure"));
    }
}
