//! Czech (formal „vy“), for cs-CZ. Klarna is declined as a feminine noun
//! (Klarna, Klarny, Klarnu), as Klarna's own Czech texts do.

/// Czech strings.
pub const CS: super::Table = &[
    ("page_title", "Platba"),
    ("total", "Celkem"),
    ("loading", "Načítání platebních metod…"),
    ("methods_ready", "Platební metody jsou načteny."),
    ("methods_label", "Platební metoda"),
    ("klarna_unavailable", "Klarna není pro tuto objednávku k dispozici."),
    ("pay_with_other", "Pokračujte níže s možností {method}."),
    ("authorizing", "Čeká se na Klarnu…"),
    ("confirmed_title", "Děkujeme, vaše objednávka byla přijata"),
    ("confirmed_method", "Platební metoda: Klarna"),
    ("next_steps", "Od Klarny obdržíte e-mail s pokyny k platbě. Sledujte svou e-mailovou schránku včetně složky se spamem."),
    ("order_reference", "Číslo objednávky"),
    ("declined_title", "Klarna tento nákup nemohla schválit"),
    ("declined_body", "Nebyla vám účtována žádná částka. Zvolte prosím jinou platební metodu."),
    ("aborted", "Zavřeli jste Klarnu před dokončením platby. Nic vám nebylo účtováno; zvolte platební metodu a zkuste to znovu."),
    ("error_title", "Klarnu se nepodařilo načíst"),
    ("error_body", "Zkontrolujte připojení k internetu a zkuste to znovu. Nic vám nebylo účtováno."),
    ("error_blocked", "Klarnu může blokovat rozšíření prohlížeče nebo síťový filtr. Povolte Klarnu na této stránce a zkuste to znovu. Nic vám nebylo účtováno."),
    ("pay_error", "Platbu se nepodařilo dokončit. Nic vám nebylo účtováno; zkuste to prosím znovu."),
    ("retry", "Zkusit znovu"),
    ("session_closed", "Tato platební relace je uzavřena."),
    ("session_invalid", "Tento platební odkaz není platný. Vraťte se prosím do obchodu a začněte znovu."),
    ("return_to_shop", "Zpět do obchodu"),
];
