//! Dutch (formal „u“), for nl-NL and nl-BE.

/// Dutch strings.
pub const NL: super::Table = &[
    ("page_title", "Betaling"),
    ("total", "Totaal"),
    ("loading", "Betaalmethoden worden geladen…"),
    ("methods_ready", "Betaalmethoden geladen."),
    ("methods_label", "Betaalmethode"),
    ("klarna_unavailable", "Klarna is niet beschikbaar voor deze bestelling."),
    ("pay_with_other", "Ga hieronder verder met {method}."),
    ("authorizing", "Wachten op Klarna…"),
    ("confirmed_title", "Bedankt, uw bestelling is geplaatst"),
    ("confirmed_method", "Betaalmethode: Klarna"),
    ("next_steps", "U ontvangt een e-mail van Klarna met instructies om te betalen. Houd uw inbox in de gaten, ook uw map met ongewenste e-mail."),
    ("order_reference", "Bestelnummer"),
    ("declined_title", "Klarna kon deze aankoop niet goedkeuren"),
    ("declined_body", "Er is niets in rekening gebracht. Kies een andere betaalmethode."),
    ("aborted", "U hebt Klarna gesloten voordat de betaling was afgerond. Er is niets in rekening gebracht; kies een betaalmethode om het opnieuw te proberen."),
    ("error_title", "Klarna kon niet worden geladen"),
    ("error_body", "Controleer uw internetverbinding en probeer het opnieuw. Er is niets in rekening gebracht."),
    ("error_blocked", "Mogelijk blokkeert een browserextensie of netwerkfilter Klarna. Sta Klarna toe op deze pagina en probeer het opnieuw. Er is niets in rekening gebracht."),
    ("pay_error", "De betaling kon niet worden voltooid. Er is niets in rekening gebracht; probeer het opnieuw."),
    ("retry", "Opnieuw proberen"),
    ("session_closed", "Deze betaalsessie is afgesloten."),
    ("session_invalid", "Deze betaallink is niet geldig. Ga terug naar de winkel en begin opnieuw."),
    ("return_to_shop", "Terug naar de winkel"),
];
