//! Every locale is complete (the compiler checks the keys; these check the values).

use super::*;

/// Every string of a locale with its key, for the checks below.
fn strings(m: &Messages) -> Vec<(String, &'static str)> {
    let mut v: Vec<(String, &'static str)> = vec![
        ("app_name".into(), m.app_name),
        ("tagline".into(), m.tagline),
        ("nav_maps".into(), m.nav_maps),
        ("nav_main".into(), m.nav_main),
        ("language".into(), m.language),
        ("skip_to_content".into(), m.skip_to_content),
        ("not_found_title".into(), m.not_found_title),
        ("not_found_body".into(), m.not_found_body),
        ("back_to_maps".into(), m.back_to_maps),
        ("error_title".into(), m.error_title),
        ("error_body".into(), m.error_body),
        ("loading".into(), m.loading),
        ("retry".into(), m.retry),
        ("footer".into(), m.footer),
        ("dashboard_title".into(), m.dashboard_title),
        ("dashboard_empty".into(), m.dashboard_empty),
        ("new_map".into(), m.new_map),
        ("title_label".into(), m.title_label),
        ("template_label".into(), m.template_label),
        ("template_blank".into(), m.template_blank),
        ("template_blank_hint".into(), m.template_blank_hint),
        ("template_starter".into(), m.template_starter),
        ("template_starter_hint".into(), m.template_starter_hint),
        ("create".into(), m.create),
        ("cancel".into(), m.cancel),
        ("delete".into(), m.delete),
        ("delete_map".into(), m.delete_map),
        ("delete_map_confirm".into(), m.delete_map_confirm),
        ("open_map".into(), m.open_map),
        ("cards.one".into(), m.cards.one),
        ("cards.few".into(), m.cards.few),
        ("cards.many".into(), m.cards.many),
        ("cards.other".into(), m.cards.other),
        ("updated".into(), m.updated),
        ("untitled_map".into(), m.untitled_map),
        ("board_label".into(), m.board_label),
        ("add_card".into(), m.add_card),
        ("add_stage".into(), m.add_stage),
        ("add_lane".into(), m.add_lane),
        ("undo".into(), m.undo),
        ("redo".into(), m.redo),
        ("card_text".into(), m.card_text),
        ("save".into(), m.save),
        ("saving".into(), m.saving),
        ("saved".into(), m.saved),
        ("reconnecting".into(), m.reconnecting),
        ("guest".into(), m.guest),
        ("you".into(), m.you),
        ("people_here".into(), m.people_here),
        ("editing_by".into(), m.editing_by),
        ("held_by".into(), m.held_by),
        ("colour".into(), m.colour),
        ("delete_card".into(), m.delete_card),
        ("edit_card".into(), m.edit_card),
        ("new_stage".into(), m.new_stage),
        ("new_lane".into(), m.new_lane),
        ("lane_kind".into(), m.lane_kind),
        ("stage_title".into(), m.stage_title),
        ("lane_title".into(), m.lane_title),
        ("rename".into(), m.rename),
        ("delete_stage".into(), m.delete_stage),
        ("delete_lane".into(), m.delete_lane),
        ("delete_stage_confirm".into(), m.delete_stage_confirm),
        ("delete_lane_confirm".into(), m.delete_lane_confirm),
        ("duration".into(), m.duration),
        ("map_title".into(), m.map_title),
        ("empty_board".into(), m.empty_board),
        ("drag_hint".into(), m.drag_hint),
        ("picked_up".into(), m.picked_up),
        ("moved_to".into(), m.moved_to),
        ("dropped".into(), m.dropped),
        ("move_cancelled".into(), m.move_cancelled),
        ("nothing_to_undo".into(), m.nothing_to_undo),
        ("nothing_to_redo".into(), m.nothing_to_redo),
        ("undo_failed".into(), m.undo_failed),
        ("dismiss".into(), m.dismiss),
        ("err_not_found".into(), m.err_not_found),
        ("err_invalid".into(), m.err_invalid),
        ("err_unavailable".into(), m.err_unavailable),
        ("err_busy".into(), m.err_busy),
        ("err_too_many_connections".into(), m.err_too_many_connections),
        ("reload_needed".into(), m.reload_needed),
        ("reload".into(), m.reload),
        ("err_internal".into(), m.err_internal),
        ("err_network".into(), m.err_network),
        ("op_not_found".into(), m.op_not_found),
        ("op_exists".into(), m.op_exists),
        ("op_invalid_id".into(), m.op_invalid_id),
        ("op_empty_text".into(), m.op_empty_text),
        ("op_text_too_long".into(), m.op_text_too_long),
        ("op_empty_title".into(), m.op_empty_title),
        ("op_title_too_long".into(), m.op_title_too_long),
        ("op_description_too_long".into(), m.op_description_too_long),
        ("op_duration_too_long".into(), m.op_duration_too_long),
        ("op_bad_tags".into(), m.op_bad_tags),
        ("op_card_outside".into(), m.op_card_outside),
        ("op_too_many".into(), m.op_too_many),
        ("op_bad_field".into(), m.op_bad_field),
    ];
    for (i, s) in m.stage_names.iter().enumerate() {
        v.push((format!("stage_names[{i}]"), s));
    }
    for (i, s) in m.lane_kind_names.iter().enumerate() {
        v.push((format!("lane_kind_names[{i}]"), s));
    }
    for (i, s) in m.colour_names.iter().enumerate() {
        v.push((format!("colour_names[{i}]"), s));
    }
    for (i, s) in m.entity_names.iter().enumerate() {
        v.push((format!("entity_names[{i}]"), s));
    }
    let lists: [(&str, &[&'static str]); 4] = [
        ("severity_names", &m.severity_names),
        ("channel_names", &m.channel_names),
        ("level_names", &m.level_names),
        ("metric_status_names", &m.metric_status_names),
    ];
    for (name, list) in lists {
        for (i, s) in list.iter().enumerate() {
            v.push((format!("{name}[{i}]"), s));
        }
    }
    v.extend([
        ("card_details".to_owned(), m.card_details),
        ("severity".to_owned(), m.severity),
        ("channel".to_owned(), m.channel),
        ("no_channel".to_owned(), m.no_channel),
        ("impact".to_owned(), m.impact),
        ("effort".to_owned(), m.effort),
        ("metric_value".to_owned(), m.metric_value),
        ("metric_unit".to_owned(), m.metric_unit),
        ("metric_target".to_owned(), m.metric_target),
        ("higher_is_better".to_owned(), m.higher_is_better),
        ("moment_of_truth".to_owned(), m.moment_of_truth),
        ("close".to_owned(), m.close),
        ("nav_personas".to_owned(), m.nav_personas),
        ("personas_title".to_owned(), m.personas_title),
        ("personas_empty".to_owned(), m.personas_empty),
        ("new_persona".to_owned(), m.new_persona),
        ("persona_name".to_owned(), m.persona_name),
        ("segment".to_owned(), m.segment),
        ("age_range".to_owned(), m.age_range),
        ("occupation".to_owned(), m.occupation),
        ("quote".to_owned(), m.quote),
        ("goals".to_owned(), m.goals),
        ("needs".to_owned(), m.needs),
        ("fears".to_owned(), m.fears),
        ("says".to_owned(), m.says),
        ("thinks".to_owned(), m.thinks),
        ("does".to_owned(), m.does),
        ("feels".to_owned(), m.feels),
        ("empathy_map".to_owned(), m.empathy_map),
        ("preferred_channels".to_owned(), m.preferred_channels),
        ("delete_persona".to_owned(), m.delete_persona),
        ("delete_persona_confirm".to_owned(), m.delete_persona_confirm),
        ("all_personas".to_owned(), m.all_personas),
        ("err_persona_name".to_owned(), m.err_persona_name),
        ("err_persona_too_long".to_owned(), m.err_persona_too_long),
        ("err_persona_colour".to_owned(), m.err_persona_colour),
        ("err_persona_channel".to_owned(), m.err_persona_channel),
        ("err_persona_linked".to_owned(), m.err_persona_linked),
        ("personas_control".to_owned(), m.personas_control),
        ("link_personas".to_owned(), m.link_personas),
        ("library_empty_link".to_owned(), m.library_empty_link),
        ("open_library".to_owned(), m.open_library),
        ("emotion_curve".to_owned(), m.emotion_curve),
        ("show_persona".to_owned(), m.show_persona),
        ("no_linked_personas".to_owned(), m.no_linked_personas),
        ("emotion_note".to_owned(), m.emotion_note),
        ("not_set".to_owned(), m.not_set),
        ("view_label".to_owned(), m.view_label),
        ("view_board".to_owned(), m.view_board),
        ("view_channels".to_owned(), m.view_channels),
        ("view_priorities".to_owned(), m.view_priorities),
        ("channel_matrix".to_owned(), m.channel_matrix),
        ("no_touchpoints".to_owned(), m.no_touchpoints),
        ("no_opportunities".to_owned(), m.no_opportunities),
        ("timeline".to_owned(), m.timeline),
        ("total_time".to_owned(), m.total_time),
        ("template_clinic".to_owned(), m.template_clinic),
        ("template_clinic_hint".to_owned(), m.template_clinic_hint),
        ("template_massage".to_owned(), m.template_massage),
        ("template_massage_hint".to_owned(), m.template_massage_hint),
        ("template_retail".to_owned(), m.template_retail),
        ("template_retail_hint".to_owned(), m.template_retail_hint),
        ("photo".to_owned(), m.photo),
        ("photo_bad_type".to_owned(), m.photo_bad_type),
        ("photo_too_large".to_owned(), m.photo_too_large),
        ("photo_failed".to_owned(), m.photo_failed),
        ("photo_hint".to_owned(), m.photo_hint),
        ("edit".to_owned(), m.edit),
        ("nav_channels".to_owned(), m.nav_channels),
        ("channels_title".to_owned(), m.channels_title),
        ("channels_intro".to_owned(), m.channels_intro),
        ("channels_builtin".to_owned(), m.channels_builtin),
        ("channels_custom".to_owned(), m.channels_custom),
        ("channels_none".to_owned(), m.channels_none),
        ("channel_name".to_owned(), m.channel_name),
        ("channel_icon".to_owned(), m.channel_icon),
        ("add_channel".to_owned(), m.add_channel),
        ("edit_channel".to_owned(), m.edit_channel),
        ("delete_channel".to_owned(), m.delete_channel),
        ("delete_channel_confirm".to_owned(), m.delete_channel_confirm),
        ("channel_saved".to_owned(), m.channel_saved),
        ("err_channel_name".to_owned(), m.err_channel_name),
        ("err_channel_too_long".to_owned(), m.err_channel_too_long),
        ("err_channel_taken".to_owned(), m.err_channel_taken),
        ("err_channel_icon".to_owned(), m.err_channel_icon),
        ("err_channel_too_many".to_owned(), m.err_channel_too_many),
        ("err_channel_in_use".to_owned(), m.err_channel_in_use),
    ]);
    v.extend([
        ("import_title".to_owned(), m.import_title),
        ("import_file".to_owned(), m.import_file),
        ("import_hint".to_owned(), m.import_hint),
        ("importing".to_owned(), m.importing),
        ("export".to_owned(), m.export),
        ("err_import_empty".to_owned(), m.err_import_empty),
        ("err_import_too_large".to_owned(), m.err_import_too_large),
        ("err_import_format".to_owned(), m.err_import_format),
        ("err_import_json".to_owned(), m.err_import_json),
        ("err_import_field".to_owned(), m.err_import_field),
        ("err_import_line".to_owned(), m.err_import_line),
        ("err_import_version".to_owned(), m.err_import_version),
        ("err_import_no_stages".to_owned(), m.err_import_no_stages),
        ("err_import_refused".to_owned(), m.err_import_refused),
        ("err_import_too_many".to_owned(), m.err_import_too_many),
        ("err_import_too_slow".to_owned(), m.err_import_too_slow),
    ]);
    for (i, s) in m
        .feelings
        .iter()
        .chain(&m.quadrant_names)
        .chain(&m.duration_units)
        .chain(&m.icon_names)
        .chain(&m.field_problems)
        .chain(&m.line_problems)
        .chain(&m.import_parts)
        .enumerate()
    {
        v.push((format!("lists[{i}]"), s));
    }
    v.extend(m.acc.strings().into_iter().map(|(k, s)| (format!("acc.{k}"), s)));
    v
}

fn placeholders(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> =
        s.match_indices('{').filter_map(|(i, _)| s[i..].find('}').map(|j| &s[i..i + j + 1])).collect();
    out.sort();
    out
}

#[test]
fn no_locale_has_an_empty_string() {
    for l in Locale::ALL {
        for (key, s) in strings(l.messages()) {
            assert!(!s.trim().is_empty(), "{} has an empty {key}", l.tag());
        }
    }
}

#[test]
fn translations_keep_the_placeholders_of_english() {
    let en = strings(Locale::En.messages());
    for l in [Locale::PtBr, Locale::Ru] {
        for ((key, e), (_, s)) in en.iter().zip(strings(l.messages())) {
            // Plural forms may leave {n} out ("one card" in words); the rest must match.
            if key.starts_with("cards.") {
                continue;
            }
            assert_eq!(placeholders(e), placeholders(s), "{} {key}: {s:?}", l.tag());
        }
    }
}

#[test]
fn translated_locales_are_not_copies_of_english() {
    let en = strings(Locale::En.messages());
    for l in [Locale::PtBr, Locale::Ru] {
        // Words that are the same in Portuguese by right: "persona(s)", "e-mail", "editor"
        // and the unit abbreviations "min" and "h".
        const SAME_IN_PT: [&str; 6] = ["persona", "Personas", "personas", "E-mail", "{n} min", "Editor"];
        let same: Vec<_> = en
            .iter()
            .zip(strings(l.messages()))
            .filter(|((key, e), (_, s))| e == s && key != "app_name" && e.chars().any(char::is_alphabetic))
            .filter(|((_, e), _)| !(l == Locale::PtBr && (SAME_IN_PT.contains(e) || e.len() <= 5)))
            .map(|((key, _), _)| key.clone())
            .collect();
        assert!(same.is_empty(), "{} leaves these in English: {same:?}", l.tag());
    }
}

#[test]
fn each_locale_names_itself() {
    for l in Locale::ALL {
        assert_eq!(l.messages().locale, l);
    }
}

#[test]
fn accept_language_honours_quality() {
    assert_eq!(Locale::from_accept_language("ru-RU,ru;q=0.9,en;q=0.8"), Some(Locale::Ru));
    assert_eq!(Locale::from_accept_language("de-DE,pt;q=0.7,en;q=0.5"), Some(Locale::PtBr));
    assert_eq!(Locale::from_accept_language("en;q=0.2, pt-BR"), Some(Locale::PtBr));
    assert_eq!(Locale::from_accept_language("de, fr"), None);
    assert_eq!(Locale::from_accept_language(""), None);
}

#[test]
fn cookie_wins_and_is_read_among_others() {
    assert_eq!(Locale::from_cookie_header("a=1; jornada_lang=ru; b=2"), Some(Locale::Ru));
    assert_eq!(Locale::from_cookie_header("jornada_lang=xx"), None);
}

#[test]
fn russian_plurals() {
    let p = &Locale::Ru.messages().cards;
    assert_eq!(p.format(Locale::Ru, 1), "1 карточка");
    assert_eq!(p.format(Locale::Ru, 3), "3 карточки");
    assert_eq!(p.format(Locale::Ru, 5), "5 карточек");
    assert_eq!(p.format(Locale::Ru, 11), "11 карточек");
    assert_eq!(p.format(Locale::Ru, 21), "21 карточка");
    let en = &Locale::En.messages().cards;
    assert_eq!(en.format(Locale::En, 1), "1 card");
    assert_eq!(en.format(Locale::En, 0), "0 cards");
    let pt = &Locale::PtBr.messages().cards;
    assert_eq!(pt.format(Locale::PtBr, 0), "0 cartão");
    assert_eq!(pt.format(Locale::PtBr, 2), "2 cartões");
}
