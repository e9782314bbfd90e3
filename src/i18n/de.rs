//! German (formal „Sie“), for de-DE, de-AT and, through `de_ch`, de-CH.

/// German strings.
pub const DE: super::Table = &[
    ("page_title", "Zahlung"),
    ("total", "Gesamtbetrag"),
    ("loading", "Zahlungsarten werden geladen …"),
    ("methods_ready", "Zahlungsarten geladen."),
    ("methods_label", "Zahlungsart"),
    ("klarna_unavailable", "Klarna ist für diese Bestellung nicht verfügbar."),
    ("pay_with_other", "Fahren Sie unten mit {method} fort."),
    ("authorizing", "Warten auf Klarna …"),
    ("confirmed_title", "Vielen Dank, Ihre Bestellung ist eingegangen"),
    ("confirmed_method", "Zahlungsart: Klarna"),
    ("next_steps", "Sie erhalten eine E-Mail von Klarna mit Anweisungen zur Bezahlung. Bitte prüfen Sie Ihren Posteingang und auch den Spam-Ordner."),
    ("order_reference", "Bestellnummer"),
    ("declined_title", "Klarna konnte diesen Kauf nicht genehmigen"),
    ("declined_body", "Ihnen wurde nichts berechnet. Bitte wählen Sie eine andere Zahlungsart."),
    ("aborted", "Sie haben Klarna geschlossen, ohne die Zahlung abzuschließen. Es wurde nichts berechnet; wählen Sie eine Zahlungsart, um es erneut zu versuchen."),
    ("error_title", "Klarna konnte nicht geladen werden"),
    ("error_body", "Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut. Es wurde nichts berechnet."),
    ("error_blocked", "Möglicherweise blockiert eine Browsererweiterung oder ein Netzwerkfilter Klarna. Bitte erlauben Sie Klarna auf dieser Seite und versuchen Sie es erneut. Es wurde nichts berechnet."),
    ("pay_error", "Die Zahlung ließ sich nicht abschließen. Es wurde nichts berechnet; bitte versuchen Sie es erneut."),
    ("retry", "Erneut versuchen"),
    ("session_closed", "Diese Zahlungssitzung ist beendet."),
    ("session_invalid", "Dieser Zahlungslink ist ungültig. Bitte kehren Sie zum Shop zurück und beginnen Sie erneut."),
    ("return_to_shop", "Zurück zum Shop"),
];
