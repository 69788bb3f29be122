//! Strings of customer feedback, insights and reviews in the three languages, and the
//! sentences that explain a [`Finding`] to a clinic owner: "The procedure: 38 answers,
//! mean 2.9★ against 4.2★ for the map; 11 comments mention “waiting”; 2 high-severity pain
//! points." Means are shown on the summary's scale with the locale's decimal separator.
//!
//! Long on purpose: the strings stand side by side in the three languages, so a translator
//! sees each key in all of them at once (as in `accounts.rs`), and the sentence tests that
//! read them in every language sit beside them.

use super::{Locale, Messages, Plural};
use crate::domain::feedback::{FeedbackSummary, Scale};
use crate::domain::insights::{Finding, Signal, Target};
use crate::domain::review::{Cadence, ReviewError, SinceReview};
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
    pub new_answers: Plural,
    /// `{stage}`: a title; `{before}`, `{now}`: "2.9★".
    pub score_moved: &'static str,
    /// A stage with too few answers at the last review and enough now.
    pub first_measured: &'static str,
    /// `{stage}`: a title.
    pub new_bottleneck: &'static str,
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

    /// "Since the last review", line by line: new answers, each stage's move, each new
    /// bottleneck.
    pub fn since_review(&self, since: &SinceReview, map: &Map, scale: Scale) -> Vec<String> {
        let t = self.ins;
        let title = |id| map.stages.get(id).map_or(t.deleted, |s: &crate::domain::Stage| s.title.as_str());
        let mut lines = vec![t.new_answers.format(self.locale, u64::from(since.new_answers))];
        for m in &since.moves {
            let now = self.feedback_mean(scale, m.now);
            let line = match m.before {
                Some(b) => t.score_moved.replace("{before}", &self.feedback_mean(scale, b)).replace("{now}", &now),
                None => t.first_measured.replace("{now}", &now),
            };
            lines.push(line.replace("{stage}", title(&m.stage)));
        }
        lines.extend(since.new_bottlenecks.iter().map(|b| t.new_bottleneck.replace("{stage}", title(b))));
        lines
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
    new_answers: en("{n} new answer", "{n} new answers"),
    score_moved: "{stage}: {before} → {now}",
    first_measured: "{stage}: {now}, measured for the first time",
    new_bottleneck: "New bottleneck: {stage}",
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
    new_answers: pt("{n} resposta nova", "{n} respostas novas"),
    score_moved: "{stage}: de {before} para {now}",
    first_measured: "{stage}: {now}, medido pela primeira vez",
    new_bottleneck: "Novo gargalo: {stage}",
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
    new_answers: ru("{n} новый ответ", "{n} новых ответа", "{n} новых ответов"),
    score_moved: "{stage}: было {before}, стало {now}",
    first_measured: "{stage}: {now}, впервые достаточно данных",
    new_bottleneck: "Новое узкое место: {stage}",
    err_review_cadence: "Пересматривать можно раз в 1–{max} недель.",
    err_review_note: "Заметка о пересмотре — не больше {max} символов.",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::feedback::Term;
    use crate::domain::insights::findings;
    use crate::domain::insights_tests::{clinic, ev, map_with, stage, summary};
    use crate::domain::{CardId, PersonaId};

    /// The clinic map with its stages named in `lang`, and the procedure's top term.
    fn clinic_in(titles: [&str; 5], word: &str) -> (Map, FeedbackSummary) {
        let (mut map, mut s) = clinic();
        for (old, new) in ["Booking", "Arrival", "Procedure", "Payment", "Aftercare"].into_iter().zip(titles) {
            let id = stage(&map, old);
            if let Some(st) = map.stages.get_mut(&id) {
                st.title = new.into();
            }
        }
        s.stages[2].terms = vec![Term { word: word.into(), comments: 11 }];
        (map, s)
    }

    /// The example of issue #15: the measured score, the commonest term and the pain points.
    fn example(m: &Messages, map: &Map, s: &FeedbackSummary) -> String {
        let f = &findings(map, s)[0];
        let kept = f.signals.iter().filter(|x| !matches!(x, Signal::Negative { .. })).cloned().collect();
        m.finding_sentence(&Finding { signals: kept, ..f.clone() }, map, s, &[])
    }

    #[test]
    fn the_procedure_explains_itself_in_three_languages() {
        let (map, s) = clinic_in(["Booking", "Arrival", "The procedure", "Payment", "Aftercare"], "waiting");
        assert_eq!(
            example(Locale::En.messages(), &map, &s),
            "The procedure: 38 answers, mean 2.9★ against 4.2★ for the map; 11 comments mention “waiting”; \
             2 high-severity pain points."
        );
        let full = Locale::En.messages().finding_sentence(&findings(&map, &s)[0], &map, &s, &[]);
        assert!(full.contains("; 37% of the answers are negative; "), "{full}");

        let (map, s) = clinic_in(["Agendamento", "Chegada", "O procedimento", "Pagamento", "Pós"], "espera");
        assert_eq!(
            example(Locale::PtBr.messages(), &map, &s),
            "O procedimento: 38 respostas, média 2,9★ contra 4,2★ do mapa; 11 comentários mencionam “espera”; \
             2 pontos de dor de gravidade alta."
        );

        let (map, s) = clinic_in(["Запись", "Визит", "Процедура", "Оплата", "Уход"], "ожидание");
        assert_eq!(
            example(Locale::Ru.messages(), &map, &s),
            "Процедура: 38 ответов, в среднем 2,9★ при 4,2★ по карте; 11 отзывов упоминают «ожидание»; \
             2 болевые точки высокой серьёзности."
        );
    }

    #[test]
    fn too_few_answers_say_not_enough_data() {
        let (map, s) = clinic();
        let booking =
            findings(&map, &s).into_iter().find(|f| !f.enough_data).unwrap_or_else(|| panic!("no thin stage"));
        let say = |l: Locale| l.messages().finding_sentence(&booking, &map, &s, &[]);
        assert_eq!(say(Locale::En), "Booking: Not enough data (3 answers); 1 pain point.");
        assert_eq!(say(Locale::PtBr), "Booking: Dados insuficientes (3 respostas); 1 ponto de dor.");
        assert_eq!(say(Locale::Ru), "Booking: Недостаточно данных (3 ответа); 1 болевая точка.");
    }

    #[test]
    fn russian_clauses_agree_with_their_numbers() {
        let m = Locale::Ru.messages();
        let say = |s: Signal| m.signal(&s, Scale::Stars, &[]);
        assert_eq!(say(Signal::NotEnoughData { count: 1 }), "Недостаточно данных (1 ответ)");
        assert_eq!(say(Signal::NotEnoughData { count: 0 }), "Недостаточно данных (0 ответов)");
        let terms = |n| Signal::Terms { terms: vec![Term { word: "ждать".into(), comments: n }] };
        assert_eq!(say(terms(21)), "21 отзыв упоминает «ждать»");
        assert_eq!(say(terms(3)), "3 отзыва упоминают «ждать»");
        assert_eq!(say(terms(12)), "12 отзывов упоминают «ждать»");
        assert_eq!(say(Signal::PainPoints { total: 5, high: 0 }), "5 болевых точек");
        assert_eq!(say(Signal::PainPoints { total: 5, high: 2 }), "5 болевых точек, из них 2 высокой серьёзности");
        assert_eq!(say(Signal::MetricsOffTarget { count: 2 }), "2 метрики не достигают цели");
        assert_eq!(say(Signal::Negative { negative: 1, count: 3 }), "негативных ответов: 33 %");
        let en = Locale::En.messages();
        assert_eq!(
            en.signal(&Signal::PainPoints { total: 3, high: 1 }, Scale::Stars, &[]),
            "3 pain points, 1 of them high-severity"
        );
        assert_eq!(en.signal(&Signal::MetricsOffTarget { count: 1 }, Scale::Stars, &[]), "1 metric off target");
    }

    #[test]
    fn means_are_shown_on_the_answers_scale_with_the_locales_separator() {
        let norm = |s: Scale, v: f64| s.normalise(v).unwrap_or(f64::NAN);
        let (en, pt, ru) = (Locale::En.messages(), Locale::PtBr.messages(), Locale::Ru.messages());
        assert_eq!(en.feedback_mean(Scale::Nps, norm(Scale::Nps, 6.5)), "6.5/10");
        assert_eq!(pt.feedback_mean(Scale::Nps, norm(Scale::Nps, 6.5)), "6,5/10");
        assert_eq!(ru.feedback_mean(Scale::Csat, norm(Scale::Csat, 4.1)), "4,1/5");
        assert_eq!(en.feedback_mean(Scale::Ces, norm(Scale::Ces, 5.2)), "5.2/7");
        assert_eq!(en.feedback_mean(Scale::Stars, 2.0), "5.0★");
        assert_eq!(en.feedback_mean(Scale::Stars, -9.0), "1.0★", "off the scale is clamped");
        // A trend and a gap on NPS, as a clinic surveying with NPS reads them.
        let trend = Signal::Trend { recent: norm(Scale::Nps, 6.0), previous: norm(Scale::Nps, 8.0) };
        assert_eq!(
            pt.signal(&trend, Scale::Nps, &[]),
            "em queda: 6,0/10 nos últimos 90 dias contra 8,0/10 nos 90 dias anteriores"
        );
        let rising = Signal::Trend { recent: 1.0, previous: 0.0 };
        assert!(en.signal(&rising, Scale::Stars, &[]).starts_with("rising: 4.0★"));
    }

    #[test]
    fn a_gap_names_the_persona_and_braces_in_user_text_stay_text() {
        let ana = Persona::named(PersonaId::from_str("ana"), "Ana {measured}".into());
        let gap = Signal::Gap { persona: ana.id.clone(), assumed: 2.0, measured: -0.1 };
        let en = Locale::En.messages();
        assert_eq!(
            en.signal(&gap, Scale::Stars, std::slice::from_ref(&ana)),
            "Ana {measured}’s curve assumes 5.0★, the answers say 2.9★"
        );
        assert_eq!(
            Locale::Ru.messages().signal(&gap, Scale::Stars, &[]),
            "кривая персоны (удалено) предполагает 5,0★, ответы показывают 2,9★"
        );
        let term = Signal::Terms { terms: vec![Term { word: "{n}".into(), comments: 2 }] };
        assert_eq!(en.signal(&term, Scale::Stars, &[]), "2 comments mention “{n}”");
    }

    #[test]
    fn labels_are_the_stage_title_or_the_cards_text_cut() {
        let mut map = map_with(&["Arrival"]);
        let id = CardId::from("c");
        let text = format!("Front desk\n  {}", "phone ".repeat(20));
        let card = crate::domain::Card {
            author: None,
            id: id.clone(),
            lane: crate::domain::LaneId::from("touchpoints"),
            stage: stage(&map, "Arrival"),
            order: crate::domain::OrderKey::spread(1).remove(0),
            text,
            colour: Default::default(),
            tags: vec![],
            details: Default::default(),
        };
        map.cards.insert(id.clone(), card);
        let en = Locale::En.messages();
        let f = |target| Finding { target, badness: 0.0, enough_data: false, signals: vec![] };
        let label = en.finding_label(&f(Target::Touchpoint(id)), &map);
        assert!(label.starts_with("Front desk phone phone"), "{label}");
        assert_eq!(label.chars().count(), CARD_LABEL);
        assert!(label.ends_with('…'));
        assert_eq!(en.finding_label(&f(Target::Stage(stage(&map, "Arrival"))), &map), "Arrival");
        assert_eq!(
            Locale::PtBr.messages().finding_label(&f(Target::Touchpoint(CardId::from("x"))), &map),
            "(excluído)"
        );
        let s = summary(4.0, vec![ev(stage(&map, "Arrival"), 0, 4.0, 0)]);
        assert_eq!(
            en.finding_sentence(&f(Target::Stage(stage(&map, "Arrival"))), &map, &s, &[]),
            "Arrival: nothing stands out."
        );
    }

    #[test]
    fn since_the_last_review_reads_line_by_line() {
        use crate::domain::review::ScoreMove;
        let map = map_with(&["Arrival", "Booking"]);
        let since = SinceReview {
            new_answers: 22,
            moves: vec![
                ScoreMove { stage: stage(&map, "Arrival"), before: Some(1.5), now: 0.0 },
                ScoreMove { stage: stage(&map, "Booking"), before: None, now: 1.0 },
            ],
            new_bottlenecks: vec![stage(&map, "Arrival")],
        };
        let ru = Locale::Ru.messages().since_review(&since, &map, Scale::Stars);
        assert_eq!(
            ru,
            [
                "22 новых ответа",
                "Arrival: было 4,5★, стало 3,0★",
                "Booking: 4,0★, впервые достаточно данных",
                "Новое узкое место: Arrival"
            ]
        );
        let en =
            Locale::En.messages().since_review(&SinceReview { new_answers: 1, ..Default::default() }, &map, Scale::Nps);
        assert_eq!(en, ["1 new answer"]);
    }

    #[test]
    fn review_cadences_and_refusals_read_in_every_language() {
        let c = |n| Cadence::new(n).ok();
        let (en, pt, ru) = (Locale::En.messages(), Locale::PtBr.messages(), Locale::Ru.messages());
        assert_eq!(en.review_cadence(c(1)), "Every week");
        assert_eq!(en.review_cadence(c(4)), "Every 4 weeks");
        assert_eq!(pt.review_cadence(c(2)), "A cada 2 semanas");
        assert_eq!(ru.review_cadence(c(21)), "Каждую 21 неделю");
        assert_eq!(ru.review_cadence(c(3)), "Каждые 3 недели");
        assert_eq!(ru.review_cadence(c(12)), "Каждые 12 недель");
        assert_eq!(ru.review_cadence(None), "Без регулярного пересмотра");
        let e = ReviewError::NoteTooLong { max: 500 };
        assert_eq!(en.review_error(&e), "A review note has at most 500 characters.");
        assert_eq!(
            pt.review_error(&ReviewError::BadCadence { max: 52 }),
            "A frequência de revisão vai de 1 a 52 semanas."
        );
        assert!(ru.review_error(&e).contains("500"));
    }
}
