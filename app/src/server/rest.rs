//! The REST API for integrations under `/api/v1`, described by `/api/v1/openapi.json`.
//! Every route but the document needs `Authorization: Bearer <personal API token>`.
//! Thin: the same logic as the server functions and the import/export routes.

use super::auth::{self, Identity};
use super::formats::{export, import};
use super::AppState;
use crate::domain::ImportError;
use crate::domain::*;
use crate::error::AppError;
use crate::formats::ExportFormat;
use crate::i18n::request_locale;
use crate::protocol::{client_op_ok, rest_map_path, MAX_CLIENT_OP, MAX_OPS_PER_REQUEST, REST_ROOT};
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::json;

pub fn routes(state: AppState) -> Router<AppState> {
    let authed = Router::new()
        .route("/maps", get(list).post(create))
        .route("/maps/{id}", get(show).delete(remove))
        .route("/maps/{id}/ops", axum::routing::post(apply))
        .route("/maps/{id}/export/{format}", get(download))
        .route("/maps/{id}/feedback", get(list_feedback).post(push_feedback))
        .route_layer(axum::middleware::from_fn_with_state(state, authenticate));
    Router::new().route("/openapi.json", get(openapi)).merge(authed)
}

/// An error as JSON: a stable code and the message in the requester's language.
fn error(headers: &HeaderMap, status: StatusCode, e: &AppError) -> Response {
    let t = request_locale(headers).messages();
    (status, Json(json!({ "error": e.message(t), "detail": e }))).into_response()
}

fn fail(headers: &HeaderMap, e: AppError) -> Response {
    let status = match &e {
        AppError::Import(ImportError::TooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::Import(ImportError::UnknownFormat) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        other => other.status_code(),
    };
    error(headers, status, &e)
}

/// Finds the token and acts as its person, in the token's workspace, with their role
/// there lowered to the token's scope. A token that does not check (unknown, expired,
/// its person gone from the workspace) is 401, and costs the database no write.
async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .and_then(|t| SecretKind::ApiToken.parse(t));
    let identity = match token {
        Some(t) => match token_identity(&state, t).await {
            Ok(i) => i,
            Err(e) => return fail(request.headers(), e.into()),
        },
        None => None,
    };
    let Some(identity) = identity else {
        let mut response = (
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "A valid personal API token is required (Authorization: Bearer jrn_…).", "detail": { "kind": "unauthorized" } })),
        )
            .into_response();
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        return response;
    };
    request.extensions_mut().insert(identity);
    next.run(request).await
}

async fn token_identity(state: &AppState, token: &str) -> Result<Option<Identity>, super::store::StoreError> {
    let Some(t) = state.store.check_token(token).await? else { return Ok(None) };
    let Some(row) = state.store.session_user(&t.user).await? else { return Ok(None) };
    Identity::for_token(&state.store, row, t.workspace, t.scope).await
}

async fn list(State(state): State<AppState>, Extension(who): Extension<Identity>, headers: HeaderMap) -> Response {
    if let Err(e) = auth::allowed(&who, Capability::View) {
        return fail(&headers, e);
    }
    match state.store.list_maps(&who.workspace).await {
        Ok(maps) => Json(maps).into_response(),
        Err(e) => fail(&headers, e.into()),
    }
}

async fn create(
    State(state): State<AppState>,
    Extension(who): Extension<Identity>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Err(e) = auth::allowed(&who, Capability::Edit) {
        return fail(&headers, e);
    }
    match import(&state.store, &who.workspace, &body).await {
        Ok(id) => {
            let location = rest_map_path(id.as_str());
            (StatusCode::CREATED, [(header::LOCATION, location)], Json(json!({ "id": id }))).into_response()
        }
        Err(e) => fail(&headers, e),
    }
}

/// What a route on one map (`/maps/{id}`, `/maps/{id}/ops`) is given: the state, who
/// asks, the request's headers (the language of a refusal) and the map's id.
#[derive(FromRequestParts)]
struct OnMap {
    #[from_request(via(State))]
    state: AppState,
    #[from_request(via(Extension))]
    who: Identity,
    headers: HeaderMap,
    #[from_request(via(Path))]
    id: String,
}

impl OnMap {
    /// The map and what the token's person may do on it, when that allows `action`.
    async fn allowed(&self, action: Capability) -> Result<(MapId, auth::MapAccess), AppError> {
        let id = MapId(self.id.clone());
        let access = auth::map_role(&self.state.store, &self.who, &id, action).await?;
        Ok((id, access))
    }

    /// The route's answer, or its refusal as JSON in the requester's language.
    fn answer(&self, result: Result<Response, AppError>) -> Response {
        result.unwrap_or_else(|e| fail(&self.headers, e))
    }
}

async fn show(on: OnMap) -> Response {
    let answer = async {
        let (id, _) = on.allowed(Capability::View).await?;
        let map = on.state.store.current_map(&id).await?.ok_or(AppError::NotFound)?;
        Ok(Json(map).into_response())
    };
    on.answer(answer.await)
}

async fn remove(on: OnMap) -> Response {
    let answer = async {
        let (id, _) = on.allowed(Capability::Edit).await?;
        // To the Trash, like a deletion on the dashboard: an owner can bring it back.
        if !on.state.store.trash_map(&id, "REST API").await? {
            return Err(AppError::NotFound);
        }
        on.state.hub.access_changed();
        Ok(StatusCode::NO_CONTENT.into_response())
    };
    on.answer(answer.await)
}

#[derive(Deserialize)]
struct OpsBody {
    ops: Vec<Op>,
    /// Makes a retry safe: ops sent again under the same id are applied once.
    #[serde(default)]
    client_op: String,
}

async fn apply(on: OnMap, body: Bytes) -> Response {
    let answer = async {
        let (id, access) = on.allowed(Capability::Edit).await?;
        let body: OpsBody = serde_json::from_slice(&body)
            .map_err(|e| AppError::Invalid { field: format!("body (line {}, column {})", e.line(), e.column()) })?;
        if body.ops.is_empty() || body.ops.len() > MAX_OPS_PER_REQUEST || !client_op_ok(&body.client_op) {
            return Err(AppError::Invalid { field: "ops".into() });
        }
        // The same path as the websocket: references checked, then one group commit.
        let write = super::store::Write::new(&on.who.name, &body.client_op, body.ops);
        match super::maps::apply_group(&on.state.store, &access.workspace, &id, vec![write]).await.pop() {
            Some(Ok(applied)) => {
                Ok(Json(json!({ "rev": applied.rev, "duplicate": applied.duplicate })).into_response())
            }
            Some(Err(e)) => Err(e.into()),
            None => Err(AppError::Internal),
        }
    };
    on.answer(answer.await)
}

async fn download(
    State(state): State<AppState>,
    Extension(who): Extension<Identity>,
    headers: HeaderMap,
    Path((id, format)): Path<(String, String)>,
    Query(query): Query<super::formats::ExportQuery>,
) -> Response {
    let Some(format) = ExportFormat::parse(&format) else {
        return fail(&headers, AppError::NotFound);
    };
    let id = MapId(id);
    let access = match auth::map_role(&state.store, &who, &id, Capability::View).await {
        Ok(a) => a,
        Err(e) => return fail(&headers, e),
    };
    let of = match query.of(format, &access) {
        Ok(of) => of,
        Err(e) => return fail(&headers, e),
    };
    let requester = super::formats::requester(Some(&who), None, None);
    match export(&state.store, &access.workspace, &id, &of, request_locale(&headers), &state.renders, &requester).await
    {
        Ok((bytes, _)) => ([(header::CONTENT_TYPE, format.content_type())], bytes).into_response(),
        Err(e) => fail(&headers, e),
    }
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    offset: Option<u32>,
}

/// Answers a REST page lists at most.
const FEEDBACK_PAGE: u32 = 200;

/// `GET /maps/{id}/feedback?limit=&offset=`: the map's answers, newest first (never the
/// client's pseudonym). Members of the map's workspace.
async fn list_feedback(on: OnMap, Query(page): Query<PageQuery>) -> Response {
    let answer = async {
        let (id, _) = on.allowed(Capability::View).await?;
        let limit = page.limit.unwrap_or(FEEDBACK_PAGE).clamp(1, FEEDBACK_PAGE);
        let offset = page.offset.unwrap_or(0).min(crate::domain::feedback::MAX_ROWS as u32 * 10);
        Ok(Json(on.state.store.feedback_page(&id, limit, offset).await?).into_response())
    };
    on.answer(answer.await)
}

/// `POST /maps/{id}/feedback` with a JSON array of answers: one batch, all or nothing,
/// idempotent by external id. Editors and owners (a read-write token).
async fn push_feedback(on: OnMap, body: Bytes) -> Response {
    let answer = async {
        let (id, access) = on.allowed(Capability::Edit).await?;
        let entries: Vec<super::feedback_push::PushEntry> = serde_json::from_slice(&body)
            .map_err(|e| AppError::Invalid { field: format!("body (line {}, column {})", e.line(), e.column()) })?;
        let outcome =
            super::feedback_push::push(&on.state.store, &access.workspace, &id, entries, &on.who.user).await?;
        Ok((StatusCode::CREATED, Json(outcome)).into_response())
    };
    on.answer(answer.await)
}

/// The OpenAPI 3.1 description of this API.
async fn openapi() -> Response {
    Json(document()).into_response()
}

/// Written by hand: eight routes, and the op schema points to the ops' JSON shape, which a
/// generator could only derive by annotating the domain types that the browser build
/// shares.
pub fn document() -> serde_json::Value {
    let formats: Vec<&str> = ExportFormat::ALL.iter().map(|f| f.as_str()).collect();
    let error = json!({ "description": "Refused; `error` is a message for people, `detail.kind` a stable code", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } });
    let id = json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Jornada API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Customer journey maps: list, read, create from any import format, change with ops, export. Authenticate with a personal API token from Settings: `Authorization: Bearer jrn_…`. A token acts as the person who made it, in the workspace it was made in, with their role there: viewers and commenters may read and export, editors and owners may also create, change and delete. A read token may only read and export, whatever the role. Lists and new maps are in the token's workspace; a map of any other workspace answers 404. An unknown, revoked or expired token answers 401."
        },
        "servers": [{ "url": REST_ROOT }],
        "security": [{ "token": [] }],
        "paths": {
            "/maps": {
                "get": { "summary": "Every map, most recently changed first", "responses": { "200": { "description": "Map summaries", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/MapSummary" } } } } }, "401": error } },
                "post": {
                    "summary": "Create a map from a file in any import format (Jornada JSON, OpenJourney .ojf, Mermaid journey, CSV), detected from the content",
                    "requestBody": { "required": true, "content": { "application/json": {}, "text/plain": {}, "text/csv": {} } },
                    "responses": { "201": { "description": "Created", "content": { "application/json": { "schema": { "type": "object", "properties": { "id": { "type": "string" } } } } } }, "400": error, "401": error, "403": error, "413": error, "415": error, "422": error }
                }
            },
            "/maps/{id}": {
                "parameters": [id],
                "get": { "summary": "A map with its ids, revision, stages, lanes, cards, personas and emotions", "responses": { "200": { "description": "The map", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Map" } } } }, "401": error, "404": error } },
                "delete": { "summary": "Delete a map", "responses": { "204": { "description": "Deleted" }, "401": error, "403": error, "404": error } }
            },
            "/maps/{id}/ops": {
                "parameters": [id],
                "post": {
                    "summary": "Apply ops, all or nothing, as one revision step each; live viewers see them at once",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["ops"], "properties": { "ops": { "type": "array", "items": { "$ref": "#/components/schemas/Op" }, "maxItems": MAX_OPS_PER_REQUEST }, "client_op": { "type": "string", "maxLength": MAX_CLIENT_OP, "description": "Idempotency key: ops sent again under the same key are applied once" } } } } } },
                    "responses": { "200": { "description": "Applied", "content": { "application/json": { "schema": { "type": "object", "properties": { "rev": { "type": "integer" }, "duplicate": { "type": "boolean" } } } } } }, "400": error, "401": error, "403": error, "404": error, "422": error }
                }
            },
            "/maps/{id}/feedback": {
                "parameters": [id],
                "get": {
                    "summary": "The map's customer feedback, newest first, a page at a time (workspace members only)",
                    "parameters": [
                        { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 200 } },
                        { "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": 0 } }
                    ],
                    "responses": { "200": { "description": "Entries", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/FeedbackAnswer" } } } } }, "401": error, "404": error }
                },
                "post": {
                    "summary": "Add customer feedback: all or nothing, one batch; an entry whose external_id the map has already is left unchanged. Client references are stored only as a keyed hash",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "array", "maxItems": crate::domain::feedback::MAX_REST_ENTRIES, "items": { "$ref": "#/components/schemas/NewFeedback" } } } } },
                    "responses": { "201": { "description": "Stored", "content": { "application/json": { "schema": { "type": "object", "properties": { "batch": { "type": "string" }, "imported": { "type": "integer" }, "unchanged": { "type": "integer" }, "skipped": { "type": "integer" } } } } } }, "400": error, "401": error, "403": error, "404": error, "422": error }
                }
            },
            "/maps/{id}/export/{format}": {
                "parameters": [id, { "name": "format", "in": "path", "required": true, "schema": { "type": "string", "enum": formats } }, { "name": "version", "in": "query", "required": false, "description": "A saved version's id: the map as it was in that version", "schema": { "type": "string" } }, { "name": "paper", "in": "query", "required": false, "description": "PDF only: pages of this paper size, each repeating the title, stage headers and lane titles (none or poster: one page as large as the map)", "schema": { "type": "string", "enum": ["a4", "a3", "poster"] } }, { "name": "orientation", "in": "query", "required": false, "description": "PDF pages' orientation (default landscape)", "schema": { "type": "string", "enum": ["landscape", "portrait"] } }],
                "get": { "summary": "The whole map in an export format (the Markdown report with its comment threads)", "responses": { "200": { "description": "The file" }, "401": error, "404": error } }
            }
        },
        "components": {
            "securitySchemes": { "token": { "type": "http", "scheme": "bearer", "description": "A personal API token (Settings → API tokens)" } },
            "schemas": {
                "Error": { "type": "object", "properties": { "error": { "type": "string" }, "detail": { "type": "object", "properties": { "kind": { "type": "string" } } } } },
                "MapSummary": { "type": "object", "properties": { "id": { "type": "string" }, "title": { "type": "string" }, "card_count": { "type": "integer" }, "updated_at": { "type": "string", "format": "date-time" } } },
                "Map": { "type": "object", "description": "As GET /maps/{id} returns it: stages, lanes and cards keyed by id, each with a fractional `order` key", "properties": { "id": { "type": "string" }, "title": { "type": "string" }, "description": { "type": "string" }, "rev": { "type": "integer" }, "stages": { "type": "object" }, "lanes": { "type": "object" }, "cards": { "type": "object" }, "personas": { "type": "array", "items": { "type": "string" } }, "emotions": { "type": "array" } } },
                "NewFeedback": {
                    "type": "object",
                    "required": ["stage", "date", "score"],
                    "properties": {
                        "stage": { "type": "string", "description": "The stage's id or its title (case ignored)" },
                        "card": { "type": "string", "description": "A touchpoint card of the stage, by id" },
                        "date": { "type": "string", "format": "date" },
                        "score": { "type": "number" },
                        "scale": { "type": "string", "enum": ["stars", "nps", "csat", "ces"], "default": "stars" },
                        "comment": { "type": "string", "maxLength": crate::domain::feedback::MAX_COMMENT },
                        "client": { "type": "string", "maxLength": crate::domain::feedback::MAX_SHORT, "description": "The client's reference in your system; stored only as a keyed hash" },
                        "segment": { "type": "string", "maxLength": crate::domain::feedback::MAX_SHORT },
                        "external_id": { "type": "string", "maxLength": crate::domain::feedback::MAX_SHORT, "description": "Makes a retry safe: an entry sent again with the same id is left unchanged" },
                        "source": { "type": "string", "maxLength": crate::domain::feedback::MAX_SHORT },
                        "lang": { "type": "string", "maxLength": crate::domain::feedback::MAX_SHORT }
                    }
                },
                "FeedbackAnswer": { "type": "object", "description": "A stored answer: id, stage, card, segment, date, scale, score, norm (−2..+2), comment (phones and e-mails masked), lang, source, external_id, batch; never the client" },
                "Op": {
                    "type": "object",
                    "required": ["type"],
                    "description": "One edit, tagged by `type`, e.g. {\"type\": \"edit_card\", \"id\": \"…\", \"text\": \"New text\"} or {\"type\": \"move_card\", \"id\": \"…\", \"stage\": \"…\", \"lane\": \"…\", \"order\": \"V\"}. New records carry ids you choose (1–64 letters, digits, - or _).",
                    "properties": { "type": { "type": "string", "enum": ["add_card", "edit_card", "move_card", "delete_card", "add_stage", "edit_stage", "move_stage", "delete_stage", "add_lane", "edit_lane", "move_lane", "delete_lane", "edit_map", "link_persona", "unlink_persona", "set_emotion"] } }
                }
            }
        }
    })
}
