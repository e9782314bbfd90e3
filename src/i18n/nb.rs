//! Norwegian Bokmål („du“, the usual register of Norwegian shops), for nb-NO
//! and no-NO (the fallback chain sends `no` here).

/// Norwegian Bokmål strings.
pub const NB: super::Table = &[
    ("page_title", "Betaling"),
    ("total", "Totalt"),
    ("loading", "Laster inn betalingsmåter…"),
    ("methods_ready", "Betalingsmåtene er lastet inn."),
    ("methods_label", "Betalingsmåte"),
    ("klarna_unavailable", "Klarna er ikke tilgjengelig for denne bestillingen."),
    ("pay_with_other", "Fortsett med {method} nedenfor."),
    ("authorizing", "Venter på Klarna…"),
    ("confirmed_title", "Takk, bestillingen din er registrert"),
    ("confirmed_method", "Betalingsmåte: Klarna"),
    ("next_steps", "Du får en e-post fra Klarna med instruksjoner om hvordan du betaler. Følg med i innboksen din, også i søppelpostmappen."),
    ("order_reference", "Ordrenummer"),
    ("declined_title", "Klarna kunne ikke godkjenne dette kjøpet"),
    ("declined_body", "Du har ikke blitt belastet. Velg en annen betalingsmåte."),
    ("aborted", "Du lukket Klarna før betalingen var fullført. Ingenting ble belastet; velg en betalingsmåte for å prøve igjen."),
    ("error_title", "Klarna kunne ikke lastes inn"),
    ("error_body", "Sjekk internettilkoblingen og prøv igjen. Ingenting ble belastet."),
    ("error_blocked", "En nettleserutvidelse eller et nettverksfilter blokkerer kanskje Klarna. Tillat Klarna på denne siden og prøv igjen. Ingenting ble belastet."),
    ("pay_error", "Betalingen kunne ikke fullføres. Ingenting ble belastet; prøv igjen."),
    ("retry", "Prøv igjen"),
    ("session_closed", "Denne betalingsøkten er avsluttet."),
    ("session_invalid", "Denne betalingslenken er ikke gyldig. Gå tilbake til butikken og start på nytt."),
    ("return_to_shop", "Tilbake til butikken"),
];
