//! Swiss German: the German table without ß (Swiss orthography writes ss).
//! Only the keys whose text differs from German's are here.

/// Swiss German overrides of [`super::de::DE`].
pub const DE_CH: super::Table = &[
    ("aborted", "Sie haben Klarna geschlossen, ohne die Zahlung abzuschliessen. Es wurde nichts berechnet; wählen Sie eine Zahlungsart, um es erneut zu versuchen."),
    ("pay_error", "Die Zahlung liess sich nicht abschliessen. Es wurde nichts berechnet; bitte versuchen Sie es erneut."),
];
