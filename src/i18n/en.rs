//! English, the root of every fallback chain.

/// English strings.
pub const EN: super::Table = &[
    ("page_title", "Payment"),
    ("total", "Total"),
    ("loading", "Loading payment methods…"),
    ("methods_ready", "Payment methods loaded."),
    ("methods_label", "Payment method"),
    ("klarna_unavailable", "Klarna isn't available for this order."),
    ("pay_with_other", "Continue with {method} below."),
    ("authorizing", "Waiting for Klarna…"),
    ("confirmed_title", "Thank you, your order is placed"),
    ("confirmed_method", "Payment method: Klarna"),
    ("next_steps", "You will receive an email from Klarna with instructions on how to pay. Keep an eye on your inbox, including the spam folder."),
    ("order_reference", "Order reference"),
    ("declined_title", "Klarna couldn't approve this purchase"),
    ("declined_body", "You have not been charged. Please choose another payment method."),
    ("aborted", "You closed Klarna before finishing. Nothing was charged; choose a payment method to try again."),
    ("error_title", "Klarna couldn't be loaded"),
    ("error_body", "Check your connection and try again. Nothing was charged."),
    ("error_blocked", "A browser extension or network filter may be blocking Klarna. Allow Klarna on this page, then try again. Nothing was charged."),
    ("pay_error", "The payment couldn't be completed. Nothing was charged; please try again."),
    ("retry", "Try again"),
    ("session_closed", "This payment session is closed."),
    ("session_invalid", "This payment link is not valid. Please return to the shop and start again."),
    ("return_to_shop", "Back to the shop"),
];
