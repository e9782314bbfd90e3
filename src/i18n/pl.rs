//! Polish, for pl-PL: impersonal statements and the short imperatives that
//! Polish interfaces use for actions.

/// Polish strings.
pub const PL: super::Table = &[
    ("page_title", "Płatność"),
    ("total", "Do zapłaty"),
    ("loading", "Wczytywanie metod płatności…"),
    ("methods_ready", "Metody płatności zostały wczytane."),
    ("methods_label", "Metoda płatności"),
    ("klarna_unavailable", "Klarna nie jest dostępna dla tego zamówienia."),
    ("pay_with_other", "Kontynuuj poniżej, wybierając {method}."),
    ("authorizing", "Oczekiwanie na Klarnę…"),
    ("confirmed_title", "Dziękujemy, zamówienie zostało złożone"),
    ("confirmed_method", "Metoda płatności: Klarna"),
    ("next_steps", "Klarna wyśle e-mail z instrukcjami dotyczącymi płatności. Sprawdzaj skrzynkę odbiorczą, także folder ze spamem."),
    ("order_reference", "Numer zamówienia"),
    ("declined_title", "Klarna nie mogła zatwierdzić tego zakupu"),
    ("declined_body", "Nie pobrano żadnej opłaty. Wybierz inną metodę płatności."),
    ("aborted", "Okno Klarna zostało zamknięte przed zakończeniem płatności. Nie pobrano żadnej opłaty; wybierz metodę płatności, aby spróbować ponownie."),
    ("error_title", "Nie udało się wczytać Klarny"),
    ("error_body", "Sprawdź połączenie z internetem i spróbuj ponownie. Nie pobrano żadnej opłaty."),
    ("error_blocked", "Klarnę może blokować rozszerzenie przeglądarki lub filtr sieciowy. Zezwól na Klarnę na tej stronie i spróbuj ponownie. Nie pobrano żadnej opłaty."),
    ("pay_error", "Nie udało się dokończyć płatności. Nie pobrano żadnej opłaty; spróbuj ponownie."),
    ("retry", "Spróbuj ponownie"),
    ("session_closed", "Ta sesja płatności została zamknięta."),
    ("session_invalid", "Ten link do płatności jest nieprawidłowy. Wróć do sklepu i zacznij od nowa."),
    ("return_to_shop", "Wróć do sklepu"),
];
