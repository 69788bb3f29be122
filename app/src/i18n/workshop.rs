//! Strings of workshop mode (joining, guests, locking, dot voting) in the three languages,
//! side by side so a translator sees each key in all of them at once.
//!
//! Long on purpose: one struct of every workshop string and its three translations.

use super::{Locale, Plural};
use crate::domain::facilitation::WorkshopError;
use crate::domain::OpError;

macro_rules! workshop_text {
    (plurals: $($p:ident),* ; strings: $($field:ident),* $(,)?) => {
        #[cfg_attr(test, derive(serde::Serialize))]
        pub struct WorkshopText {
            $(pub $p: Plural,)*
            $(pub $field: &'static str,)*
        }
    };
}

workshop_text!(
    plurals: votes_left, n_votes, n_guests;
    strings: start_workshop, workshop, join_title, join_qr, join_link, join_hint, join_elsewhere, copy_link, copied,
        lock, unlock, locked_banner, participants, no_participants, remove, removed, end_workshop, end_confirm, ended,
        close, your_name, name_missing, join, join_intro, join_gone, join_full, guest_badge,
        start_vote, vote_lanes, votes_each, several, vote_start_hint, reveal_votes, vote_again, vote_for, unvote,
        voting, results, no_votes, votes_on_card, op_locked, op_not_yours, op_facilitator,
        vote_not_open, vote_not_in, vote_none_left, vote_one_per_card, vote_setup,
);

pub const EN: WorkshopText = WorkshopText {
    votes_left: Plural { one: "{n} vote left", few: "{n} votes left", many: "{n} votes left", other: "{n} votes left" },
    n_votes: Plural { one: "{n} vote", few: "{n} votes", many: "{n} votes", other: "{n} votes" },
    n_guests: Plural { one: "{n} guest", few: "{n} guests", many: "{n} guests", other: "{n} guests" },
    start_workshop: "Start workshop",
    workshop: "Workshop",
    join_title: "Join the workshop",
    join_qr: "Join QR code",
    join_link: "Join link",
    join_hint: "Scan the code or open the link: a name is all a guest needs, no account.",
    join_elsewhere: "On this network the server can also be reached at:",
    copy_link: "Copy link",
    copied: "Copied.",
    lock: "Lock board",
    unlock: "Unlock board",
    locked_banner: "The facilitator has locked the board: you can read it, not change it.",
    participants: "Participants",
    no_participants: "Nobody has joined yet.",
    remove: "Remove {name}",
    removed: "{name} can no longer take part.",
    end_workshop: "End workshop",
    end_confirm: "End the workshop? Every guest link stops working at once; the cards stay.",
    ended: "The workshop has ended. Thank you for taking part!",
    close: "Close",
    your_name: "Your name",
    name_missing: "Type your name to join.",
    join: "Join",
    join_intro: "You are invited to work on “{title}”. Say who you are and join: no account needed.",
    join_gone: "This workshop has ended, or the link is wrong.",
    join_full: "This workshop is full.",
    guest_badge: "guest",
    start_vote: "Start vote",
    vote_lanes: "Lanes to vote on",
    votes_each: "Votes per person",
    several: "One person may put several votes on one card",
    vote_start_hint: "Votes stay hidden until you reveal them.",
    reveal_votes: "Reveal votes",
    vote_again: "Vote again",
    vote_for: "Vote for {text}",
    unvote: "Take a vote back from {text}",
    voting: "Dot voting: {n} each, hidden until revealed.",
    results: "Vote results",
    no_votes: "No votes were cast.",
    votes_on_card: "Votes",
    op_locked: "The facilitator has locked the board.",
    op_not_yours: "Only the person who added this card can change it.",
    op_facilitator: "Only the facilitator can change stages, lanes and the map.",
    vote_not_open: "No vote is open.",
    vote_not_in: "This card is not part of the vote.",
    vote_none_left: "All your votes are used: take one back to vote again.",
    vote_one_per_card: "One vote per card in this vote.",
    vote_setup: "Choose at least one lane, and 1 to {max} votes per person.",
};

pub const PT_BR: WorkshopText = WorkshopText {
    votes_left: Plural {
        one: "resta {n} voto",
        few: "restam {n} votos",
        many: "restam {n} votos",
        other: "restam {n} votos",
    },
    n_votes: Plural { one: "{n} voto", few: "{n} votos", many: "{n} votos", other: "{n} votos" },
    n_guests: Plural { one: "{n} convidado", few: "{n} convidados", many: "{n} convidados", other: "{n} convidados" },
    start_workshop: "Iniciar oficina",
    workshop: "Oficina",
    join_title: "Entrar na oficina",
    join_qr: "Código QR para entrar",
    join_link: "Link para entrar",
    join_hint: "Leia o código ou abra o link: o convidado só precisa de um nome, sem conta.",
    join_elsewhere: "Nesta rede o servidor também atende em:",
    copy_link: "Copiar link",
    copied: "Copiado.",
    lock: "Travar quadro",
    unlock: "Destravar quadro",
    locked_banner: "O facilitador travou o quadro: você pode ler, não alterar.",
    participants: "Participantes",
    no_participants: "Ninguém entrou ainda.",
    remove: "Remover {name}",
    removed: "{name} não participa mais.",
    end_workshop: "Encerrar oficina",
    end_confirm: "Encerrar a oficina? Todos os links de convidados param na hora; os cartões ficam.",
    ended: "A oficina terminou. Obrigado por participar!",
    close: "Fechar",
    your_name: "Seu nome",
    name_missing: "Digite seu nome para entrar.",
    join: "Entrar",
    join_intro: "Você foi convidado a trabalhar em “{title}”. Diga quem é e entre: não precisa de conta.",
    join_gone: "Esta oficina terminou ou o link está errado.",
    join_full: "Esta oficina está lotada.",
    guest_badge: "convidado",
    start_vote: "Abrir votação",
    vote_lanes: "Raias em votação",
    votes_each: "Votos por pessoa",
    several: "Uma pessoa pode dar vários votos ao mesmo cartão",
    vote_start_hint: "Os votos ficam ocultos até você revelá-los.",
    reveal_votes: "Revelar votos",
    vote_again: "Votar de novo",
    vote_for: "Votar em {text}",
    unvote: "Retirar um voto de {text}",
    voting: "Votação por pontos: {n} por pessoa, ocultos até a revelação.",
    results: "Resultado da votação",
    no_votes: "Nenhum voto foi dado.",
    votes_on_card: "Votos",
    op_locked: "O facilitador travou o quadro.",
    op_not_yours: "Só quem adicionou este cartão pode alterá-lo.",
    op_facilitator: "Só o facilitador pode alterar etapas, raias e o mapa.",
    vote_not_open: "Não há votação aberta.",
    vote_not_in: "Este cartão não está na votação.",
    vote_none_left: "Você usou todos os votos: retire um para votar de novo.",
    vote_one_per_card: "Um voto por cartão nesta votação.",
    vote_setup: "Escolha ao menos uma raia e de 1 a {max} votos por pessoa.",
};

pub const RU: WorkshopText = WorkshopText {
    votes_left: Plural {
        one: "остался {n} голос",
        few: "осталось {n} голоса",
        many: "осталось {n} голосов",
        other: "осталось {n} голоса",
    },
    n_votes: Plural {
        one: "{n} голос", few: "{n} голоса", many: "{n} голосов", other: "{n} голоса"
    },
    n_guests: Plural {
        one: "{n} гость", few: "{n} гостя", many: "{n} гостей", other: "{n} гостя"
    },
    start_workshop: "Начать воркшоп",
    workshop: "Воркшоп",
    join_title: "Присоединиться к воркшопу",
    join_qr: "QR-код для входа",
    join_link: "Ссылка для входа",
    join_hint: "Отсканируйте код или откройте ссылку: гостю нужно только имя, без аккаунта.",
    join_elsewhere: "В этой сети сервер доступен также по адресам:",
    copy_link: "Копировать ссылку",
    copied: "Скопировано.",
    lock: "Заблокировать доску",
    unlock: "Разблокировать доску",
    locked_banner: "Ведущий заблокировал доску: её можно читать, но не менять.",
    participants: "Участники",
    no_participants: "Пока никто не присоединился.",
    remove: "Удалить: {name}",
    removed: "{name} больше не участвует.",
    end_workshop: "Завершить воркшоп",
    end_confirm: "Завершить воркшоп? Все гостевые ссылки сразу перестанут работать; карточки останутся.",
    ended: "Воркшоп завершён. Спасибо за участие!",
    close: "Закрыть",
    your_name: "Ваше имя",
    name_missing: "Введите имя, чтобы войти.",
    join: "Войти",
    join_intro: "Вас пригласили поработать над картой «{title}». Представьтесь и входите: аккаунт не нужен.",
    join_gone: "Этот воркшоп завершён или ссылка неверна.",
    join_full: "В этом воркшопе нет свободных мест.",
    guest_badge: "гость",
    start_vote: "Начать голосование",
    vote_lanes: "Дорожки для голосования",
    votes_each: "Голосов на человека",
    several: "Можно отдать несколько голосов одной карточке",
    vote_start_hint: "Голоса скрыты, пока вы их не откроете.",
    reveal_votes: "Открыть голоса",
    vote_again: "Проголосовать заново",
    vote_for: "Голосовать за «{text}»",
    unvote: "Забрать голос у «{text}»",
    voting: "Голосование точками: {n} на человека, скрыто до открытия.",
    results: "Итоги голосования",
    no_votes: "Никто не проголосовал.",
    votes_on_card: "Голоса",
    op_locked: "Ведущий заблокировал доску.",
    op_not_yours: "Менять карточку может только тот, кто её добавил.",
    op_facilitator: "Этапы, дорожки и саму карту меняет только ведущий.",
    vote_not_open: "Голосование не открыто.",
    vote_not_in: "Эта карточка не участвует в голосовании.",
    vote_none_left: "Все голоса отданы: заберите один, чтобы проголосовать снова.",
    vote_one_per_card: "В этом голосовании — один голос на карточку.",
    vote_setup: "Выберите хотя бы одну дорожку и от 1 до {max} голосов на человека.",
};

impl WorkshopText {
    /// The sentence of a refused workshop edit (the other op errors are `Messages`').
    pub fn op_error(&self, e: &OpError) -> Option<&'static str> {
        Some(match e {
            OpError::BoardLocked => self.op_locked,
            OpError::NotYourCard => self.op_not_yours,
            OpError::FacilitatorOnly => self.op_facilitator,
            _ => return None,
        })
    }

    pub fn error(&self, e: &WorkshopError) -> String {
        match e {
            WorkshopError::NotOpen => self.vote_not_open.into(),
            WorkshopError::NotInVote => self.vote_not_in.into(),
            WorkshopError::NoneLeft => self.vote_none_left.into(),
            WorkshopError::OnePerCard => self.vote_one_per_card.into(),
            WorkshopError::Setup { max } => self.vote_setup.replace("{max}", &max.to_string()),
            WorkshopError::Full => self.join_full.into(),
            WorkshopError::NameMissing => self.name_missing.into(),
        }
    }

    /// "3 votes left" in `locale`.
    pub fn left(&self, locale: Locale, n: u32) -> String {
        self.votes_left.format(locale, u64::from(n))
    }
}
