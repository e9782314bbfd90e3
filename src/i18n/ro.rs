//! Romanian (formal „dumneavoastră“), for ro-RO.

/// Romanian strings.
pub const RO: super::Table = &[
    ("page_title", "Plată"),
    ("total", "Total"),
    ("loading", "Se încarcă metodele de plată…"),
    ("methods_ready", "Metodele de plată s-au încărcat."),
    ("methods_label", "Metodă de plată"),
    ("klarna_unavailable", "Klarna nu este disponibilă pentru această comandă."),
    ("pay_with_other", "Continuați mai jos cu {method}."),
    ("authorizing", "Se așteaptă răspunsul Klarna…"),
    ("confirmed_title", "Vă mulțumim, comanda a fost plasată"),
    ("confirmed_method", "Metodă de plată: Klarna"),
    ("next_steps", "Veți primi un e-mail de la Klarna cu instrucțiuni de plată. Verificați-vă căsuța de e-mail, inclusiv dosarul de spam."),
    ("order_reference", "Referința comenzii"),
    ("declined_title", "Klarna nu a putut aproba această achiziție"),
    ("declined_body", "Nu vi s-a perceput nicio sumă. Alegeți o altă metodă de plată."),
    ("aborted", "Ați închis Klarna înainte de finalizarea plății. Nu vi s-a perceput nicio sumă; alegeți o metodă de plată pentru a încerca din nou."),
    ("error_title", "Klarna nu a putut fi încărcată"),
    ("error_body", "Verificați conexiunea la internet și încercați din nou. Nu vi s-a perceput nicio sumă."),
    ("error_blocked", "Este posibil ca o extensie a browserului sau un filtru de rețea să blocheze Klarna. Permiteți Klarna pe această pagină și încercați din nou. Nu vi s-a perceput nicio sumă."),
    ("pay_error", "Plata nu a putut fi finalizată. Nu vi s-a perceput nicio sumă; încercați din nou."),
    ("retry", "Încercați din nou"),
    ("session_closed", "Această sesiune de plată este închisă."),
    ("session_invalid", "Acest link de plată nu este valid. Reveniți în magazin și începeți din nou."),
    ("return_to_shop", "Înapoi la magazin"),
];
