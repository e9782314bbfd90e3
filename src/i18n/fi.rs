//! Finnish (the plain register of Finnish shops), for fi-FI.

/// Finnish strings.
pub const FI: super::Table = &[
    ("page_title", "Maksu"),
    ("total", "Yhteensä"),
    ("loading", "Ladataan maksutapoja…"),
    ("methods_ready", "Maksutavat on ladattu."),
    ("methods_label", "Maksutapa"),
    ("klarna_unavailable", "Klarna ei ole käytettävissä tässä tilauksessa."),
    ("pay_with_other", "Jatka alla maksutavalla {method}."),
    ("authorizing", "Odotetaan Klarnaa…"),
    ("confirmed_title", "Kiitos, tilauksesi on vastaanotettu"),
    ("confirmed_method", "Maksutapa: Klarna"),
    ("next_steps", "Saat Klarnalta sähköpostin, jossa on maksuohjeet. Seuraa saapuneita viestejäsi ja tarkista myös roskapostikansio."),
    ("order_reference", "Tilausnumero"),
    ("declined_title", "Klarna ei voinut hyväksyä tätä ostosta"),
    ("declined_body", "Sinulta ei ole veloitettu mitään. Valitse toinen maksutapa."),
    ("aborted", "Suljit Klarnan ennen kuin maksu oli valmis. Mitään ei veloitettu; valitse maksutapa ja yritä uudelleen."),
    ("error_title", "Klarnaa ei voitu ladata"),
    ("error_body", "Tarkista verkkoyhteys ja yritä uudelleen. Mitään ei veloitettu."),
    ("error_blocked", "Selainlaajennus tai verkkosuodatin saattaa estää Klarnan. Salli Klarna tällä sivulla ja yritä uudelleen. Mitään ei veloitettu."),
    ("pay_error", "Maksua ei voitu suorittaa loppuun. Mitään ei veloitettu; yritä uudelleen."),
    ("retry", "Yritä uudelleen"),
    ("session_closed", "Tämä maksuistunto on päättynyt."),
    ("session_invalid", "Tämä maksulinkki ei ole voimassa. Palaa kauppaan ja aloita alusta."),
    ("return_to_shop", "Takaisin kauppaan"),
];
