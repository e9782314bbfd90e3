//! Danish („du“, the usual register of Danish shops), for da-DK.

/// Danish strings.
pub const DA: super::Table = &[
    ("page_title", "Betaling"),
    ("total", "I alt"),
    ("loading", "Indlæser betalingsmetoder…"),
    ("methods_ready", "Betalingsmetoderne er indlæst."),
    ("methods_label", "Betalingsmetode"),
    ("klarna_unavailable", "Klarna er ikke tilgængelig for denne ordre."),
    ("pay_with_other", "Fortsæt med {method} nedenfor."),
    ("authorizing", "Venter på Klarna…"),
    ("confirmed_title", "Tak, din ordre er afgivet"),
    ("confirmed_method", "Betalingsmetode: Klarna"),
    ("next_steps", "Du modtager en e-mail fra Klarna med en vejledning i, hvordan du betaler. Hold øje med din indbakke, også spammappen."),
    ("order_reference", "Ordrenummer"),
    ("declined_title", "Klarna kunne ikke godkende dette køb"),
    ("declined_body", "Du er ikke blevet opkrævet noget. Vælg en anden betalingsmetode."),
    ("aborted", "Du lukkede Klarna, før betalingen var gennemført. Du er ikke blevet opkrævet noget; vælg en betalingsmetode for at prøve igen."),
    ("error_title", "Klarna kunne ikke indlæses"),
    ("error_body", "Tjek din internetforbindelse, og prøv igen. Du er ikke blevet opkrævet noget."),
    ("error_blocked", "En browserudvidelse eller et netværksfilter blokerer muligvis Klarna. Tillad Klarna på denne side, og prøv igen. Du er ikke blevet opkrævet noget."),
    ("pay_error", "Betalingen kunne ikke gennemføres. Du er ikke blevet opkrævet noget; prøv igen."),
    ("retry", "Prøv igen"),
    ("session_closed", "Denne betalingssession er lukket."),
    ("session_invalid", "Dette betalingslink er ikke gyldigt. Gå tilbage til butikken, og start forfra."),
    ("return_to_shop", "Tilbage til butikken"),
];
