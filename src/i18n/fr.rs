//! French (formal « vous »), for fr-FR, fr-BE, fr-CH and fr-CA. French
//! typography: a no-break space before `:` and a narrow one before `;`.

/// French strings.
pub const FR: super::Table = &[
    ("page_title", "Paiement"),
    ("total", "Total"),
    ("loading", "Chargement des moyens de paiement…"),
    ("methods_ready", "Moyens de paiement chargés."),
    ("methods_label", "Moyen de paiement"),
    ("klarna_unavailable", "Klarna n’est pas disponible pour cette commande."),
    ("pay_with_other", "Poursuivez ci-dessous avec {method}."),
    ("authorizing", "En attente de Klarna…"),
    ("confirmed_title", "Merci, votre commande a bien été passée"),
    ("confirmed_method", "Moyen de paiement\u{a0}: Klarna"),
    ("next_steps", "Vous allez recevoir un e-mail de Klarna expliquant comment payer. Surveillez votre boîte de réception, y compris le dossier des courriers indésirables."),
    ("order_reference", "Référence de commande"),
    ("declined_title", "Klarna n’a pas pu approuver cet achat"),
    ("declined_body", "Aucun montant ne vous a été débité. Veuillez choisir un autre moyen de paiement."),
    ("aborted", "Vous avez fermé Klarna avant la fin du paiement. Aucun montant n’a été débité\u{202f}; choisissez un moyen de paiement pour réessayer."),
    ("error_title", "Klarna n’a pas pu être chargé"),
    ("error_body", "Vérifiez votre connexion et réessayez. Aucun montant n’a été débité."),
    ("error_blocked", "Une extension du navigateur ou un filtre réseau bloque peut-être Klarna. Autorisez Klarna sur cette page, puis réessayez. Aucun montant n’a été débité."),
    ("pay_error", "Le paiement n’a pas pu aboutir. Aucun montant n’a été débité\u{202f}; veuillez réessayer."),
    ("retry", "Réessayer"),
    ("session_closed", "Cette session de paiement est close."),
    ("session_invalid", "Ce lien de paiement n’est pas valide. Veuillez retourner sur la boutique et recommencer."),
    ("return_to_shop", "Retour à la boutique"),
];
