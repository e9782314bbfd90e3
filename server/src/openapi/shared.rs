//! Pieces many operations of the document share: the `Idempotency-Key`
//! header, the error answers (every one is the envelope of
//! [`ErrorBody`]), the answer of Klarna's webhook and the two shapes of
//! the create answer.

use crate::payments::create_authorize::CreatedAndAuthorized;
use checkout_core::api::CreatedSession;
use checkout_core::errors::ErrorBody;
use serde::Serialize;
use utoipa::openapi::schema::{AnyOf, Schema};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{IntoParams, IntoResponses, PartialSchema, ToSchema};

/// The `Idempotency-Key` header of mutating calls: a retry with the same
/// key and body gets the first answer; the same key with another body
/// answers `409 idempotency_key_reused`.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IdempotencyKey {
    /// 1 to 255 visible ASCII characters, chosen by the caller per request.
    #[param(rename = "Idempotency-Key", value_type = String, required = false, min_length = 1, max_length = 255, pattern = "^[!-~]+$")]
    pub idempotency_key: Option<String>,
}

/// The `Idempotency-Key` header where it is required (`…/result`).
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct RequiredIdempotencyKey {
    /// 1 to 255 visible ASCII characters, chosen by the page per report.
    #[param(
        rename = "Idempotency-Key",
        min_length = 1,
        max_length = 255,
        pattern = "^[!-~]+$"
    )]
    pub idempotency_key: String,
}

/// Every error answer of the API: the envelope, with the status that goes
/// with its `code`.
#[derive(IntoResponses)]
#[allow(dead_code)] // Only its derived description is used.
pub enum Errors {
    /// `invalid_request`: `fields` names every bad field.
    #[response(
        status = 400,
        description = "invalid_request: `error.fields` names every bad field"
    )]
    Invalid(ErrorBody),
    /// `unauthorized`: no or a wrong bearer secret.
    #[response(
        status = 401,
        description = "unauthorized: no or a wrong bearer secret"
    )]
    Unauthorized(ErrorBody),
    /// `not_found`: no such resource for this caller.
    #[response(
        status = 404,
        description = "not_found: no such resource for this caller"
    )]
    NotFound(ErrorBody),
    /// `conflict` or `idempotency_key_reused`.
    #[response(
        status = 409,
        description = "conflict (the resource's state refuses it) or idempotency_key_reused"
    )]
    Conflict(ErrorBody),
    /// The body is larger than the route's limit.
    #[response(
        status = 413,
        description = "invalid_request: the body is over the route's size limit"
    )]
    TooLarge(ErrorBody),
    /// `rate_limited`, with `Retry-After`.
    #[response(status = 429, description = "rate_limited: see `Retry-After`")]
    RateLimited(ErrorBody),
    /// Anything else (`upstream_error` when Klarna fails, `internal`).
    #[response(
        status = "default",
        description = "any other error (upstream_error when Klarna fails, internal): the same envelope"
    )]
    Other(ErrorBody),
}

/// What became of a Klarna webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AckStatus {
    /// Stored, its job queued.
    Accepted,
    /// Seen before (same `metadata.event_id`); nothing queued.
    Duplicate,
}

/// Answer of `POST /v1/webhooks/klarna`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = KlarnaWebhookAck)]
pub struct WebhookAck {
    /// What became of it.
    pub status: AckStatus,
}

/// `{}`: the body of a call that takes no fields (no body at all is the same).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EmptyBody {}

/// The `201` of `POST /v1/sessions`: a [`CreatedSession`], or, with
/// `"authorize": true`, a [`CreatedAndAuthorized`] (`outcome` or
/// `authorize_error`; no `client_secret`/`hosted_url` in an answer
/// recovered after a crash). `anyOf`: a plain answer fits both.
pub struct CreateSessionAnswer;

impl PartialSchema for CreateSessionAnswer {
    fn schema() -> RefOr<Schema> {
        let mut any = AnyOf::new();
        any.items = vec![
            Ref::from_schema_name(CreatedSession::name()).into(),
            Ref::from_schema_name(CreatedAndAuthorized::name()).into(),
        ];
        any.description = Some(
            "`CreatedSession`, or with `\"authorize\": true` `CreatedAndAuthorized`".to_string(),
        );
        RefOr::T(Schema::AnyOf(any))
    }
}

impl ToSchema for CreateSessionAnswer {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((CreatedSession::name().into(), CreatedSession::schema()));
        <CreatedSession as ToSchema>::schemas(schemas);
        schemas.push((
            CreatedAndAuthorized::name().into(),
            CreatedAndAuthorized::schema(),
        ));
        <CreatedAndAuthorized as ToSchema>::schemas(schemas);
    }
}
