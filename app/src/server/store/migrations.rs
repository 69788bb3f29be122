//! Versioned SurrealQL migrations, applied in order at start-up and recorded in the
//! database. Append new ones; never edit a migration that has shipped.
//!
//! Long on purpose: the schema's whole history, one migration after another, in order.

/// One schema step.
pub struct Migration {
    pub version: i64,
    pub name: &'static str,
    pub sql: &'static str,
}

pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "maps, stages, lanes, cards and the op log",
        sql: r#"
DEFINE TABLE map SCHEMAFULL;
DEFINE FIELD title ON map TYPE string;
DEFINE FIELD description ON map TYPE string DEFAULT '';
DEFINE FIELD rev ON map TYPE int DEFAULT 0;
DEFINE FIELD card_count ON map TYPE int DEFAULT 0;
DEFINE FIELD created_at ON map TYPE datetime DEFAULT time::now();
DEFINE FIELD updated_at ON map TYPE datetime DEFAULT time::now();
DEFINE INDEX map_updated ON map FIELDS updated_at;

DEFINE TABLE stage SCHEMAFULL;
DEFINE FIELD map ON stage TYPE record<map>;
DEFINE FIELD title ON stage TYPE string;
DEFINE FIELD description ON stage TYPE string DEFAULT '';
DEFINE FIELD duration ON stage TYPE string DEFAULT '';
DEFINE FIELD order ON stage TYPE string;
DEFINE INDEX stage_map ON stage FIELDS map;

DEFINE TABLE lane SCHEMAFULL;
DEFINE FIELD map ON lane TYPE record<map>;
DEFINE FIELD kind ON lane TYPE string;
DEFINE FIELD title ON lane TYPE string;
DEFINE FIELD order ON lane TYPE string;
DEFINE INDEX lane_map ON lane FIELDS map;

DEFINE TABLE card SCHEMAFULL;
DEFINE FIELD map ON card TYPE record<map>;
DEFINE FIELD stage ON card TYPE string;
DEFINE FIELD lane ON card TYPE string;
DEFINE FIELD order ON card TYPE string;
DEFINE FIELD text ON card TYPE string;
DEFINE FIELD colour ON card TYPE string;
DEFINE FIELD tags ON card TYPE array<string> DEFAULT [];
DEFINE INDEX card_map ON card FIELDS map;

DEFINE TABLE op SCHEMAFULL;
DEFINE FIELD map ON op TYPE record<map>;
DEFINE FIELD rev ON op TYPE int;
DEFINE FIELD author ON op TYPE string;
DEFINE FIELD client_op ON op TYPE string;
DEFINE FIELD body ON op TYPE string;
DEFINE FIELD at ON op TYPE datetime DEFAULT time::now();
DEFINE INDEX op_map_rev ON op FIELDS map, rev UNIQUE;
"#,
    },
    Migration {
        version: 2,
        name: "find an op by its client id, so a resent op is applied once",
        sql: r#"
DEFINE INDEX op_map_client ON op FIELDS map, client_op;
"#,
    },
    Migration {
        version: 3,
        name: "card fields by lane kind",
        sql: r#"
DEFINE FIELD details ON card TYPE object FLEXIBLE DEFAULT {};
"#,
    },
    Migration {
        version: 4,
        name: "persona library, personas linked to maps, emotions",
        sql: r#"
DEFINE TABLE persona SCHEMAFULL;
DEFINE FIELD workspace ON persona TYPE string DEFAULT 'default';
DEFINE FIELD name ON persona TYPE string;
DEFINE FIELD segment ON persona TYPE string DEFAULT '';
DEFINE FIELD age_range ON persona TYPE string DEFAULT '';
DEFINE FIELD occupation ON persona TYPE string DEFAULT '';
DEFINE FIELD quote ON persona TYPE string DEFAULT '';
DEFINE FIELD goals ON persona TYPE string DEFAULT '';
DEFINE FIELD needs ON persona TYPE string DEFAULT '';
DEFINE FIELD fears ON persona TYPE string DEFAULT '';
DEFINE FIELD channels ON persona TYPE array<string> DEFAULT [];
DEFINE FIELD empathy ON persona TYPE object FLEXIBLE DEFAULT {};
DEFINE FIELD colour ON persona TYPE string;
DEFINE FIELD updated_at ON persona TYPE datetime DEFAULT time::now();
DEFINE INDEX persona_workspace ON persona FIELDS workspace;

DEFINE FIELD personas ON map TYPE array<string> DEFAULT [];

DEFINE TABLE emotion SCHEMAFULL;
DEFINE FIELD map ON emotion TYPE record<map>;
DEFINE FIELD persona ON emotion TYPE string;
DEFINE FIELD stage ON emotion TYPE string;
DEFINE FIELD score ON emotion TYPE int ASSERT $value >= -2 AND $value <= 2;
DEFINE FIELD note ON emotion TYPE string DEFAULT '';
DEFINE INDEX emotion_map ON emotion FIELDS map;
DEFINE INDEX emotion_persona ON emotion FIELDS persona;
"#,
    },
    Migration {
        version: 5,
        name: "persona photos",
        sql: r#"
DEFINE FIELD photo ON persona TYPE int DEFAULT 0;
DEFINE TABLE photo SCHEMAFULL;
DEFINE FIELD data ON photo TYPE bytes;
DEFINE FIELD content_type ON photo TYPE string;
"#,
    },
    Migration {
        version: 6,
        name: "custom channels",
        sql: r#"
DEFINE TABLE channel SCHEMAFULL;
DEFINE FIELD workspace ON channel TYPE string;
DEFINE FIELD name ON channel TYPE string;
DEFINE FIELD icon ON channel TYPE string;
DEFINE INDEX channel_workspace ON channel FIELDS workspace;
DEFINE INDEX card_channel ON card FIELDS details.channel;
"#,
    },
    Migration {
        version: 7,
        name: "api tokens",
        sql: r#"
DEFINE TABLE api_token SCHEMAFULL;
DEFINE FIELD name ON api_token TYPE string;
DEFINE FIELD prefix ON api_token TYPE string;
DEFINE FIELD hash ON api_token TYPE string;
DEFINE FIELD created_at ON api_token TYPE datetime;
DEFINE FIELD last_used ON api_token TYPE option<datetime>;
DEFINE INDEX api_token_hash ON api_token FIELDS hash UNIQUE;
"#,
    },
    Migration {
        version: 8,
        name: "accounts, workspaces, members, sessions, invites, share links",
        sql: r#"
DEFINE TABLE user SCHEMAFULL;
DEFINE FIELD email ON user TYPE string;
DEFINE FIELD name ON user TYPE string;
DEFINE FIELD hash ON user TYPE string;
DEFINE FIELD locale ON user TYPE string DEFAULT 'en';
DEFINE FIELD workspace ON user TYPE string DEFAULT 'default';
DEFINE FIELD created_at ON user TYPE datetime DEFAULT time::now();
DEFINE INDEX user_email ON user FIELDS email UNIQUE;

DEFINE TABLE workspace SCHEMAFULL;
DEFINE FIELD name ON workspace TYPE string;
DEFINE FIELD created_at ON workspace TYPE datetime DEFAULT time::now();

DEFINE TABLE member SCHEMAFULL;
DEFINE FIELD user ON member TYPE string;
DEFINE FIELD workspace ON member TYPE string;
DEFINE FIELD role ON member TYPE string ASSERT $value IN ['owner', 'editor', 'commenter', 'viewer'];
DEFINE FIELD joined_at ON member TYPE datetime DEFAULT time::now();
DEFINE INDEX member_user_workspace ON member FIELDS user, workspace UNIQUE;
DEFINE INDEX member_workspace ON member FIELDS workspace;

DEFINE TABLE session SCHEMAFULL;
DEFINE FIELD hash ON session TYPE string;
DEFINE FIELD user ON session TYPE string;
DEFINE FIELD created_at ON session TYPE datetime DEFAULT time::now();
DEFINE FIELD expires_at ON session TYPE datetime;
DEFINE INDEX session_hash ON session FIELDS hash UNIQUE;
DEFINE INDEX session_user ON session FIELDS user;

DEFINE TABLE invite SCHEMAFULL;
DEFINE FIELD hash ON invite TYPE string;
DEFINE FIELD workspace ON invite TYPE string;
DEFINE FIELD role ON invite TYPE string ASSERT $value IN ['owner', 'editor', 'commenter', 'viewer'];
DEFINE FIELD created_by ON invite TYPE string;
DEFINE FIELD created_at ON invite TYPE datetime DEFAULT time::now();
DEFINE FIELD expires_at ON invite TYPE datetime;
DEFINE FIELD uses ON invite TYPE int DEFAULT 0;
DEFINE INDEX invite_hash ON invite FIELDS hash UNIQUE;
DEFINE INDEX invite_workspace ON invite FIELDS workspace;

DEFINE TABLE share_link SCHEMAFULL;
DEFINE FIELD hash ON share_link TYPE string;
DEFINE FIELD map ON share_link TYPE string;
DEFINE FIELD role ON share_link TYPE string ASSERT $value IN ['commenter', 'viewer'];
DEFINE FIELD created_by ON share_link TYPE string;
DEFINE FIELD created_at ON share_link TYPE datetime DEFAULT time::now();
DEFINE FIELD expires_at ON share_link TYPE option<datetime>;
DEFINE INDEX share_link_hash ON share_link FIELDS hash UNIQUE;
DEFINE INDEX share_link_map ON share_link FIELDS map;

DEFINE FIELD workspace ON map TYPE string DEFAULT 'default';
UPDATE map SET workspace = 'default' WHERE workspace = NONE;
DEFINE INDEX map_workspace ON map FIELDS workspace;

-- A token now acts as its user; tokens made before accounts belonged to nobody.
DELETE api_token;
DEFINE FIELD user ON api_token TYPE string;
DEFINE INDEX api_token_user ON api_token FIELDS user;
"#,
    },
    Migration {
        version: 9,
        name: "stage, lane, card and emotion records keyed by their map",
        sql: r#"
-- Ids come from clients: a bare `card:<id>` let an op on one map overwrite a record of
-- another. Every record of a map's parts is now keyed [map key, own id].
FOR $r IN (SELECT * FROM stage) {
    CREATE type::record('stage', [record::id($r.map), record::id($r.id)])
        SET map = $r.map, title = $r.title, description = $r.description, duration = $r.duration, order = $r.order;
    DELETE $r.id;
};
FOR $r IN (SELECT * FROM lane) {
    CREATE type::record('lane', [record::id($r.map), record::id($r.id)])
        SET map = $r.map, kind = $r.kind, title = $r.title, order = $r.order;
    DELETE $r.id;
};
FOR $r IN (SELECT * FROM card) {
    CREATE type::record('card', [record::id($r.map), record::id($r.id)])
        SET map = $r.map, stage = $r.stage, lane = $r.lane, order = $r.order, text = $r.text,
            colour = $r.colour, tags = $r.tags, details = $r.details;
    DELETE $r.id;
};
FOR $r IN (SELECT * FROM emotion) {
    CREATE type::record('emotion', [record::id($r.map), $r.persona + '~' + $r.stage])
        SET map = $r.map, persona = $r.persona, stage = $r.stage, score = $r.score, note = $r.note;
    DELETE $r.id;
};
"#,
    },
    Migration {
        version: 10,
        name: "tokens get a workspace, a scope and an expiry; session idle time; invite use limits",
        sql: r#"
DEFINE FIELD workspace ON api_token TYPE string DEFAULT '';
DEFINE FIELD scope ON api_token TYPE string DEFAULT 'read' ASSERT $value IN ['read', 'write'];
DEFINE FIELD expires_at ON api_token TYPE option<datetime>;
-- Tokens made before this acted as their user everywhere, with the user's role: they keep
-- write access, in the workspace their user works in now.
FOR $t IN (SELECT id, user FROM api_token) {
    UPDATE $t.id SET scope = 'write', workspace = (SELECT VALUE workspace FROM ONLY type::record('user', $t.user)) ?? '';
};

DEFINE FIELD last_seen ON session TYPE option<datetime>;

DEFINE FIELD max_uses ON invite TYPE int DEFAULT 10;
UPDATE invite SET max_uses = IF role == 'owner' { 1 } ELSE { 10 };
"#,
    },
    Migration {
        version: 11,
        name: "one-time password reset links (jornada reset-password)",
        sql: r#"
DEFINE TABLE password_reset SCHEMAFULL;
DEFINE FIELD hash ON password_reset TYPE string;
DEFINE FIELD user ON password_reset TYPE string;
DEFINE FIELD created_at ON password_reset TYPE datetime DEFAULT time::now();
DEFINE FIELD expires_at ON password_reset TYPE datetime;
DEFINE INDEX password_reset_hash ON password_reset FIELDS hash UNIQUE;
DEFINE INDEX password_reset_user ON password_reset FIELDS user;
"#,
    },
    Migration {
        version: 12,
        name: "templates saved in a workspace (a map's draft, in the native format)",
        sql: r#"
DEFINE TABLE map_template SCHEMAFULL;
DEFINE FIELD workspace ON map_template TYPE string;
DEFINE FIELD name ON map_template TYPE string;
DEFINE FIELD body ON map_template TYPE string;
DEFINE FIELD stages ON map_template TYPE int;
DEFINE FIELD cards ON map_template TYPE int;
DEFINE FIELD personas ON map_template TYPE int;
DEFINE FIELD created_by ON map_template TYPE string;
DEFINE FIELD created_at ON map_template TYPE datetime DEFAULT time::now();
DEFINE INDEX map_template_workspace ON map_template FIELDS workspace;
"#,
    },
    Migration {
        version: 13,
        name: "a map's review cadence and review log, and the date of its newest feedback",
        sql: r#"
DEFINE FIELD review_weeks ON map TYPE option<int>;
DEFINE FIELD reviewed_at ON map TYPE option<datetime>;
DEFINE FIELD feedback_latest ON map TYPE option<string>;
DEFINE TABLE map_review SCHEMAFULL;
DEFINE FIELD map ON map_review TYPE record<map>;
DEFINE FIELD user ON map_review TYPE string;
DEFINE FIELD at ON map_review TYPE datetime;
DEFINE FIELD body ON map_review TYPE string;
DEFINE INDEX map_review_map ON map_review FIELDS map, at;
"#,
    },
    Migration {
        version: 14,
        name: "customer feedback: answers, their imports, each workspace's settings, the map's summary",
        sql: r#"
DEFINE TABLE feedback SCHEMAFULL;
DEFINE FIELD workspace ON feedback TYPE string;
DEFINE FIELD map ON feedback TYPE string;
DEFINE FIELD batch ON feedback TYPE string;
DEFINE FIELD stage ON feedback TYPE string;
DEFINE FIELD card ON feedback TYPE option<string>;
DEFINE FIELD persona ON feedback TYPE option<string>;
DEFINE FIELD segment ON feedback TYPE option<string>;
DEFINE FIELD date ON feedback TYPE string;
DEFINE FIELD scale ON feedback TYPE string;
DEFINE FIELD score ON feedback TYPE number;
DEFINE FIELD norm ON feedback TYPE number;
DEFINE FIELD comment ON feedback TYPE string DEFAULT '';
DEFINE FIELD lang ON feedback TYPE option<string>;
DEFINE FIELD source ON feedback TYPE string DEFAULT '';
DEFINE FIELD external_id ON feedback TYPE option<string>;
DEFINE FIELD client ON feedback TYPE option<string>;
DEFINE INDEX feedback_map ON feedback FIELDS map;
DEFINE TABLE feedback_batch SCHEMAFULL;
DEFINE FIELD map ON feedback_batch TYPE string;
DEFINE FIELD workspace ON feedback_batch TYPE string;
DEFINE FIELD source ON feedback_batch TYPE string;
DEFINE FIELD rows ON feedback_batch TYPE int;
DEFINE FIELD skipped ON feedback_batch TYPE int;
DEFINE FIELD created_by ON feedback_batch TYPE string;
DEFINE FIELD created_at ON feedback_batch TYPE datetime DEFAULT time::now();
DEFINE INDEX feedback_batch_map ON feedback_batch FIELDS map;
DEFINE TABLE feedback_setting SCHEMAFULL;
DEFINE FIELD workspace ON feedback_setting TYPE string;
DEFINE FIELD mapping ON feedback_setting TYPE option<string>;
DEFINE FIELD key ON feedback_setting TYPE option<string>;
DEFINE FIELD retention_months ON feedback_setting TYPE option<int>;
DEFINE FIELD feedback_summary ON map TYPE option<string>;
"#,
    },
    Migration {
        version: 15,
        name: "comments on maps, stages and cards, and each person's mentions and replies",
        sql: r#"
DEFINE TABLE comment SCHEMAFULL;
DEFINE FIELD map ON comment TYPE string;
DEFINE FIELD thread ON comment TYPE string;
DEFINE FIELD author ON comment TYPE string;
DEFINE FIELD created_at ON comment TYPE datetime;
DEFINE FIELD body ON comment TYPE string;
DEFINE INDEX comment_map ON comment FIELDS map;
DEFINE TABLE notice SCHEMAFULL;
DEFINE FIELD user ON notice TYPE string;
DEFINE FIELD map ON notice TYPE string;
DEFINE FIELD comment ON notice TYPE string;
DEFINE FIELD kind ON notice TYPE string;
DEFINE FIELD at ON notice TYPE datetime;
DEFINE FIELD read ON notice TYPE bool DEFAULT false;
DEFINE INDEX notice_user ON notice FIELDS user, read;
"#,
    },
    Migration {
        version: 16,
        name: "the Trash: a deleted map is kept 30 days, with when and by whom it was deleted",
        sql: r#"
DEFINE FIELD deleted_at ON map TYPE option<datetime>;
DEFINE FIELD deleted_by ON map TYPE option<string>;
"#,
    },
    Migration {
        version: 17,
        name: "named versions of a map and snapshots to rebuild the past from",
        sql: r#"
DEFINE TABLE map_version SCHEMAFULL;
DEFINE FIELD map ON map_version TYPE string;
DEFINE FIELD rev ON map_version TYPE int;
DEFINE FIELD created_at ON map_version TYPE datetime;
DEFINE FIELD meta ON map_version TYPE string;
DEFINE FIELD body ON map_version TYPE string;
DEFINE INDEX map_version_map ON map_version FIELDS map;
DEFINE TABLE map_snapshot SCHEMAFULL;
DEFINE FIELD map ON map_snapshot TYPE string;
DEFINE FIELD rev ON map_snapshot TYPE int;
DEFINE FIELD body ON map_snapshot TYPE string;
DEFINE INDEX map_snapshot_map ON map_snapshot FIELDS map, rev;
"#,
    },
    Migration {
        version: 18,
        name: "who made an op on the board and the op that undoes it, so undo survives a reload",
        sql: r#"
DEFINE FIELD who ON op TYPE option<string>;
DEFINE FIELD undo ON op TYPE option<string>;
"#,
    },
    Migration {
        version: 19,
        name: "the revisions of a map's snapshots on their own, to find the nearest without reading the bodies",
        sql: r#"
DEFINE TABLE snapshot_rev SCHEMAFULL;
DEFINE FIELD map ON snapshot_rev TYPE string;
DEFINE FIELD rev ON snapshot_rev TYPE int;
DEFINE INDEX snapshot_rev_map ON snapshot_rev FIELDS map, rev;
FOR $s IN (SELECT record::id(id) AS key, map, rev FROM map_snapshot) {
    UPSERT type::record('snapshot_rev', $s.key) CONTENT { map: $s.map, rev: $s.rev };
};
"#,
    },
    Migration {
        version: 20,
        name: "who is on which map and where their cursor is, and each map's workshop timer, shared by every process",
        sql: r#"
DEFINE TABLE presence SCHEMAFULL;
DEFINE FIELD conn ON presence TYPE string;
DEFINE FIELD map ON presence TYPE string;
DEFINE FIELD node ON presence TYPE string;
DEFINE FIELD person ON presence TYPE string;
DEFINE FIELD seen ON presence TYPE datetime;
DEFINE TABLE cursor SCHEMAFULL;
DEFINE FIELD conn ON cursor TYPE string;
DEFINE FIELD map ON cursor TYPE string;
DEFINE FIELD node ON cursor TYPE string;
DEFINE FIELD pos ON cursor TYPE option<array<float>>;
DEFINE FIELD at ON cursor TYPE datetime;
DEFINE TABLE map_timer SCHEMAFULL;
DEFINE FIELD map ON map_timer TYPE string;
DEFINE FIELD body ON map_timer TYPE string;
"#,
    },
    Migration {
        version: 21,
        name: "workshops: the state everyone on a map sees, guest participants and their cards, dot votes, the leader's view",
        sql: r#"
DEFINE TABLE workshop SCHEMAFULL;
DEFINE FIELD map ON workshop TYPE string;
DEFINE FIELD body ON workshop TYPE string;
DEFINE FIELD join ON workshop TYPE option<string>;
DEFINE FIELD by ON workshop TYPE string;
DEFINE INDEX workshop_join ON workshop FIELDS join;
DEFINE TABLE guest SCHEMAFULL;
DEFINE FIELD map ON guest TYPE string;
DEFINE FIELD workshop ON guest TYPE string;
DEFINE FIELD name ON guest TYPE string;
DEFINE FIELD hash ON guest TYPE string;
DEFINE FIELD cards ON guest TYPE array<string>;
DEFINE FIELD joined ON guest TYPE datetime DEFAULT time::now();
DEFINE INDEX guest_hash ON guest FIELDS hash UNIQUE;
DEFINE INDEX guest_map ON guest FIELDS map;
DEFINE TABLE vote SCHEMAFULL;
DEFINE FIELD map ON vote TYPE string;
DEFINE FIELD round ON vote TYPE string;
DEFINE FIELD voter ON vote TYPE string;
DEFINE FIELD card ON vote TYPE string;
DEFINE FIELD n ON vote TYPE int;
DEFINE INDEX vote_round ON vote FIELDS map, round, voter;
DEFINE TABLE lead_view SCHEMAFULL;
DEFINE FIELD map ON lead_view TYPE string;
DEFINE FIELD node ON lead_view TYPE string;
DEFINE FIELD conn ON lead_view TYPE string;
DEFINE FIELD body ON lead_view TYPE string;
"#,
    },
    Migration {
        version: 22,
        name: "customer answers keyed by [map, key], read as a range of ids, instead of a field and an index for the map",
        sql: r#"
REMOVE INDEX IF EXISTS feedback_map ON feedback;
DEFINE FIELD OVERWRITE map ON feedback TYPE option<string>;
FOR $f IN (SELECT * FROM feedback) {
    INSERT IGNORE INTO feedback {
        id: [$f.map, record::id($f.id)], workspace: $f.workspace, batch: $f.batch, stage: $f.stage,
        card: $f.card, persona: $f.persona, segment: $f.segment, date: $f.date, scale: $f.scale, score: $f.score,
        norm: $f.norm, comment: $f.comment, lang: $f.lang, source: $f.source, external_id: $f.external_id,
        client: $f.client
    } RETURN NONE;
    DELETE $f.id;
};
REMOVE FIELD IF EXISTS map ON feedback;
"#,
    },
    Migration {
        version: 23,
        name: "each map's customer feedback in running totals, and a row per map whose feedback changed, heard by every process",
        sql: r#"
DEFINE TABLE feedback_tally SCHEMAFULL;
DEFINE FIELD map ON feedback_tally TYPE string;
DEFINE FIELD version ON feedback_tally TYPE int;
DEFINE FIELD body ON feedback_tally TYPE string;
DEFINE TABLE feedback_news SCHEMAFULL;
DEFINE FIELD map ON feedback_news TYPE string;
DEFINE FIELD at ON feedback_news TYPE datetime;
"#,
    },
    Migration {
        version: 24,
        name: "a persona's gender",
        sql: r#"
DEFINE FIELD gender ON persona TYPE string DEFAULT '';
UPDATE persona SET gender = '' WHERE gender = NONE;
"#,
    },
    Migration {
        version: 25,
        name: "client segments: a list per workspace, made from the personas' free-text segments",
        sql: r#"
DEFINE TABLE segment SCHEMAFULL;
DEFINE FIELD workspace ON segment TYPE string;
DEFINE FIELD name ON segment TYPE string;
DEFINE INDEX segment_workspace ON segment FIELDS workspace;
UPDATE persona SET segment = string::trim(segment) WHERE segment != string::trim(segment);
FOR $p IN (SELECT workspace, segment FROM persona WHERE segment != '' ORDER BY segment) {
    IF (SELECT VALUE id FROM segment WHERE workspace = $p.workspace
            AND string::lowercase(name) = string::lowercase($p.segment)) = [] {
        CREATE type::record('segment', 'g-' + rand::string(12)) SET workspace = $p.workspace, name = $p.segment;
    };
};
FOR $s IN (SELECT workspace, name FROM segment) {
    UPDATE persona SET segment = $s.name
        WHERE workspace = $s.workspace AND segment != $s.name AND string::lowercase(segment) = string::lowercase($s.name);
};
"#,
    },
    Migration {
        version: 26,
        name: "who added a card (stamped by the server from now on)",
        sql: r#"
DEFINE FIELD author ON card TYPE option<string>;
"#,
    },
];

/// The newest schema version this binary knows.
pub fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_increase_by_one_from_one() {
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version, i as i64 + 1, "{}", m.name);
        }
    }
}
