//! A card's tags: shown on the card as chips, added and removed in the card's details
//! (autocomplete from the tags the map already uses), filterable on the board.

use super::BoardCtx;
use crate::domain::model::{MAX_TAG, MAX_TAGS};
use crate::domain::{Card, CardId, Op};
use leptos::prelude::*;

/// A tag as typed, made a tag: trimmed, a leading `#` dropped, spaces squeezed, cut to
/// [`MAX_TAG`] characters; `None` when nothing is left.
pub fn clean(raw: &str) -> Option<String> {
    let t = raw.trim().trim_start_matches('#').split_whitespace().collect::<Vec<_>>().join(" ");
    let t: String = t.chars().take(MAX_TAG).collect();
    (!t.is_empty()).then_some(t)
}

/// Every tag of the map, by how many cards use it, then by name.
pub fn map_tags(cards: impl Iterator<Item = Vec<String>>) -> Vec<String> {
    let mut count: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for tags in cards {
        for t in tags {
            *count.entry(t).or_default() += 1;
        }
    }
    let mut all: Vec<_> = count.into_iter().collect();
    all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    all.into_iter().map(|(t, _)| t).collect()
}

/// The tags field of a card's details.
#[component]
pub fn TagsField(id: CardId, card: Signal<Option<Card>>) -> impl IntoView {
    let ctx = expect_context::<BoardCtx>();
    let t = move || ctx.i18n.t();
    let tags = Memo::new(move |_| card.with(|c| c.as_ref().map(|c| c.tags.clone()).unwrap_or_default()));
    let all = Memo::new(move |_| ctx.sync.map.with(|m| map_tags(m.cards.values().map(|c| c.tags.clone()))));
    let text = RwSignal::new(String::new());
    let list_id = format!("tags-{}", id.as_str());
    let save = {
        let id = id.clone();
        move |next: Vec<String>| {
            ctx.sync.commit(Op::EditCard { id: id.clone(), text: None, colour: None, tags: Some(next), details: None });
        }
    };
    let save = StoredValue::new(save);
    let add = move || {
        let Some(tag) = clean(&text.get_untracked()) else { return };
        let mut next = tags.get_untracked();
        if !next.iter().any(|x| x.to_lowercase() == tag.to_lowercase()) && next.len() < MAX_TAGS {
            next.push(tag);
            save.with_value(|s| s(next));
        }
        text.set(String::new());
    };
    view! {
        <div class="tags-field">
            <ul class="tag-list" role="list">
                {move || tags.get().into_iter().map(|tag| {
                    let label = t().remove_tag.replace("{tag}", &tag);
                    let gone = tag.clone();
                    view! {
                        <li class="tag-chip">
                            <span>{format!("#{tag}")}</span>
                            <button class="icon-button" aria-label=label.clone() title=label on:click=move |_| {
                                let next: Vec<String> = tags.get_untracked().into_iter().filter(|x| *x != gone).collect();
                                save.with_value(|s| s(next));
                            }>"×"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <label class="field inline">
                // Named "Tags" (the accessibility contract); what to do is the placeholder.
                <span>{move || t().tags}</span>
                <input type="text" list=list_id.clone() maxlength=MAX_TAG.to_string() autocomplete="off"
                    placeholder=move || t().add_tag
                    disabled=move || tags.with(|t| t.len() >= MAX_TAGS)
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" || ev.key() == "," {
                        ev.prevent_default();
                        add();
                    }
                    on:change=move |_| add()/>
            </label>
            <datalist id=list_id>
                {move || {
                    let mine = tags.get();
                    all.get().into_iter().filter(|x| !mine.contains(x)).take(50).map(|x| view! { <option value=x/> }).collect_view()
                }}
            </datalist>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_cleaned_and_ranked_by_use() {
        assert_eq!(clean("  #waiting   room "), Some("waiting room".into()));
        assert_eq!(clean(" # "), None);
        assert_eq!(clean(&"x".repeat(90)).map(|t| t.chars().count()), Some(MAX_TAG));
        let ranked = map_tags(vec![vec!["b".into(), "a".into()], vec!["a".into()], vec!["c".into()]].into_iter());
        assert_eq!(ranked, ["a", "b", "c"]);
    }
}
