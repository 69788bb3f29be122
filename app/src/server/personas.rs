//! The logic behind the persona server functions. Saving an existing persona writes only
//! the fields this editor changed: a colleague's edit of other fields meanwhile is kept,
//! and an edit of the same field meanwhile is refused with a clear message instead of
//! being overwritten. The photo version is never taken from the client.

use super::store::Store;
use crate::domain::persona::PERSONA_COLOURS;
use crate::domain::{Persona, PersonaError, PersonaId};
use crate::error::AppError;

/// How often a save is retried when the persona changes between reading and writing it.
const RETRIES: usize = 3;

/// Saves a persona from the form: trims, validates, gives a new one an id and a colour.
/// `base`: the persona as the form loaded it (`None`: the fields replace the current
/// ones, as for a new persona).
pub async fn save(store: &Store, ws: &str, p: Persona) -> Result<PersonaId, AppError> {
    save_edit(store, ws, p, None).await
}

pub async fn save_edit(store: &Store, ws: &str, mut p: Persona, base: Option<Persona>) -> Result<PersonaId, AppError> {
    tidy(&mut p);
    // The segment is one of the workspace's list; one the form did not change is kept as
    // it is (a rename of the segment meanwhile has renamed it already).
    if p.id.0.is_empty() || base.as_ref().is_none_or(|b| b.segment.trim() != p.segment) {
        super::segments::check_persona(store, ws, &mut p).await?;
    }
    if p.id.0.is_empty() {
        p.id = PersonaId::generate();
        p.photo = 0;
        if p.colour.is_empty() {
            let n = store.list_personas(ws).await?.len();
            p.colour = PERSONA_COLOURS[n % PERSONA_COLOURS.len()].to_owned();
        }
        p.validate().map_err(AppError::Persona)?;
        store.save_persona(ws, &p).await?;
        return Ok(p.id);
    }
    if !p.id.is_valid() {
        return Err(AppError::NotFound);
    }
    p.validate().map_err(AppError::Persona)?;
    let base = base.map(|mut b| {
        tidy(&mut b);
        b
    });
    for _ in 0..RETRIES {
        let (current, seen) = store.persona_for_update(ws, &p.id).await?.ok_or(AppError::NotFound)?;
        let merged = match &base {
            Some(base) => merge(base, &p, &current).map_err(AppError::Persona)?,
            None => Persona { photo: current.photo, ..p.clone() },
        };
        merged.validate().map_err(AppError::Persona)?;
        if merged == current || store.update_persona_if(ws, &merged, &seen).await? {
            return Ok(p.id);
        }
    }
    Err(AppError::Persona(PersonaError::ChangedMeanwhile { field: String::new() }))
}

fn tidy(p: &mut Persona) {
    for field in [&mut p.name, &mut p.segment, &mut p.age_range, &mut p.gender, &mut p.occupation] {
        *field = field.trim().to_owned();
    }
    p.channels.retain(|c| !c.trim().is_empty());
}

/// Three-way merge of a persona: each field the editor changed (`mine` differs from
/// `base`) takes their value, every other field keeps `current`'s. A field changed both
/// by the editor and, differently, by someone else since `base` is a conflict, named by
/// its key. The photo is always `current`'s.
pub fn merge(base: &Persona, mine: &Persona, current: &Persona) -> Result<Persona, PersonaError> {
    let mut out = current.clone();
    macro_rules! fields {
        ($($name:literal => $($path:ident).+),* $(,)?) => {
            $(
                if mine.$($path).+ != base.$($path).+ {
                    if current.$($path).+ != base.$($path).+ && current.$($path).+ != mine.$($path).+ {
                        return Err(PersonaError::ChangedMeanwhile { field: $name.into() });
                    }
                    out.$($path).+ = mine.$($path).+.clone();
                }
            )*
        };
    }
    fields!(
        "name" => name, "segment" => segment, "age_range" => age_range, "gender" => gender, "occupation" => occupation,
        "quote" => quote, "goals" => goals, "needs" => needs, "fears" => fears, "channels" => channels,
        "says" => empathy.says, "thinks" => empathy.thinks, "does" => empathy.does, "feels" => empathy.feels,
        "colour" => colour,
    );
    Ok(out)
}

/// Deletes a persona that no map of its workspace links.
pub async fn delete(store: &Store, ws: &str, id: &PersonaId) -> Result<(), AppError> {
    if !id.is_valid() {
        return Err(AppError::NotFound);
    }
    let links = store.persona_link_count(ws, id).await?;
    if links > 0 {
        return Err(AppError::Persona(PersonaError::StillLinked { maps: links as u32 }));
    }
    if !store.delete_persona(ws, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    const WS: &str = crate::server::store::DEFAULT_WORKSPACE;

    fn ana() -> Persona {
        Persona { goals: "Book fast".into(), ..Persona::named(PersonaId("p-ana".into()), "Ana".into()) }
    }

    #[test]
    fn a_merge_keeps_what_others_changed_and_refuses_the_same_field() {
        let base = ana();
        let mine = Persona { quote: "I have no time".into(), ..base.clone() };
        let theirs = Persona { goals: "Book online".into(), photo: 3, ..base.clone() };
        let merged = merge(&base, &mine, &theirs).unwrap();
        assert_eq!(merged.quote, "I have no time");
        assert_eq!(merged.goals, "Book online", "the colleague's edit survives");
        assert_eq!(merged.photo, 3, "the photo version is the server's");
        // The same field changed by both, differently: refused, naming the field.
        let mine = Persona { goals: "Book by phone".into(), ..base.clone() };
        assert_eq!(merge(&base, &mine, &theirs), Err(PersonaError::ChangedMeanwhile { field: "goals".into() }));
        // … but the same change twice is no conflict.
        let same = Persona { goals: "Book online".into(), ..base.clone() };
        assert_eq!(merge(&base, &same, &theirs).unwrap().goals, "Book online");
        let mut deep = base.clone();
        deep.empathy.feels = "tired".into();
        let mut other = base.clone();
        other.empathy.feels = "calm".into();
        assert_eq!(merge(&base, &deep, &other), Err(PersonaError::ChangedMeanwhile { field: "feels".into() }));
    }

    #[tokio::test]
    async fn a_stale_save_keeps_the_colleagues_edit_and_the_photo() {
        let store = Store::open("mem://", None).await.unwrap();
        let id = save(&store, WS, Persona { photo: 9, ..Persona::named(PersonaId(String::new()), "Ana".into()) })
            .await
            .unwrap();
        let loaded = store.get_persona(WS, &id).await.unwrap().unwrap();
        assert_eq!(loaded.photo, 0, "a new persona's photo version is not the client's");
        // A colleague changes the goals; then this editor saves a quote from the old form.
        let theirs = Persona { goals: "Book online".into(), ..loaded.clone() };
        save_edit(&store, WS, theirs, Some(loaded.clone())).await.unwrap();
        let mine = Persona { quote: "No time".into(), photo: 7, ..loaded.clone() };
        save_edit(&store, WS, mine, Some(loaded.clone())).await.unwrap();
        let now = store.get_persona(WS, &id).await.unwrap().unwrap();
        assert_eq!((now.goals.as_str(), now.quote.as_str(), now.photo), ("Book online", "No time", 0));
        let clash = Persona { goals: "Walk in".into(), ..loaded.clone() };
        let err = save_edit(&store, WS, clash, Some(loaded)).await.unwrap_err();
        assert_eq!(err, AppError::Persona(PersonaError::ChangedMeanwhile { field: "goals".into() }));
        assert_eq!(store.get_persona(WS, &id).await.unwrap().unwrap().goals, "Book online", "nothing overwritten");
    }
}
