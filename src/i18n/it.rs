//! Italian (formal „Lei“), for it-IT and it-CH.

/// Italian strings.
pub const IT: super::Table = &[
    ("page_title", "Pagamento"),
    ("total", "Totale"),
    ("loading", "Caricamento dei metodi di pagamento…"),
    ("methods_ready", "Metodi di pagamento caricati."),
    ("methods_label", "Metodo di pagamento"),
    ("klarna_unavailable", "Klarna non è disponibile per questo ordine."),
    ("pay_with_other", "Prosegua qui sotto con {method}."),
    ("authorizing", "In attesa di Klarna…"),
    ("confirmed_title", "Grazie, il suo ordine è stato effettuato"),
    ("confirmed_method", "Metodo di pagamento: Klarna"),
    ("next_steps", "Riceverà un’e-mail da Klarna con le istruzioni per il pagamento. Controlli la posta in arrivo, compresa la cartella della posta indesiderata."),
    ("order_reference", "Riferimento dell’ordine"),
    ("declined_title", "Klarna non ha potuto approvare questo acquisto"),
    ("declined_body", "Non le è stato addebitato nulla. Scelga un altro metodo di pagamento."),
    ("aborted", "Ha chiuso Klarna prima di completare il pagamento. Non è stato addebitato nulla; scelga un metodo di pagamento per riprovare."),
    ("error_title", "Impossibile caricare Klarna"),
    ("error_body", "Controlli la connessione e riprovi. Non è stato addebitato nulla."),
    ("error_blocked", "Un’estensione del browser o un filtro di rete potrebbe bloccare Klarna. Consenta Klarna su questa pagina e riprovi. Non è stato addebitato nulla."),
    ("pay_error", "Non è stato possibile completare il pagamento. Non è stato addebitato nulla; riprovi."),
    ("retry", "Riprova"),
    ("session_closed", "Questa sessione di pagamento è chiusa."),
    ("session_invalid", "Questo link di pagamento non è valido. Torni al negozio e ricominci."),
    ("return_to_shop", "Torna al negozio"),
];
