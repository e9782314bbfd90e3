//! Klarna's payment status in a presentation and the fast-track rule built
//! on it (authorize without a second click).

/// Klarna's payment status in a presentation (`paymentStatus`, named on
/// `WSDK/v2/interfaces/payment.PaymentPresentation.html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentStatus {
    /// Klarna already has the shopper's approval: the partner authorizes
    /// (the hosted guide's "fast-track").
    PendingPartnerAuthorization,
    /// The shopper goes through Klarna as usual.
    RequiresCustomerAction,
}

impl PaymentStatus {
    /// Parses Klarna's wire value: only `PENDING_PARTNER_AUTHORIZATION`
    /// lets the page pay without a click; any other status (including one of
    /// a newer SDK) is the usual flow.
    pub fn parse(s: &str) -> PaymentStatus {
        if s == "PENDING_PARTNER_AUTHORIZATION" {
            PaymentStatus::PendingPartnerAuthorization
        } else {
            PaymentStatus::RequiresCustomerAction
        }
    }

    /// Klarna's wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::PendingPartnerAuthorization => "PENDING_PARTNER_AUTHORIZATION",
            PaymentStatus::RequiresCustomerAction => "REQUIRES_CUSTOMER_ACTION",
        }
    }
}

/// Whether the page authorizes without a second click: Klarna reports
/// `PENDING_PARTNER_AUTHORIZATION` and Klarna is shown selected.
pub fn fast_track(status: Option<PaymentStatus>, klarna_selected: bool) -> bool {
    klarna_selected && status == Some(PaymentStatus::PendingPartnerAuthorization)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_status_and_fast_track() {
        use PaymentStatus as P;
        for p in [P::PendingPartnerAuthorization, P::RequiresCustomerAction] {
            assert_eq!(P::parse(p.as_str()), p);
        }
        assert_eq!(P::parse("SOMETHING_NEWER"), P::RequiresCustomerAction);
        assert!(fast_track(Some(P::PendingPartnerAuthorization), true));
        assert!(!fast_track(Some(P::PendingPartnerAuthorization), false));
        assert!(!fast_track(Some(P::RequiresCustomerAction), true));
        assert!(!fast_track(None, true));
    }
}
