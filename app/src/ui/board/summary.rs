//! The workshop's summary on the board: participants, the cards added per stage, the
//! vote's results and the open threads, with its Markdown and PDF downloads. Opens for the
//! facilitator when the workshop ends, and on demand while it runs.

use super::BoardCtx;
use crate::api::workshop::workshop_summary;
use crate::ui::eager::IntoAnySync;
use crate::ui::later::later;
use leptos::prelude::*;

#[component]
pub fn SummaryPanel() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    view! {
        <Show when=move || ctx.workshop.summary.get()>
            {later(summary_body())}
        </Show>
    }
}

/// The summary, in a wasm chunk of its own (`ui::later`).
#[lazy]
fn summary_body() -> AnyView {
    view! { <SummaryBody/> }.into_any_sync()
}

/// The summary, fetched when it opens.
#[component]
fn SummaryBody() -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let open = ctx.workshop.summary;
    let data = LocalResource::new(move || workshop_summary(ctx.sync.map_id()));
    let path = move |file: &str| {
        crate::protocol::SUMMARY_ROUTE.replace("{id}", ctx.sync.map_id().as_str()).replace("{file}", file)
    };
    view! {
            <section class="workshop-summary" role="region" aria-label=move || t().ws.summary>
                <div class="join-head">
                    <h2>{move || t().ws.summary}</h2>
                    <button class="button ghost" on:click=move |_| open.set(false)>{move || t().ws.close}</button>
                </div>
                <Suspense fallback=crate::ui::widgets::Loading>
                    {move || Suspend::new(async move {
                        let s = match data.await {
                            Ok(s) => s,
                            Err(e) => return view! { <p class="error" role="alert">{e.message(t())}</p> }.into_any_sync(),
                        };
                        let ws = t().ws;
                        let none = move || view! { <p class="muted">{ws.summary_none}</p> }.into_any_sync();
                        let threads: Vec<(String, String, String)> = ctx.sync.map.with_untracked(|m| {
                            s.open_threads.iter().map(|th| (t().cm.place(m, &th.anchor), th.author.clone(), th.body.clone())).collect()
                        });
                        let locale = ctx.i18n.locale.get_untracked();
                        view! {
                            <p>
                                <a class="button" href=path("summary.md") download="workshop-summary.md">{ws.summary_md}</a>
                                " "
                                <a class="button" href=path("summary.pdf") download="workshop-summary.pdf">"PDF"</a>
                            </p>
                            <h3>{ws.summary_participants}</h3>
                            {if s.participants.is_empty() { none() } else {
                                view! { <p>{s.participants.join(", ")}</p> }.into_any_sync()
                            }}
                            <h3>{ws.summary_cards}</h3>
                            {if s.stages.is_empty() { none() } else {
                                view! { <ul>{s.stages.into_iter().map(|st| view! {
                                    <li><strong>{format!("{} ({})", st.stage, st.cards.len())}</strong>": "{st.cards.join(" · ")}</li>
                                }).collect_view()}</ul> }.into_any_sync()
                            }}
                            <h3>{ws.summary_votes}</h3>
                            {if s.votes.is_empty() { none() } else {
                                view! { <ol>{s.votes.into_iter().map(|(text, n)| view! {
                                    <li>{text}" — "{ws.n_votes.format(locale, u64::from(n))}</li>
                                }).collect_view()}</ol> }.into_any_sync()
                            }}
                            <h3>{ws.summary_comments}</h3>
                            {if threads.is_empty() { none() } else {
                                view! { <ul>{threads.into_iter().map(|(place, who, body)| view! {
                                    <li><span class="muted">{place}" — "{who}": "</span>{body}</li>
                                }).collect_view()}</ul> }.into_any_sync()
                            }}
                        }.into_any_sync()
                    })}
                </Suspense>
            </section>
    }
}
