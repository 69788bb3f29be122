//! Strings of customer feedback, insights and reviews in the three languages, and the
//! sentences that explain a [`Finding`] to a clinic owner: "The procedure: 38 answers,
//! mean 2.9★ against 4.2★ for the map; 11 comments mention “waiting”; 2 high-severity pain
//! points." Means are shown on the summary's scale with the locale's decimal separator.

use super::{Locale, Messages, Plural};
use crate::domain::feedback::{FeedbackSummary, Scale};
use crate::domain::insights::{Finding, Signal, Target};
use crate::domain::review::{Cadence, ReviewError};
use crate::domain::{Map, Persona};

/// Characters of a card's text used as a finding's label.
const CARD_LABEL: usize = 60;

#[cfg_attr(test, derive(serde::Serialize))]
pub struct InsightText {
    /// The view switch's button.
    pub view_insights: &'static str,
    /// The list of findings, worst first.
    pub bottlenecks: &'static str,
    /// The badge of the worst stages on the board.
    pub bottleneck: &'static str,
    /// The legend entry of the measured curve in the emotion lane.
    pub customer_feedback: &'static str,
    /// A stage or touchpoint below `MIN_ANSWERS` answers.
    pub not_enough_data: &'static str,
    /// A finding with no signal at all.
    pub nothing_stands_out: &'static str,
    /// The label of a stage, card or persona that is gone.
    pub deleted: &'static str,
    pub answers: Plural,
    /// `{answers}`: [`Self::answers`]; `{mean}`, `{map_mean}`: "2.9★".
    pub measured: &'static str,
    /// `{pct}`: a whole percentage.
    pub negative: &'static str,
    /// `{word}`: the commonest complaint term, as written in the comments.
    pub term: Plural,
    pub pain_points: Plural,
    pub pain_high: Plural,
    /// Follows `pain_points` when some, not all, are of high severity.
    pub pain_of_them_high: Plural,
    pub metrics_off: Plural,
    /// `{persona}`: a name; `{assumed}`, `{measured}`: "2.9★".
    pub gap: &'static str,
    /// `{recent}`, `{previous}`: "2.9★".
    pub trend_down: &'static str,
    pub trend_up: &'static str,
    // Reviews
    pub review_due: &'static str,
    pub no_new_evidence: &'static str,
    pub mark_reviewed: &'static str,
    pub review_note: &'static str,
    pub review_log: &'static str,
    pub review_cadence: &'static str,
    /// `{date}`.
    pub next_review: &'static str,
    pub review_weekly: &'static str,
    pub review_every: Plural,
    pub no_cadence: &'static str,
    /// `{name}`, `{date}`.
    pub reviewed_by: &'static str,
    pub since_last_review: &'static str,
    /// `{max}`: the longest cadence in weeks.
    pub err_review_cadence: &'static str,
    /// `{max}`: characters.
    pub err_review_note: &'static str,
}

impl Messages {
    /// A number with one decimal and the locale's separator ("2.9", "2,9").
    pub fn decimal(&self, x: f64) -> String {
        let s = format!("{x:.1}");
        match self.locale {
            Locale::En => s,
            Locale::PtBr | Locale::Ru => s.replace('.', ","),
        }
    }

    /// A mean on −2..+2 shown on `scale`: "2.9★", "6.5/10", "4.1/5", "5.2/7".
    pub fn feedback_mean(&self, scale: Scale, norm: f64) -> String {
        let suffix = match scale {
            Scale::Stars => "★",
            Scale::Nps => "/10",
            Scale::Csat => "/5",
            Scale::Ces => "/7",
        };
        format!("{}{suffix}", self.decimal(scale.denormalise(norm)))
    }

    /// What a finding is about, in a word: the stage's title or the card's text (cut).
    pub fn finding_label(&self, f: &Finding, map: &Map) -> String {
        match &f.target {
            Target::Stage(id) => map.stages.get(id).map_or_else(|| self.ins.deleted.to_owned(), |s| s.title.clone()),
            Target::Touchpoint(id) => map.cards.get(id).map_or_else(
                || self.ins.deleted.to_owned(),
                |c| {
                    let flat: String = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
                    if flat.chars().count() > CARD_LABEL {
                        format!("{}…", flat.chars().take(CARD_LABEL - 1).collect::<String>())
                    } else {
                        flat
                    }
                },
            ),
        }
    }

    /// The finding as one sentence: its label, then each signal, "; " between them.
    pub fn finding_sentence(&self, f: &Finding, map: &Map, summary: &FeedbackSummary, personas: &[Persona]) -> String {
        let parts: Vec<String> = f.signals.iter().map(|s| self.signal(s, summary.scale, personas)).collect();
        let body = if parts.is_empty() { self.ins.nothing_stands_out.to_owned() } else { parts.join("; ") };
        format!("{}: {body}.", self.finding_label(f, map))
    }

    /// One signal as a clause of a finding's sentence. User text (a persona's name, a
    /// comment's word) is put in last, so braces in it are never read as placeholders.
    pub fn signal(&self, s: &Signal, scale: Scale, personas: &[Persona]) -> String {
        let (t, l) = (self.ins, self.locale);
        let mean = |x: f64| self.feedback_mean(scale, x);
        match s {
            Signal::Measured { count, mean: m, map_mean, .. } => t
                .measured
                .replace("{mean}", &mean(*m))
                .replace("{map_mean}", &mean(*map_mean))
                .replace("{answers}", &t.answers.format(l, u64::from(*count))),
            Signal::NotEnoughData { count } => {
                format!("{} ({})", t.not_enough_data, t.answers.format(l, u64::from(*count)))
            }
            Signal::Negative { negative, count } => {
                let pct = if *count == 0 { 0.0 } else { (f64::from(*negative) * 100.0 / f64::from(*count)).round() };
                t.negative.replace("{pct}", &format!("{pct:.0}"))
            }
            Signal::Terms { terms } => match terms.first() {
                Some(top) => t.term.format(l, u64::from(top.comments)).replace("{word}", &top.word),
                None => t.nothing_stands_out.to_owned(),
            },
            Signal::PainPoints { total, high } => {
                let (total, high) = (u64::from(*total), u64::from(*high));
                if high == 0 {
                    t.pain_points.format(l, total)
                } else if high >= total {
                    t.pain_high.format(l, high)
                } else {
                    format!("{}, {}", t.pain_points.format(l, total), t.pain_of_them_high.format(l, high))
                }
            }
            Signal::MetricsOffTarget { count } => t.metrics_off.format(l, u64::from(*count)),
            Signal::Gap { persona, assumed, measured } => {
                let name = personas.iter().find(|p| &p.id == persona).map_or(t.deleted, |p| p.name.as_str());
                t.gap
                    .replace("{assumed}", &mean(*assumed))
                    .replace("{measured}", &mean(*measured))
                    .replace("{persona}", name)
            }
            Signal::Trend { recent, previous } => {
                let text = if recent < previous { t.trend_down } else { t.trend_up };
                text.replace("{recent}", &mean(*recent)).replace("{previous}", &mean(*previous))
            }
        }
    }

    /// "Every 4 weeks", "Every week", or no cadence.
    pub fn review_cadence(&self, cadence: Option<Cadence>) -> String {
        match cadence.map(Cadence::weeks) {
            None => self.ins.no_cadence.to_owned(),
            Some(1) => self.ins.review_weekly.to_owned(),
            Some(n) => self.ins.review_every.format(self.locale, u64::from(n)),
        }
    }

    /// A refused cadence or review, translated.
    pub fn review_error(&self, e: &ReviewError) -> String {
        match e {
            ReviewError::BadCadence { max } => self.ins.err_review_cadence.replace("{max}", &max.to_string()),
            ReviewError::NoteTooLong { max } => self.ins.err_review_note.replace("{max}", &max.to_string()),
        }
    }
}

/// English plural forms: `few` and `many` are never used, and are the `other` form.
const fn en(one: &'static str, other: &'static str) -> Plural {
    Plural { one, few: other, many: other, other }
}

/// Portuguese: `one` (0 and 1) and `other`.
const fn pt(one: &'static str, other: &'static str) -> Plural {
    Plural { one, few: other, many: other, other }
}

/// Russian: `one` (1, 21…), `few` (2–4, 22–24…), `many` (5–20, 25…); `other` (fractions)
/// is the `few` form.
const fn ru(one: &'static str, few: &'static str, many: &'static str) -> Plural {
    Plural { one, few, many, other: few }
}

pub const EN: InsightText = InsightText {
    view_insights: "Insights",
    bottlenecks: "Bottlenecks",
    bottleneck: "Bottleneck",
    customer_feedback: "Customer feedback",
    not_enough_data: "Not enough data",
    nothing_stands_out: "nothing stands out",
    deleted: "(deleted)",
    answers: en("{n} answer", "{n} answers"),
    measured: "{answers}, mean {mean} against {map_mean} for the map",
    negative: "{pct}% of the answers are negative",
    term: en("{n} comment mentions “{word}”", "{n} comments mention “{word}”"),
    pain_points: en("{n} pain point", "{n} pain points"),
    pain_high: en("{n} high-severity pain point", "{n} high-severity pain points"),
    pain_of_them_high: en("{n} of them high-severity", "{n} of them high-severity"),
    metrics_off: en("{n} metric off target", "{n} metrics off target"),
    gap: "{persona}’s curve assumes {assumed}, the answers say {measured}",
    trend_down: "falling: {recent} in the last 90 days against {previous} in the 90 days before",
    trend_up: "rising: {recent} in the last 90 days against {previous} in the 90 days before",
    review_due: "Review due",
    no_new_evidence: "No new evidence in 90 days",
    mark_reviewed: "Mark reviewed",
    review_note: "Review note",
    review_log: "Review log",
    review_cadence: "Review cadence",
    next_review: "Next review: {date}",
    review_weekly: "Every week",
    review_every: en("Every {n} week", "Every {n} weeks"),
    no_cadence: "No regular review",
    reviewed_by: "{name} on {date}",
    since_last_review: "Since the last review",
    err_review_cadence: "A review cadence is every 1 to {max} weeks.",
    err_review_note: "A review note has at most {max} characters.",
};

pub const PT_BR: InsightText = InsightText {
    view_insights: "Diagnóstico",
    bottlenecks: "Gargalos",
    bottleneck: "Gargalo",
    customer_feedback: "Opinião dos clientes",
    not_enough_data: "Dados insuficientes",
    nothing_stands_out: "nada se destaca",
    deleted: "(excluído)",
    answers: pt("{n} resposta", "{n} respostas"),
    measured: "{answers}, média {mean} contra {map_mean} do mapa",
    negative: "{pct}% das respostas são negativas",
    term: pt("{n} comentário menciona “{word}”", "{n} comentários mencionam “{word}”"),
    pain_points: pt("{n} ponto de dor", "{n} pontos de dor"),
    pain_high: pt("{n} ponto de dor de gravidade alta", "{n} pontos de dor de gravidade alta"),
    pain_of_them_high: pt("{n} de gravidade alta", "{n} de gravidade alta"),
    metrics_off: pt("{n} métrica fora da meta", "{n} métricas fora da meta"),
    gap: "a curva de {persona} supõe {assumed}, as respostas dizem {measured}",
    trend_down: "em queda: {recent} nos últimos 90 dias contra {previous} nos 90 dias anteriores",
    trend_up: "em alta: {recent} nos últimos 90 dias contra {previous} nos 90 dias anteriores",
    review_due: "Revisão pendente",
    no_new_evidence: "Sem novos dados há 90 dias",
    mark_reviewed: "Marcar como revisado",
    review_note: "Nota da revisão",
    review_log: "Histórico de revisões",
    review_cadence: "Frequência de revisão",
    next_review: "Próxima revisão: {date}",
    review_weekly: "Toda semana",
    review_every: pt("A cada {n} semana", "A cada {n} semanas"),
    no_cadence: "Sem revisão periódica",
    reviewed_by: "{name} em {date}",
    since_last_review: "Desde a última revisão",
    err_review_cadence: "A frequência de revisão vai de 1 a {max} semanas.",
    err_review_note: "Uma nota de revisão tem no máximo {max} caracteres.",
};

pub const RU: InsightText = InsightText {
    view_insights: "Выводы",
    bottlenecks: "Узкие места",
    bottleneck: "Узкое место",
    customer_feedback: "Отзывы клиентов",
    not_enough_data: "Недостаточно данных",
    nothing_stands_out: "ничего не выделяется",
    deleted: "(удалено)",
    answers: ru("{n} ответ", "{n} ответа", "{n} ответов"),
    measured: "{answers}, в среднем {mean} при {map_mean} по карте",
    negative: "негативных ответов: {pct} %",
    term: ru("{n} отзыв упоминает «{word}»", "{n} отзыва упоминают «{word}»", "{n} отзывов упоминают «{word}»"),
    pain_points: ru("{n} болевая точка", "{n} болевые точки", "{n} болевых точек"),
    pain_high: ru(
        "{n} болевая точка высокой серьёзности",
        "{n} болевые точки высокой серьёзности",
        "{n} болевых точек высокой серьёзности",
    ),
    pain_of_them_high: ru(
        "из них {n} высокой серьёзности",
        "из них {n} высокой серьёзности",
        "из них {n} высокой серьёзности",
    ),
    metrics_off: ru("{n} метрика не достигает цели", "{n} метрики не достигают цели", "{n} метрик не достигают цели"),
    gap: "кривая персоны {persona} предполагает {assumed}, ответы показывают {measured}",
    trend_down: "снижается: {recent} за последние 90 дней против {previous} за 90 дней до того",
    trend_up: "растёт: {recent} за последние 90 дней против {previous} за 90 дней до того",
    review_due: "Пора пересмотреть",
    no_new_evidence: "Нет новых данных 90 дней",
    mark_reviewed: "Отметить пересмотр",
    review_note: "Заметка о пересмотре",
    review_log: "Журнал пересмотров",
    review_cadence: "Периодичность пересмотра",
    next_review: "Следующий пересмотр: {date}",
    review_weekly: "Каждую неделю",
    review_every: ru("Каждую {n} неделю", "Каждые {n} недели", "Каждые {n} недель"),
    no_cadence: "Без регулярного пересмотра",
    reviewed_by: "{name}, {date}",
    since_last_review: "С последнего пересмотра",
    err_review_cadence: "Пересматривать можно раз в 1–{max} недель.",
    err_review_note: "Заметка о пересмотре — не больше {max} символов.",
};
