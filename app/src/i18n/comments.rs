//! Strings of comments, threads and the inbox of mentions and replies, in the three
//! languages.
//!
//! Long on purpose: one struct of every comment string and its three translations, side
//! by side so a translator sees each key in all languages at once.

use super::{Messages, Plural};
use crate::domain::comment::CommentError;

macro_rules! comment_text {
    ($($field:ident),* $(,)?) => {
        #[cfg_attr(test, derive(serde::Serialize))]
        pub struct CommentText {
            /// "{n} comments": a card's and a stage's thread button.
            pub n_comments: Plural,
            /// "{n} unread" in the Mentions button.
            pub n_unread: Plural,
            $(pub $field: &'static str,)*
        }
    };
}

comment_text!(
    comment,
    comments,
    post,
    reply,
    resolve,
    reopen,
    edit,
    save,
    delete,
    delete_confirm,
    edited,
    deleted,
    resolved_by,
    on_map,
    on_stage,
    on_card,
    on_deleted_card,
    on_deleted_stage,
    comment_on_map,
    show_on_board,
    filter_label,
    filter_open,
    filter_resolved,
    filter_mine,
    filter_all,
    no_threads,
    no_threads_here,
    placeholder,
    reply_placeholder,
    markup_hint,
    guest_name,
    guest_hint,
    suggestions,
    posted,
    mentions,
    inbox_title,
    no_notices,
    notice_mention,
    notice_reply,
    notice_gone,
    mark_all_read,
    err_empty,
    err_too_long,
    err_too_many,
    err_not_found,
    err_not_yours,
    err_name_missing,
    err_no_anchor,
);

impl CommentText {
    /// Where a thread is, in words ("Card: Book online", "On a deleted card").
    pub fn place(&self, m: &crate::domain::Map, anchor: &crate::domain::comment::Anchor) -> String {
        use crate::domain::comment::Anchor;
        match anchor {
            Anchor::Map => self.on_map.to_owned(),
            Anchor::Stage(s) => match m.stages.get(s) {
                Some(s) => self.on_stage.replace("{title}", &s.title),
                None => self.on_deleted_stage.to_owned(),
            },
            Anchor::Card(c) => match m.cards.get(c) {
                Some(c) => {
                    let text: String = c.text.chars().take(60).collect();
                    self.on_card.replace("{text}", &text)
                }
                None => self.on_deleted_card.to_owned(),
            },
        }
    }
}

pub const EN: CommentText = CommentText {
    n_comments: Plural { one: "{n} comment", few: "{n} comments", many: "{n} comments", other: "{n} comments" },
    n_unread: Plural { one: "{n} unread", few: "{n} unread", many: "{n} unread", other: "{n} unread" },
    comment: "Comment",
    comments: "Comments",
    post: "Post",
    reply: "Reply",
    resolve: "Resolve",
    reopen: "Reopen",
    edit: "Edit",
    save: "Save",
    delete: "Delete",
    delete_confirm: "Delete this comment? Its text cannot be brought back.",
    edited: "edited",
    deleted: "Comment deleted",
    resolved_by: "Resolved by {name}",
    on_map: "On the map",
    on_stage: "Stage: {title}",
    on_card: "Card: {text}",
    on_deleted_card: "On a deleted card",
    on_deleted_stage: "On a deleted stage",
    comment_on_map: "Comment on the map",
    show_on_board: "Show on the board",
    filter_label: "Show",
    filter_open: "Open",
    filter_resolved: "Resolved",
    filter_mine: "Mine",
    filter_all: "All",
    no_threads: "No comments here yet.",
    no_threads_here: "No threads here yet: write the first comment.",
    placeholder: "Write a comment… (@ to mention someone)",
    reply_placeholder: "Reply…",
    markup_hint: "**bold**, *italics*, [link](https://…), @name",
    guest_name: "Your name",
    guest_hint: "Shown beside your comments.",
    suggestions: "People to mention",
    posted: "Comment posted",
    mentions: "Mentions",
    inbox_title: "Mentions and replies",
    no_notices: "Nothing yet: when someone mentions you or replies in your thread, it shows here.",
    notice_mention: "{name} mentioned you on {map}",
    notice_reply: "{name} replied on {map}",
    notice_gone: "The comment was deleted.",
    mark_all_read: "Mark all read",
    err_empty: "Write something first.",
    err_too_long: "A comment holds at most {max} characters.",
    err_too_many: "This map holds {max} comments, the most it may: resolve and delete old threads first.",
    err_not_found: "This comment or thread is no longer there.",
    err_not_yours: "Only its author can change or delete a comment.",
    err_name_missing: "Give your name first: it is shown beside your comments.",
    err_no_anchor: "That card or stage is no longer on the map.",
};

pub const PT_BR: CommentText = CommentText {
    n_comments: Plural {
        one: "{n} comentário",
        few: "{n} comentários",
        many: "{n} comentários",
        other: "{n} comentários",
    },
    n_unread: Plural { one: "{n} não lida", few: "{n} não lidas", many: "{n} não lidas", other: "{n} não lidas" },
    comment: "Comentar",
    comments: "Comentários",
    post: "Publicar",
    reply: "Responder",
    resolve: "Resolver",
    reopen: "Reabrir",
    edit: "Editar",
    save: "Salvar",
    delete: "Excluir",
    delete_confirm: "Excluir este comentário? O texto não poderá ser recuperado.",
    edited: "editado",
    deleted: "Comentário excluído",
    resolved_by: "Resolvido por {name}",
    on_map: "No mapa",
    on_stage: "Etapa: {title}",
    on_card: "Cartão: {text}",
    on_deleted_card: "Em um cartão excluído",
    on_deleted_stage: "Em uma etapa excluída",
    comment_on_map: "Comentar no mapa",
    show_on_board: "Mostrar no quadro",
    filter_label: "Mostrar",
    filter_open: "Abertos",
    filter_resolved: "Resolvidos",
    filter_mine: "Meus",
    filter_all: "Todos",
    no_threads: "Ainda não há comentários aqui.",
    no_threads_here: "Nenhuma conversa aqui ainda: escreva o primeiro comentário.",
    placeholder: "Escreva um comentário… (@ para mencionar alguém)",
    reply_placeholder: "Responder…",
    markup_hint: "**negrito**, *itálico*, [link](https://…), @nome",
    guest_name: "Seu nome",
    guest_hint: "Aparece ao lado dos seus comentários.",
    suggestions: "Pessoas para mencionar",
    posted: "Comentário publicado",
    mentions: "Menções",
    inbox_title: "Menções e respostas",
    no_notices: "Nada ainda: quando alguém mencionar você ou responder na sua conversa, aparece aqui.",
    notice_mention: "{name} mencionou você em {map}",
    notice_reply: "{name} respondeu em {map}",
    notice_gone: "O comentário foi excluído.",
    mark_all_read: "Marcar tudo como lido",
    err_empty: "Escreva algo primeiro.",
    err_too_long: "Um comentário tem no máximo {max} caracteres.",
    err_too_many: "Este mapa já tem {max} comentários, o máximo: resolva e exclua conversas antigas primeiro.",
    err_not_found: "Este comentário ou conversa não existe mais.",
    err_not_yours: "Só o autor pode alterar ou excluir um comentário.",
    err_name_missing: "Informe seu nome primeiro: ele aparece ao lado dos seus comentários.",
    err_no_anchor: "Esse cartão ou etapa não está mais no mapa.",
};

pub const RU: CommentText = CommentText {
    n_comments: Plural {
        one: "{n} комментарий",
        few: "{n} комментария",
        many: "{n} комментариев",
        other: "{n} комментария",
    },
    n_unread: Plural {
        one: "{n} непрочитанное",
        few: "{n} непрочитанных",
        many: "{n} непрочитанных",
        other: "{n} непрочитанного",
    },
    comment: "Комментировать",
    comments: "Комментарии",
    post: "Отправить",
    reply: "Ответить",
    resolve: "Отметить решённым",
    reopen: "Открыть снова",
    edit: "Изменить",
    save: "Сохранить",
    delete: "Удалить",
    delete_confirm: "Удалить этот комментарий? Текст нельзя будет вернуть.",
    edited: "изменён",
    deleted: "Комментарий удалён",
    resolved_by: "Решено: {name}",
    on_map: "На карте",
    on_stage: "Этап: {title}",
    on_card: "Карточка: {text}",
    on_deleted_card: "На удалённой карточке",
    on_deleted_stage: "На удалённом этапе",
    comment_on_map: "Комментарий к карте",
    show_on_board: "Показать на доске",
    filter_label: "Показать",
    filter_open: "Открытые",
    filter_resolved: "Решённые",
    filter_mine: "Мои",
    filter_all: "Все",
    no_threads: "Здесь пока нет комментариев.",
    no_threads_here: "Обсуждений пока нет: напишите первый комментарий.",
    placeholder: "Напишите комментарий… (@, чтобы упомянуть)",
    reply_placeholder: "Ответ…",
    markup_hint: "**жирный**, *курсив*, [ссылка](https://…), @имя",
    guest_name: "Ваше имя",
    guest_hint: "Показывается рядом с вашими комментариями.",
    suggestions: "Кого упомянуть",
    posted: "Комментарий отправлен",
    mentions: "Упоминания",
    inbox_title: "Упоминания и ответы",
    no_notices: "Пока ничего: когда вас упомянут или ответят в вашем обсуждении, это появится здесь.",
    notice_mention: "{name} упомянул(а) вас на карте «{map}»",
    notice_reply: "{name} ответил(а) на карте «{map}»",
    notice_gone: "Комментарий удалён.",
    mark_all_read: "Отметить всё прочитанным",
    err_empty: "Сначала напишите что-нибудь.",
    err_too_long: "В комментарии не больше {max} символов.",
    err_too_many: "На этой карте уже {max} комментариев, больше нельзя: решите и удалите старые обсуждения.",
    err_not_found: "Этого комментария или обсуждения больше нет.",
    err_not_yours: "Изменить или удалить комментарий может только его автор.",
    err_name_missing: "Сначала укажите имя: оно показывается рядом с вашими комментариями.",
    err_no_anchor: "Этой карточки или этапа больше нет на карте.",
};

impl Messages {
    /// Why a comment was refused, in words.
    pub fn comment_error(&self, e: &CommentError) -> String {
        let t = self.cm;
        match e {
            CommentError::Empty => t.err_empty.to_owned(),
            CommentError::TooLong { max } => t.err_too_long.replace("{max}", &max.to_string()),
            CommentError::TooMany { max } => t.err_too_many.replace("{max}", &max.to_string()),
            CommentError::NotFound => t.err_not_found.to_owned(),
            CommentError::NotYours => t.err_not_yours.to_owned(),
            CommentError::NameMissing => t.err_name_missing.to_owned(),
            CommentError::NoAnchor => t.err_no_anchor.to_owned(),
        }
    }
}
