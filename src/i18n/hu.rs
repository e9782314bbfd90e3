//! Hungarian (formal „Ön“), for hu-HU.

/// Hungarian strings.
pub const HU: super::Table = &[
    ("page_title", "Fizetés"),
    ("total", "Végösszeg"),
    ("loading", "Fizetési módok betöltése…"),
    ("methods_ready", "A fizetési módok betöltődtek."),
    ("methods_label", "Fizetési mód"),
    ("klarna_unavailable", "A Klarna ennél a rendelésnél nem érhető el."),
    ("pay_with_other", "Folytassa lent ezzel: {method}."),
    ("authorizing", "Várakozás a Klarnára…"),
    ("confirmed_title", "Köszönjük, rendelését rögzítettük"),
    ("confirmed_method", "Fizetési mód: Klarna"),
    ("next_steps", "A Klarnától e-mailt kap a fizetés módjáról. Kérjük, figyelje a beérkező leveleit, a levélszemét mappát is."),
    ("order_reference", "Rendelésszám"),
    ("declined_title", "A Klarna nem tudta jóváhagyni ezt a vásárlást"),
    ("declined_body", "Semmilyen terhelés nem történt. Kérjük, válasszon másik fizetési módot."),
    ("aborted", "Bezárta a Klarnát, mielőtt a fizetés befejeződött volna. Semmilyen terhelés nem történt; válasszon fizetési módot az újabb próbálkozáshoz."),
    ("error_title", "A Klarnát nem sikerült betölteni"),
    ("error_body", "Ellenőrizze az internetkapcsolatot, és próbálja újra. Semmilyen terhelés nem történt."),
    ("error_blocked", "Lehet, hogy egy böngészőbővítmény vagy hálózati szűrő blokkolja a Klarnát. Engedélyezze a Klarnát ezen az oldalon, majd próbálja újra. Semmilyen terhelés nem történt."),
    ("pay_error", "A fizetést nem sikerült befejezni. Semmilyen terhelés nem történt; kérjük, próbálja újra."),
    ("retry", "Újrapróbálkozás"),
    ("session_closed", "Ez a fizetési munkamenet lezárult."),
    ("session_invalid", "Ez a fizetési link érvénytelen. Kérjük, térjen vissza a webáruházba, és kezdje újra."),
    ("return_to_shop", "Vissza az áruházba"),
];
