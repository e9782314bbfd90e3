//! Swedish („du“, the usual register of Swedish shops), for sv-SE and sv-FI.

/// Swedish strings.
pub const SV: super::Table = &[
    ("page_title", "Betalning"),
    ("total", "Totalt"),
    ("loading", "Laddar betalsätt…"),
    ("methods_ready", "Betalsätten har laddats."),
    ("methods_label", "Betalsätt"),
    ("klarna_unavailable", "Klarna är inte tillgängligt för den här beställningen."),
    ("pay_with_other", "Fortsätt med {method} nedan."),
    ("authorizing", "Väntar på Klarna…"),
    ("confirmed_title", "Tack, din beställning är lagd"),
    ("confirmed_method", "Betalsätt: Klarna"),
    ("next_steps", "Du får ett mejl från Klarna med instruktioner om hur du betalar. Håll koll på din inkorg, även skräppostmappen."),
    ("order_reference", "Ordernummer"),
    ("declined_title", "Klarna kunde inte godkänna det här köpet"),
    ("declined_body", "Du har inte debiterats. Välj ett annat betalsätt."),
    ("aborted", "Du stängde Klarna innan betalningen var klar. Inget har debiterats; välj ett betalsätt för att försöka igen."),
    ("error_title", "Klarna kunde inte laddas"),
    ("error_body", "Kontrollera din internetanslutning och försök igen. Inget har debiterats."),
    ("error_blocked", "Ett webbläsartillägg eller ett nätverksfilter kanske blockerar Klarna. Tillåt Klarna på den här sidan och försök igen. Inget har debiterats."),
    ("pay_error", "Betalningen kunde inte slutföras. Inget har debiterats; försök igen."),
    ("retry", "Försök igen"),
    ("session_closed", "Den här betalningssessionen är avslutad."),
    ("session_invalid", "Den här betalningslänken är inte giltig. Gå tillbaka till butiken och börja om."),
    ("return_to_shop", "Tillbaka till butiken"),
];
