//! Filled maps a newcomer can learn from, from the domain brief (the seed texts): a
//! cosmetology clinic, a massage studio's client timeline, and omnichannel retail. Every
//! text is given in English, Portuguese (Brazil) and Russian, in that order.
//!
//! Long on purpose: it is data (three filled maps in three languages), with the short
//! function that turns one into a [`Draft`].

use super::details::{CardDetails, Metric, Severity};
use super::draft::{Draft, DraftCard, DraftEmotion, DraftLane, DraftStage};
use super::model::LaneKind;
use super::persona::{EmpathyMap, Persona, PersonaId};

/// A text in en, pt-BR and ru.
pub type T = [&'static str; 3];

/// What a card in a template carries besides its text.
#[derive(Clone, Copy)]
pub enum Extra {
    None,
    Channel(&'static str),
    Severity(Severity),
    Priority(u8, u8),
    /// value, unit, target, higher is better
    Metric(f64, &'static str, f64, bool),
    MomentOfTruth,
}

pub struct PersonaSpec {
    pub name: T,
    pub segment: T,
    pub age_range: &'static str,
    pub quote: T,
    pub goals: T,
    pub needs: T,
    pub fears: T,
    pub says: T,
    pub thinks: T,
    pub does: T,
    pub feels: T,
    pub channels: &'static [&'static str],
    pub colour: &'static str,
    /// One score per stage.
    pub emotions: &'static [i8],
}

pub struct Spec {
    pub stages: &'static [(T, T)],
    pub lanes: &'static [(LaneKind, T)],
    /// (stage index, lane index, text, extra)
    pub cards: &'static [(usize, usize, T, Extra)],
    pub personas: &'static [PersonaSpec],
}

fn pick(t: &T, lang: usize) -> String {
    t[lang.min(2)].to_owned()
}

/// A template as a [`Draft`] in one language, titled `title`: the same description an
/// import produces, so a map is made from either by the one path that creates maps from
/// drafts (library personas reused by name). Persona ids are left for that path to give.
pub fn draft(spec: &Spec, lang: usize, title: &str) -> Draft {
    let personas = spec
        .personas
        .iter()
        .map(|p| Persona {
            id: PersonaId(String::new()),
            name: pick(&p.name, lang),
            segment: pick(&p.segment, lang),
            age_range: p.age_range.to_owned(),
            gender: String::new(),
            occupation: String::new(),
            quote: pick(&p.quote, lang),
            goals: pick(&p.goals, lang),
            needs: pick(&p.needs, lang),
            fears: pick(&p.fears, lang),
            channels: p.channels.iter().map(|c| (*c).to_owned()).collect(),
            empathy: EmpathyMap {
                says: pick(&p.says, lang),
                thinks: pick(&p.thinks, lang),
                does: pick(&p.does, lang),
                feels: pick(&p.feels, lang),
            },
            colour: p.colour.to_owned(),
            photo: 0,
        })
        .collect();
    let cards = spec
        .cards
        .iter()
        .map(|(stage, lane, text, extra)| DraftCard {
            measures: None,
            feelings: Vec::new(),
            stage: *stage,
            lane: *lane,
            text: pick(text, lang),
            colour: spec.lanes[*lane].0.default_colour(),
            tags: Vec::new(),
            details: extra.details(),
        })
        .collect();
    let emotions = spec
        .personas
        .iter()
        .enumerate()
        .flat_map(|(persona, p)| {
            p.emotions.iter().enumerate().map(move |(stage, score)| DraftEmotion {
                persona,
                stage,
                score: *score,
                note: String::new(),
            })
        })
        .collect();
    Draft {
        title: title.to_owned(),
        description: String::new(),
        stages: spec
            .stages
            .iter()
            .map(|(t, d)| DraftStage { title: pick(t, lang), description: String::new(), duration: pick(d, lang) })
            .collect(),
        lanes: spec.lanes.iter().map(|(kind, t)| DraftLane { kind: *kind, title: pick(t, lang) }).collect(),
        cards,
        personas,
        emotions,
        channels: Vec::new(),
        segments: Vec::new(),
    }
}

/// A template built in memory, for tests: the map, the ops that built it and its personas
/// (with the fresh ids the map links).
#[cfg(test)]
pub fn built(spec: &Spec, lang: usize, title: &str) -> (super::model::Map, Vec<super::op::Op>, Vec<Persona>) {
    let mut draft = draft(spec, lang, title);
    for p in &mut draft.personas {
        p.id = PersonaId::generate();
    }
    let ids: Vec<PersonaId> = draft.personas.iter().map(|p| p.id.clone()).collect();
    match draft.build(super::ids::MapId::generate(), &ids) {
        Ok((map, ops)) => (map, ops, draft.personas),
        Err(e) => panic!("the template builds: {e:?}"),
    }
}

impl Extra {
    fn details(self) -> CardDetails {
        match self {
            Extra::None => CardDetails::default(),
            Extra::Channel(c) => CardDetails { channel: Some(c.to_owned()), ..Default::default() },
            Extra::Severity(s) => CardDetails { severity: Some(s), ..Default::default() },
            Extra::Priority(i, e) => CardDetails { impact: Some(i), effort: Some(e), ..Default::default() },
            Extra::Metric(v, u, t, hib) => CardDetails {
                metric: Some(Metric {
                    value: Some(v),
                    unit: u.to_owned(),
                    target: Some(t),
                    higher_is_better: hib,
                    ..Default::default()
                }),
                ..Default::default()
            },
            Extra::MomentOfTruth => CardDetails { moment_of_truth: true, ..Default::default() },
        }
    }
}

use LaneKind::*;
use Severity::*;

const CJM_LANES: &[(LaneKind, T)] = &[
    (Steps, ["Client steps", "Ações do cliente", "Действия клиента"]),
    (Touchpoints, ["Touchpoints", "Pontos de contato", "Точки контакта"]),
    (Thoughts, ["Thoughts", "Pensamentos", "Мысли"]),
    (Emotions, ["Emotions", "Emoções", "Эмоции"]),
    (PainPoints, ["Pain points", "Pontos de dor", "Болевые точки"]),
    (Opportunities, ["Opportunities", "Oportunidades", "Возможности"]),
    (Metrics, ["Metrics", "Métricas", "Метрики"]),
];

/// Cosmetology clinic (seed 002).
pub const CLINIC: Spec = Spec {
    stages: &[
        (["Awareness", "Descoberta", "Осведомлённость"], ["2 weeks", "2 semanas", "2 недели"]),
        (["Consideration", "Consideração", "Рассмотрение"], ["1 week", "1 semana", "1 неделя"]),
        (["Decision", "Decisão", "Решение"], ["2 days", "2 dias", "2 дня"]),
        (["The procedure", "O procedimento", "Процедура"], ["1 hour", "1 hora", "1 час"]),
        (["After-care", "Pós-atendimento", "Послепроцедурный уход"], ["1 month", "1 mês", "1 месяц"]),
    ],
    lanes: CJM_LANES,
    cards: &[
        (
            0,
            0,
            [
                "Sees before-and-after photos from a friend",
                "Vê fotos de antes e depois de uma amiga",
                "Видит фото «до и после» у подруги",
            ],
            Extra::None,
        ),
        (
            0,
            1,
            ["Clinic's social network page", "Perfil da clínica nas redes sociais", "Страница клиники в соцсетях"],
            Extra::Channel("social"),
        ),
        (
            0,
            2,
            ["Would it work for my skin?", "Será que funciona para a minha pele?", "Подойдёт ли это моей коже?"],
            Extra::None,
        ),
        (1, 0, ["Compares prices and reviews", "Compara preços e avaliações", "Сравнивает цены и отзывы"], Extra::None),
        (
            1,
            1,
            ["Website with price list", "Site com tabela de preços", "Сайт с прайс-листом"],
            Extra::Channel("website"),
        ),
        (
            1,
            4,
            ["Prices only after a call", "Preços só por telefone", "Цены можно узнать только по телефону"],
            Extra::Severity(Medium),
        ),
        (
            1,
            5,
            [
                "Publish prices and real results",
                "Publicar preços e resultados reais",
                "Опубликовать цены и реальные результаты",
            ],
            Extra::Priority(3, 1),
        ),
        (
            2,
            0,
            ["Books a free consultation", "Agenda uma consulta gratuita", "Записывается на бесплатную консультацию"],
            Extra::MomentOfTruth,
        ),
        (
            2,
            1,
            ["Consultation with the cosmetologist", "Consulta com a cosmetóloga", "Консультация косметолога"],
            Extra::Channel("consultation"),
        ),
        (
            2,
            4,
            [
                "Booking only by phone, in business hours",
                "Agendamento só por telefone, em horário comercial",
                "Запись только по телефону в рабочее время",
            ],
            Extra::Severity(High),
        ),
        (
            2,
            5,
            ["Online booking with reminders", "Agendamento online com lembretes", "Онлайн-запись с напоминаниями"],
            Extra::Priority(3, 2),
        ),
        (3, 0, ["Has the procedure", "Faz o procedimento", "Проходит процедуру"], Extra::MomentOfTruth),
        (3, 1, ["The procedure room", "A sala de procedimento", "Процедурный кабинет"], Extra::Channel("location")),
        (3, 2, ["Is this going to hurt?", "Será que vai doer?", "Будет ли больно?"], Extra::None),
        (
            3,
            4,
            [
                "Waits 20 minutes past the booked time",
                "Espera 20 minutos além do horário",
                "Ждёт 20 минут после назначенного времени",
            ],
            Extra::Severity(Medium),
        ),
        (
            3,
            6,
            ["Satisfaction after the procedure", "Satisfação após o procedimento", "Удовлетворённость после процедуры"],
            Extra::Metric(4.3, "/5", 4.5, true),
        ),
        (
            4,
            0,
            ["Follows the after-care advice", "Segue as orientações de cuidados", "Выполняет рекомендации по уходу"],
            Extra::None,
        ),
        (
            4,
            1,
            [
                "Follow-up message after 3 days",
                "Mensagem de acompanhamento após 3 dias",
                "Сообщение через 3 дня после процедуры",
            ],
            Extra::Channel("messenger"),
        ),
        (
            4,
            5,
            [
                "Loyalty programme for regular clients",
                "Programa de fidelidade para clientes fiéis",
                "Программа лояльности для постоянных клиентов",
            ],
            Extra::Priority(2, 2),
        ),
        (
            4,
            6,
            [
                "Clients who return within 3 months",
                "Clientes que voltam em até 3 meses",
                "Клиенты, вернувшиеся в течение 3 месяцев",
            ],
            Extra::Metric(38.0, "%", 50.0, true),
        ),
    ],
    personas: &[
        PersonaSpec {
            name: ["Marina, new client", "Marina, cliente nova", "Марина, новая клиентка"],
            segment: ["New client", "Cliente nova", "Новая клиентка"],
            age_range: "25–34",
            quote: [
                "I want to look fresh, but I'm afraid of side effects.",
                "Quero parecer descansada, mas tenho medo de efeitos colaterais.",
                "Хочу выглядеть свежо, но боюсь побочных эффектов.",
            ],
            goals: ["Smooth skin before her wedding", "Pele lisa antes do casamento", "Гладкая кожа к свадьбе"],
            needs: [
                "Clear prices, a doctor she can trust",
                "Preços claros, uma profissional de confiança",
                "Понятные цены, врач, которому можно доверять",
            ],
            fears: [
                "Pain, a bad result, hidden costs",
                "Dor, resultado ruim, custos escondidos",
                "Боль, плохой результат, скрытые платежи",
            ],
            says: [
                "Does it hurt? How long does it last?",
                "Dói? Quanto tempo dura?",
                "Это больно? Сколько держится эффект?",
            ],
            thinks: [
                "Everyone looks perfect on Instagram",
                "No Instagram todo mundo parece perfeito",
                "В инстаграме все выглядят идеально",
            ],
            does: [
                "Reads reviews, asks friends",
                "Lê avaliações, pergunta às amigas",
                "Читает отзывы, спрашивает подруг",
            ],
            feels: ["Curious and anxious", "Curiosa e ansiosa", "Любопытство и тревога"],
            channels: &["social", "messenger"],
            colour: "#e4572e",
            emotions: &[1, 0, -1, 1, 2],
        },
        PersonaSpec {
            name: ["Olga, regular client", "Olga, cliente fiel", "Ольга, постоянная клиентка"],
            segment: ["Regular client", "Cliente fiel", "Постоянная клиентка"],
            age_range: "35–44",
            quote: [
                "I come every month; I just want it easy.",
                "Venho todo mês; só quero que seja fácil.",
                "Хожу каждый месяц — хочу, чтобы всё было просто.",
            ],
            goals: [
                "Keep her skin in shape with little effort",
                "Manter a pele em forma com pouco esforço",
                "Поддерживать кожу без лишних хлопот",
            ],
            needs: ["Her usual time, reminders", "O horário de sempre, lembretes", "Привычное время, напоминания"],
            fears: [
                "Losing her favourite cosmetologist",
                "Perder a cosmetóloga preferida",
                "Потерять своего косметолога",
            ],
            says: ["Same time next month?", "Mesmo horário no mês que vem?", "В то же время через месяц?"],
            thinks: ["They know me here", "Aqui me conhecem", "Здесь меня знают"],
            does: [
                "Books the next visit on the way out",
                "Agenda a próxima visita ao sair",
                "Записывается на следующий визит на выходе",
            ],
            feels: ["Relaxed, looked after", "Relaxada, bem cuidada", "Спокойствие, забота"],
            channels: &["phone", "location"],
            colour: "#17a589",
            emotions: &[0, 1, 1, 2, 1],
        },
    ],
};

/// A massage studio's client timeline (seed 000).
pub const MASSAGE: Spec = Spec {
    stages: &[
        (["First search", "Primeira busca", "Первый поиск"], ["3 days", "3 dias", "3 дня"]),
        (["Booking call", "Ligação para agendar", "Звонок для записи"], ["10 min", "10 minutos", "10 минут"]),
        (["The session", "A sessão", "Сеанс"], ["1 hour", "1 hora", "1 час"]),
        (["Follow-up e-mail", "E-mail de acompanhamento", "Письмо после сеанса"], ["2 days", "2 dias", "2 дня"]),
        (["Return visit", "Retorno", "Повторный визит"], ["3 weeks", "3 semanas", "3 недели"]),
    ],
    lanes: CJM_LANES,
    cards: &[
        (
            0,
            0,
            ["Searches \"massage near me\"", "Pesquisa \"massagem perto de mim\"", "Ищет «массаж рядом»"],
            Extra::None,
        ),
        (
            0,
            1,
            ["Map listing with reviews", "Perfil no mapa com avaliações", "Карточка на карте с отзывами"],
            Extra::Channel("website"),
        ),
        (
            0,
            2,
            ["Which kind of massage do I need?", "Que tipo de massagem eu preciso?", "Какой массаж мне нужен?"],
            Extra::None,
        ),
        (1, 0, ["Calls to book", "Liga para agendar", "Звонит, чтобы записаться"], Extra::MomentOfTruth),
        (1, 1, ["Reception phone", "Telefone da recepção", "Телефон администратора"], Extra::Channel("phone")),
        (
            1,
            4,
            ["Nobody answers after 7 pm", "Ninguém atende depois das 19h", "После 19:00 никто не отвечает"],
            Extra::Severity(High),
        ),
        (
            1,
            5,
            [
                "Booking in a messenger, any time",
                "Agendamento pelo mensageiro, a qualquer hora",
                "Запись в мессенджере в любое время",
            ],
            Extra::Priority(3, 1),
        ),
        (
            2,
            0,
            [
                "Fills in a short health form",
                "Preenche uma ficha de saúde curta",
                "Заполняет короткую анкету о здоровье",
            ],
            Extra::None,
        ),
        (2, 1, ["The massage room", "A sala de massagem", "Массажный кабинет"], Extra::Channel("location")),
        (
            2,
            2,
            ["Finally, my back lets go", "Finalmente, minhas costas relaxam", "Наконец-то спина отпускает"],
            Extra::None,
        ),
        (
            2,
            6,
            ["Post-session survey score", "Nota da pesquisa após a sessão", "Оценка в опросе после сеанса"],
            Extra::Metric(4.7, "/5", 4.5, true),
        ),
        (3, 0, ["Reads stretching tips", "Lê dicas de alongamento", "Читает советы по растяжке"], Extra::None),
        (
            3,
            1,
            ["Thank-you e-mail with tips", "E-mail de agradecimento com dicas", "Письмо с благодарностью и советами"],
            Extra::Channel("email"),
        ),
        (3, 4, ["The e-mail lands in spam", "O e-mail cai no spam", "Письмо попадает в спам"], Extra::Severity(Low)),
        (
            4,
            0,
            [
                "Books a package of five sessions",
                "Compra um pacote de cinco sessões",
                "Покупает абонемент на пять сеансов",
            ],
            Extra::None,
        ),
        (
            4,
            5,
            [
                "Remind when the next session is due",
                "Lembrar quando a próxima sessão estiver próxima",
                "Напоминать, когда пора на следующий сеанс",
            ],
            Extra::Priority(2, 1),
        ),
        (
            4,
            6,
            [
                "Clients who return within a month",
                "Clientes que voltam em até um mês",
                "Клиенты, вернувшиеся в течение месяца",
            ],
            Extra::Metric(45.0, "%", 40.0, true),
        ),
    ],
    personas: &[
        PersonaSpec {
            name: ["Lucas, seeks relaxation", "Lucas, busca relaxar", "Лукас, хочет расслабиться"],
            segment: ["Relaxation", "Relaxamento", "Расслабление"],
            age_range: "30–39",
            quote: [
                "After a week like this I just want an hour of quiet.",
                "Depois de uma semana dessas só quero uma hora de silêncio.",
                "После такой недели хочу просто час тишины.",
            ],
            goals: ["Unwind after work", "Desligar depois do trabalho", "Отдохнуть после работы"],
            needs: [
                "Evening slots, a calm room",
                "Horários à noite, um ambiente calmo",
                "Вечерние часы, спокойная обстановка",
            ],
            fears: [
                "Wasting his only free evening",
                "Perder a única noite livre",
                "Потратить зря единственный свободный вечер",
            ],
            says: ["Anything after seven?", "Tem algo depois das sete?", "Есть что-нибудь после семи?"],
            thinks: ["I deserve this", "Eu mereço", "Я это заслужил"],
            does: [
                "Books on impulse, on his phone",
                "Agenda por impulso, pelo celular",
                "Записывается спонтанно, с телефона",
            ],
            feels: ["Tired, then light", "Cansado, depois leve", "Усталость, потом лёгкость"],
            channels: &["app", "messenger"],
            colour: "#2f5bea",
            emotions: &[0, -1, 2, 1, 1],
        },
        PersonaSpec {
            name: ["Irene, seeks pain relief", "Irene, busca alívio da dor", "Ирина, хочет избавиться от боли"],
            segment: ["Pain relief", "Alívio da dor", "Облегчение боли"],
            age_range: "45–54",
            quote: [
                "My doctor said massage would help my back.",
                "Meu médico disse que a massagem ajudaria minhas costas.",
                "Врач сказал, что массаж поможет спине.",
            ],
            goals: [
                "Less back pain, better sleep",
                "Menos dor nas costas, dormir melhor",
                "Меньше боли в спине, лучше сон",
            ],
            needs: [
                "A therapist who listens, a clear plan",
                "Um terapeuta que escuta, um plano claro",
                "Внимательный массажист, понятный план",
            ],
            fears: ["That it makes the pain worse", "Que a dor piore", "Что станет только хуже"],
            says: ["It hurts here, on the left", "Dói aqui, do lado esquerdo", "Болит вот здесь, слева"],
            thinks: [
                "Will I need ten sessions?",
                "Vou precisar de dez sessões?",
                "Неужели понадобится десять сеансов?",
            ],
            does: ["Keeps a diary of her pain", "Anota a dor num diário", "Ведёт дневник боли"],
            feels: ["Worried, then relieved", "Preocupada, depois aliviada", "Тревога, потом облегчение"],
            channels: &["phone", "email"],
            colour: "#8e44ad",
            emotions: &[-1, -2, 1, 1, 2],
        },
    ],
};

/// Omnichannel retail (seeds 003 and 004), with the seven channels of seed 004.
pub const RETAIL: Spec = Spec {
    stages: &[
        (["Awareness", "Descoberta", "Осведомлённость"], ["1 week", "1 semana", "1 неделя"]),
        (["Consideration", "Consideração", "Рассмотрение"], ["3 days", "3 dias", "3 дня"]),
        (["Purchase", "Compra", "Покупка"], ["1 day", "1 dia", "1 день"]),
        (["Delivery and use", "Entrega e uso", "Доставка и использование"], ["1 week", "1 semana", "1 неделя"]),
        (["Loyalty", "Fidelização", "Лояльность"], ["3 months", "3 meses", "3 месяца"]),
    ],
    lanes: CJM_LANES,
    cards: &[
        (
            0,
            0,
            ["Sees the new collection in a post", "Vê a nova coleção em um post", "Видит новую коллекцию в посте"],
            Extra::None,
        ),
        (0, 1, ["Social networks", "Redes sociais", "Соцсети"], Extra::Channel("social")),
        (0, 1, ["Newsletter e-mail", "E-mail de novidades", "Рассылка по e-mail"], Extra::Channel("email")),
        (
            1,
            0,
            [
                "Checks the size guide and stock",
                "Consulta a tabela de medidas e o estoque",
                "Смотрит таблицу размеров и наличие",
            ],
            Extra::None,
        ),
        (1, 1, ["Online store", "Loja online", "Интернет-магазин"], Extra::Channel("website")),
        (
            1,
            1,
            ["Asks a question in the chat", "Tira uma dúvida no chat", "Задаёт вопрос в чате"],
            Extra::Channel("chat"),
        ),
        (
            1,
            4,
            [
                "Stock online differs from the store",
                "Estoque online diferente da loja",
                "Наличие на сайте не совпадает с магазином",
            ],
            Extra::Severity(High),
        ),
        (
            1,
            5,
            ["One stock across all channels", "Um só estoque em todos os canais", "Единые остатки во всех каналах"],
            Extra::Priority(3, 3),
        ),
        (
            2,
            0,
            [
                "Buys in the app, picks up in the store",
                "Compra no aplicativo, retira na loja",
                "Покупает в приложении, забирает в магазине",
            ],
            Extra::MomentOfTruth,
        ),
        (2, 1, ["Mobile app", "Aplicativo", "Мобильное приложение"], Extra::Channel("app")),
        (2, 1, ["Physical store", "Loja física", "Магазин"], Extra::Channel("location")),
        (
            2,
            4,
            [
                "Has to repeat her order at the counter",
                "Precisa repetir o pedido no balcão",
                "Приходится заново объяснять заказ на кассе",
            ],
            Extra::Severity(Medium),
        ),
        (
            3,
            0,
            ["Has a question about an exchange", "Tem uma dúvida sobre troca", "Хочет узнать про обмен"],
            Extra::None,
        ),
        (
            3,
            1,
            ["Customer service phone", "Atendimento telefônico", "Телефон службы поддержки"],
            Extra::Channel("phone"),
        ),
        (
            3,
            5,
            [
                "Order history visible to every agent",
                "Histórico de pedidos visível para todo atendente",
                "История заказов видна каждому оператору",
            ],
            Extra::Priority(3, 1),
        ),
        (
            4,
            0,
            [
                "Collects points, gets early access",
                "Acumula pontos, ganha acesso antecipado",
                "Копит баллы, получает ранний доступ",
            ],
            Extra::None,
        ),
        (4, 6, ["Net Promoter Score", "Net Promoter Score", "Индекс NPS"], Extra::Metric(32.0, "", 40.0, true)),
        (
            4,
            6,
            ["Repeat purchase within 90 days", "Recompra em até 90 dias", "Повторная покупка в течение 90 дней"],
            Extra::Metric(27.0, "%", 30.0, true),
        ),
    ],
    personas: &[
        PersonaSpec {
            name: ["Paula, shops on her phone", "Paula, compra pelo celular", "Паула, покупает с телефона"],
            segment: ["Digital first", "Digital em primeiro lugar", "Прежде всего онлайн"],
            age_range: "18–29",
            quote: [
                "If it's not in the app, it doesn't exist.",
                "Se não está no app, não existe.",
                "Если этого нет в приложении, этого не существует.",
            ],
            goals: [
                "Buy fast, pick up on the way home",
                "Comprar rápido, retirar no caminho de casa",
                "Быстро купить и забрать по дороге домой",
            ],
            needs: [
                "Accurate stock, one account everywhere",
                "Estoque correto, uma conta em todo lugar",
                "Точные остатки, один аккаунт везде",
            ],
            fears: ["Going to the store for nothing", "Ir à loja à toa", "Приехать в магазин зря"],
            says: ["Is it in stock in my size?", "Tem no meu tamanho?", "Есть мой размер?"],
            thinks: [
                "Why do they not know my order?",
                "Por que não conhecem meu pedido?",
                "Почему они не видят мой заказ?",
            ],
            does: ["Compares in three apps", "Compara em três aplicativos", "Сравнивает в трёх приложениях"],
            feels: ["Impatient, then pleased", "Impaciente, depois satisfeita", "Нетерпение, потом радость"],
            channels: &["app", "social", "chat"],
            colour: "#f39c12",
            emotions: &[1, -1, 0, 1, 2],
        },
        PersonaSpec {
            name: ["Roberto, loyal store visitor", "Roberto, frequentador da loja", "Роберт, любит ходить в магазин"],
            segment: ["In store", "Na loja", "Покупает в магазине"],
            age_range: "50–64",
            quote: ["I like to touch what I buy.", "Gosto de tocar no que compro.", "Люблю потрогать то, что покупаю."],
            goals: ["Good advice from a person", "Bons conselhos de uma pessoa", "Живой совет от продавца"],
            needs: [
                "Staff who know the catalogue, easy exchanges",
                "Equipe que conhece o catálogo, trocas fáceis",
                "Продавцы, знающие ассортимент, простой обмен",
            ],
            fears: ["Being sent to the website", "Ser mandado para o site", "Что его отправят на сайт"],
            says: ["Can you order it for me here?", "Você pode pedir para mim aqui?", "Можете заказать прямо здесь?"],
            thinks: ["Apps are for young people", "Aplicativos são coisa de jovem", "Приложения — это для молодёжи"],
            does: ["Visits the store on Saturdays", "Vai à loja aos sábados", "Приходит в магазин по субботам"],
            feels: [
                "At ease with people, lost online",
                "À vontade com pessoas, perdido online",
                "С людьми спокойно, онлайн — теряется",
            ],
            channels: &["location", "phone"],
            colour: "#c0392b",
            emotions: &[0, 0, 1, -1, 1],
        },
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::MapId;

    #[test]
    fn every_template_builds_a_valid_map_in_every_language() {
        for spec in [&CLINIC, &MASSAGE, &RETAIL] {
            for lang in 0..3 {
                let draft = draft(spec, lang, "t");
                let ids: Vec<PersonaId> = draft.personas.iter().map(|_| PersonaId::generate()).collect();
                let (map, _) = draft.build(MapId::from("t"), &ids).unwrap_or_else(|e| panic!("{e:?}"));
                let people = &draft.personas;
                assert_eq!(map.stages.len(), spec.stages.len());
                assert_eq!(map.cards.len(), spec.cards.len());
                assert_eq!(map.personas.len(), spec.personas.len());
                assert_eq!(map.emotions.len(), spec.personas.len() * spec.stages.len());
                for p in people {
                    assert_eq!(p.validate(), Ok(()));
                }
                for s in spec.stages {
                    assert!(crate::domain::duration::hours(s.1[lang]).is_some(), "duration {:?} reads", s.1[lang]);
                }
                for p in spec.personas {
                    assert_eq!(p.emotions.len(), spec.stages.len());
                }
            }
        }
    }

    #[test]
    fn translations_differ_from_english() {
        for spec in [&CLINIC, &MASSAGE, &RETAIL] {
            let same = spec.cards.iter().filter(|c| c.2[0] == c.2[2]).count();
            assert_eq!(same, 0, "a Russian card text left in English");
        }
    }

    #[test]
    fn retail_uses_the_seven_channels_of_the_brief() {
        let channels: std::collections::BTreeSet<_> =
            RETAIL.cards.iter().filter_map(|c| if let Extra::Channel(ch) = c.3 { Some(ch) } else { None }).collect();
        assert_eq!(channels.len(), 7, "{channels:?}");
    }
}
