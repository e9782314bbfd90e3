//! The document's `webhooks`: what the server sends to a merchant's
//! endpoint (`POST <url>`, a [`Notification`] signed in `Checkout-Signature`).

use checkout_core::events::Notification;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathsBuilder,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::{
    ContentBuilder, ObjectBuilder, PathItem, Paths, Ref, Required, ResponseBuilder,
};
use utoipa::ToSchema;

/// `webhooks.notification`.
pub fn webhooks() -> Paths {
    let signature = ParameterBuilder::new()
        .name("Checkout-Signature")
        .parameter_in(ParameterIn::Header)
        .required(Required::True)
        .description(Some(
            "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\" with the endpoint's secret>`",
        ))
        .schema(Some(ObjectBuilder::new().schema_type(utoipa::openapi::Type::String)))
        .build();
    let body = RequestBodyBuilder::new()
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(Notification::name())))
                .build(),
        )
        .required(Some(Required::True))
        .build();
    let op = OperationBuilder::new()
        .operation_id(Some("notification"))
        .summary(Some("A change of one of the merchant's sessions"))
        .description(Some(
            "Sent to every endpoint of the merchant that wants the event's type; a `2xx` answer is a delivery, anything else is retried with backoff for three days (`CHECKOUT_NOTIFICATION_RETRY_HOURS`). Deduplicate on `id`.",
        ))
        .parameter(signature)
        .request_body(Some(body))
        .response("2XX", ResponseBuilder::new().description("delivered").build())
        .build();
    PathsBuilder::new()
        .path("notification", PathItem::new(HttpMethod::Post, op))
        .build()
}
