//! German.

/// German strings.
pub const DE: super::Table = &[
    ("page_title", "Zahlung"),
    ("total", "Gesamtbetrag"),
    ("loading", "Zahlungsarten werden geladen …"),
    ("methods_label", "Zahlungsart"),
    ("klarna_unavailable", "Klarna ist für diese Bestellung nicht verfügbar."),
    ("pay_with_other", "Weiter mit {method} unten."),
    ("authorizing", "Warten auf Klarna …"),
    ("confirmed_title", "Vielen Dank, Ihre Bestellung ist aufgegeben"),
    ("confirmed_method", "Zahlungsart: Klarna"),
    ("next_steps", "Sie erhalten eine E-Mail von Klarna mit Anweisungen zur Bezahlung. Bitte prüfen Sie Ihren Posteingang, auch den Spam-Ordner."),
    ("order_reference", "Bestellnummer"),
    ("declined_title", "Klarna konnte diesen Kauf nicht genehmigen"),
    ("declined_body", "Ihnen wurde nichts berechnet. Bitte wählen Sie eine andere Zahlungsart."),
    ("aborted", "Sie haben Klarna vor dem Abschluss geschlossen. Es wurde nichts berechnet; wählen Sie eine Zahlungsart, um es erneut zu versuchen."),
    ("error_title", "Klarna konnte nicht geladen werden"),
    ("error_body", "Prüfen Sie Ihre Verbindung und versuchen Sie es erneut. Es wurde nichts berechnet."),
    ("pay_error", "Die Zahlung konnte nicht abgeschlossen werden. Es wurde nichts berechnet; bitte versuchen Sie es erneut."),
    ("retry", "Erneut versuchen"),
    ("session_closed", "Diese Zahlungssitzung ist abgeschlossen."),
    ("session_invalid", "Dieser Zahlungslink ist ungültig. Bitte kehren Sie zum Shop zurück und beginnen Sie erneut."),
];
