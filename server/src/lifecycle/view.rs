//! The merchant's view of a session with its payment.

use crate::clock;
use crate::error::AppError;
use crate::state::AppState;
use crate::store::{OperationRecord, PaymentRecord, SessionRecord};
use checkout_core::api::SessionView;
use checkout_core::operations::{OperationStatus, OperationView, PaymentView};
use checkout_core::payment::{state, OperationKind};

/// The merchant's view of a session now.
pub fn view(s: &SessionRecord) -> SessionView {
    let d = &s.data;
    SessionView {
        id: s.id.clone(),
        state: s.state_at(clock::now()),
        amount: d.amount,
        currency: d.currency.clone(),
        country: d.country.clone(),
        locale: d.locale.clone(),
        merchant_reference: d.merchant_reference.clone(),
        order_lines: d.order_lines.clone(),
        return_url: d.return_url.clone(),
        allowed_origins: d.allowed_origins.clone(),
        intents: d.intents.clone(),
        has_network_session_token: d.klarna_network_session_token.is_some(),
        customer: d.customer.clone(),
        personal_data_erased_at: d.personal_data_erased_at.clone(),
        authorization: s.authorization.clone(),
        customer_profile: d.customer_profile.clone(),
        shipping: d.shipping.clone(),
        capture_method: d.capture_method,
        payment: None,
        created_at: clock::format(s.created_at),
        expires_at: clock::format(s.expires_at),
    }
}

fn op_view(op: &OperationRecord, all: &[OperationRecord]) -> OperationView {
    let req = &op.request;
    let refunded = (op.kind == OperationKind::Capture).then(|| {
        all.iter()
            .filter(|r| r.kind == OperationKind::Refund && r.capture_id.as_deref() == Some(&op.id))
            .filter(|r| r.status != OperationStatus::Failed)
            .map(|r| r.amount)
            .sum()
    });
    OperationView {
        id: op.id.clone(),
        amount: op.amount,
        status: op.status,
        failure_reason: op.failure_reason.clone(),
        klarna_id: op.klarna_id.clone(),
        reference: op.reference.clone(),
        capture_id: op.capture_id.clone(),
        reason: req
            .get("reason")
            .and_then(|r| r.as_str())
            .map(str::to_string),
        refunded_amount: refunded,
        order_lines: serde_json::from_value(req["order_lines"].clone()).unwrap_or_default(),
        shipping_info: serde_json::from_value(req["shipping_info"].clone()).unwrap_or_default(),
        created_at: clock::format(op.created_at),
    }
}

/// The `payment` of a session's view.
pub fn payment_view(p: &PaymentRecord) -> PaymentView {
    let l = &p.ledger;
    let of = |k| {
        p.operations
            .iter()
            .filter(|o| o.kind == k)
            .map(|o| op_view(o, &p.operations))
            .collect()
    };
    PaymentView {
        payment_transaction_id: p.payment_transaction_id.clone(),
        currency: p.currency.clone(),
        capture_method: p.capture_method,
        authorized_amount: l.authorized,
        captured_amount: l.captured,
        refunded_amount: l.refunded,
        released_amount: l.released,
        pending_capture_amount: l.pending_capture,
        pending_refund_amount: l.pending_refund,
        state: state(l),
        captures: of(OperationKind::Capture),
        refunds: of(OperationKind::Refund),
        voids: of(OperationKind::Void),
        klarna_network_response_data: p.network_response_data.clone(),
    }
}

/// The view of `s` with `payment`.
pub fn session_view(s: &SessionRecord, payment: Option<&PaymentRecord>) -> SessionView {
    let mut v = view(s);
    v.capture_method = s.data.capture_method;
    v.payment = payment.map(payment_view);
    v
}

/// Reads the payment of `s` and answers the full view.
pub async fn load_view(state: &AppState, s: &SessionRecord) -> Result<SessionView, AppError> {
    let p = state.store.payment(&s.id).await?;
    Ok(session_view(s, p.as_ref()))
}
