/**
 * The emulator's own localized texts for Klarna's 16 languages (written for the sandbox, not Klarna's
 * wording). `{amount}` / `{installment}` are filled with Intl-formatted money. Journey texts get " (sandbox)"
 * appended when shown; descriptor texts never carry the marker.
 */

export const TEXTS = {
  en: {
    header: 'Pay with Klarna', subheader: 'Pay in 3 interest-free payments or pay later',
    message: 'Split {amount} into 3 interest-free payments of {installment}.', button: 'Pay with Klarna',
    badge: 'Saved', savedSubheader: 'Your saved Klarna payment option', learnMore: 'Learn more',
    placementAmount: 'Pay in 3 interest-free payments of {installment}.', placementGeneric: 'Buy now, pay later with Klarna.',
    journeyLoading: 'Loading your purchase…', journeyPrompt: 'Confirm your purchase with Klarna.',
    journeyClosing: 'Closing Klarna…',
    confirm: 'Confirm and pay', cancel: 'Cancel',
  },
  de: {
    header: 'Mit Klarna bezahlen', subheader: 'In 3 zinsfreien Raten oder später bezahlen',
    message: '{amount} in 3 zinsfreie Raten zu je {installment} aufteilen.', button: 'Mit Klarna bezahlen',
    badge: 'Gespeichert', savedSubheader: 'Deine gespeicherte Klarna-Zahlungsart', learnMore: 'Mehr erfahren',
    placementAmount: 'Bezahle in 3 zinsfreien Raten zu je {installment}.', placementGeneric: 'Jetzt kaufen, später bezahlen mit Klarna.',
    journeyLoading: 'Dein Einkauf wird geladen …', journeyPrompt: 'Bestätige deinen Einkauf mit Klarna.',
    journeyClosing: 'Klarna wird geschlossen …',
    confirm: 'Bestätigen und bezahlen', cancel: 'Abbrechen',
  },
  nl: {
    header: 'Betalen met Klarna', subheader: 'Betaal in 3 renteloze termijnen of betaal later',
    message: 'Verdeel {amount} over 3 renteloze termijnen van {installment}.', button: 'Betalen met Klarna',
    badge: 'Opgeslagen', savedSubheader: 'Je opgeslagen Klarna-betaaloptie', learnMore: 'Meer informatie',
    placementAmount: 'Betaal in 3 renteloze termijnen van {installment}.', placementGeneric: 'Koop nu, betaal later met Klarna.',
    journeyLoading: 'Je aankoop wordt geladen…', journeyPrompt: 'Bevestig je aankoop met Klarna.',
    journeyClosing: 'Klarna wordt gesloten…',
    confirm: 'Bevestigen en betalen', cancel: 'Annuleren',
  },
  fr: {
    header: 'Payer avec Klarna', subheader: 'Payez en 3 fois sans frais ou payez plus tard',
    message: 'Réglez {amount} en 3 versements sans frais de {installment}.', button: 'Payer avec Klarna',
    badge: 'Enregistré', savedSubheader: 'Votre moyen de paiement Klarna enregistré', learnMore: 'En savoir plus',
    placementAmount: 'Payez en 3 versements sans frais de {installment}.', placementGeneric: 'Achetez maintenant, payez plus tard avec Klarna.',
    journeyLoading: 'Chargement de votre achat…', journeyPrompt: 'Confirmez votre achat avec Klarna.',
    journeyClosing: 'Fermeture de Klarna…',
    confirm: 'Confirmer et payer', cancel: 'Annuler',
  },
  it: {
    header: 'Paga con Klarna', subheader: 'Paga in 3 rate senza interessi o paga più tardi',
    message: 'Dividi {amount} in 3 rate senza interessi da {installment}.', button: 'Paga con Klarna',
    badge: 'Salvato', savedSubheader: 'Il tuo metodo di pagamento Klarna salvato', learnMore: 'Scopri di più',
    placementAmount: 'Paga in 3 rate senza interessi da {installment}.', placementGeneric: 'Acquista ora, paga più tardi con Klarna.',
    journeyLoading: 'Caricamento del tuo acquisto…', journeyPrompt: 'Conferma il tuo acquisto con Klarna.',
    journeyClosing: 'Chiusura di Klarna…',
    confirm: 'Conferma e paga', cancel: 'Annulla',
  },
  cs: {
    header: 'Zaplatit přes Klarna', subheader: 'Zaplaťte ve 3 bezúročných splátkách nebo později',
    message: 'Rozložte {amount} do 3 bezúročných splátek po {installment}.', button: 'Zaplatit přes Klarna',
    badge: 'Uloženo', savedSubheader: 'Vaše uložená platební metoda Klarna', learnMore: 'Další informace',
    placementAmount: 'Zaplaťte ve 3 bezúročných splátkách po {installment}.', placementGeneric: 'Nakupte hned, zaplaťte později přes Klarna.',
    journeyLoading: 'Načítání nákupu…', journeyPrompt: 'Potvrďte svůj nákup přes Klarna.',
    journeyClosing: 'Klarna se zavírá…',
    confirm: 'Potvrdit a zaplatit', cancel: 'Zrušit',
  },
  da: {
    header: 'Betal med Klarna', subheader: 'Betal i 3 rentefrie rater eller betal senere',
    message: 'Del {amount} op i 3 rentefrie rater på {installment}.', button: 'Betal med Klarna',
    badge: 'Gemt', savedSubheader: 'Din gemte Klarna-betalingsmetode', learnMore: 'Læs mere',
    placementAmount: 'Betal i 3 rentefrie rater på {installment}.', placementGeneric: 'Køb nu, betal senere med Klarna.',
    journeyLoading: 'Indlæser dit køb…', journeyPrompt: 'Bekræft dit køb med Klarna.',
    journeyClosing: 'Klarna lukkes…',
    confirm: 'Bekræft og betal', cancel: 'Annuller',
  },
  es: {
    header: 'Pagar con Klarna', subheader: 'Paga en 3 plazos sin intereses o paga más tarde',
    message: 'Divide {amount} en 3 plazos sin intereses de {installment}.', button: 'Pagar con Klarna',
    badge: 'Guardado', savedSubheader: 'Tu método de pago de Klarna guardado', learnMore: 'Más información',
    placementAmount: 'Paga en 3 plazos sin intereses de {installment}.', placementGeneric: 'Compra ahora y paga más tarde con Klarna.',
    journeyLoading: 'Cargando tu compra…', journeyPrompt: 'Confirma tu compra con Klarna.',
    journeyClosing: 'Cerrando Klarna…',
    confirm: 'Confirmar y pagar', cancel: 'Cancelar',
  },
  fi: {
    header: 'Maksa Klarnalla', subheader: 'Maksa 3 korottomassa erässä tai myöhemmin',
    message: 'Maksa {amount} 3 korottomassa erässä ({installment}/erä).', button: 'Maksa Klarnalla',
    badge: 'Tallennettu', savedSubheader: 'Tallennettu Klarna-maksutapasi', learnMore: 'Lue lisää',
    placementAmount: 'Maksa 3 korottomassa erässä, {installment}/erä.', placementGeneric: 'Osta nyt, maksa myöhemmin Klarnalla.',
    journeyLoading: 'Ostostasi ladataan…', journeyPrompt: 'Vahvista ostoksesi Klarnalla.',
    journeyClosing: 'Klarna suljetaan…',
    confirm: 'Vahvista ja maksa', cancel: 'Peruuta',
  },
  sv: {
    header: 'Betala med Klarna', subheader: 'Dela upp i 3 räntefria betalningar eller betala senare',
    message: 'Dela upp {amount} i 3 räntefria betalningar på {installment}.', button: 'Betala med Klarna',
    badge: 'Sparad', savedSubheader: 'Ditt sparade betalsätt hos Klarna', learnMore: 'Läs mer',
    placementAmount: 'Betala i 3 räntefria delbetalningar på {installment}.', placementGeneric: 'Köp nu, betala senare med Klarna.',
    journeyLoading: 'Laddar ditt köp…', journeyPrompt: 'Bekräfta ditt köp med Klarna.',
    journeyClosing: 'Klarna stängs…',
    confirm: 'Bekräfta och betala', cancel: 'Avbryt',
  },
  el: {
    header: 'Πληρωμή με Klarna', subheader: 'Πληρώστε σε 3 άτοκες δόσεις ή πληρώστε αργότερα',
    message: 'Χωρίστε το ποσό των {amount} σε 3 άτοκες δόσεις των {installment}.', button: 'Πληρωμή με Klarna',
    badge: 'Αποθηκευμένο', savedSubheader: 'Ο αποθηκευμένος τρόπος πληρωμής σας με Klarna', learnMore: 'Μάθετε περισσότερα',
    placementAmount: 'Πληρώστε σε 3 άτοκες δόσεις των {installment}.', placementGeneric: 'Αγοράστε τώρα, πληρώστε αργότερα με Klarna.',
    journeyLoading: 'Φόρτωση της αγοράς σας…', journeyPrompt: 'Επιβεβαιώστε την αγορά σας με Klarna.',
    journeyClosing: 'Το Klarna κλείνει…',
    confirm: 'Επιβεβαίωση και πληρωμή', cancel: 'Ακύρωση',
  },
  no: {
    header: 'Betal med Klarna', subheader: 'Betal i 3 rentefrie avdrag eller betal senere',
    message: 'Del opp {amount} i 3 rentefrie avdrag på {installment}.', button: 'Betal med Klarna',
    badge: 'Lagret', savedSubheader: 'Din lagrede betalingsmåte hos Klarna', learnMore: 'Les mer',
    placementAmount: 'Betal i 3 rentefrie avdrag på {installment}.', placementGeneric: 'Kjøp nå, betal senere med Klarna.',
    journeyLoading: 'Laster inn kjøpet ditt…', journeyPrompt: 'Bekreft kjøpet ditt med Klarna.',
    journeyClosing: 'Klarna lukkes…',
    confirm: 'Bekreft og betal', cancel: 'Avbryt',
  },
  pl: {
    header: 'Zapłać z Klarna', subheader: 'Zapłać w 3 nieoprocentowanych ratach lub później',
    message: 'Podziel {amount} na 3 nieoprocentowane raty po {installment}.', button: 'Zapłać z Klarna',
    badge: 'Zapisana', savedSubheader: 'Twoja zapisana metoda płatności Klarna', learnMore: 'Dowiedz się więcej',
    placementAmount: 'Zapłać w 3 nieoprocentowanych ratach po {installment}.', placementGeneric: 'Kup teraz, zapłać później z Klarna.',
    journeyLoading: 'Wczytywanie zakupu…', journeyPrompt: 'Potwierdź zakup w Klarna.',
    journeyClosing: 'Zamykanie Klarna…',
    confirm: 'Potwierdź i zapłać', cancel: 'Anuluj',
  },
  pt: {
    header: 'Pagar com Klarna', subheader: 'Pague em 3 prestações sem juros ou pague mais tarde',
    message: 'Divida {amount} em 3 prestações sem juros de {installment}.', button: 'Pagar com Klarna',
    badge: 'Guardado', savedSubheader: 'O seu método de pagamento Klarna guardado', learnMore: 'Saiba mais',
    placementAmount: 'Pague em 3 prestações sem juros de {installment}.', placementGeneric: 'Compre agora, pague mais tarde com Klarna.',
    journeyLoading: 'A carregar a sua compra…', journeyPrompt: 'Confirme a sua compra com Klarna.',
    journeyClosing: 'A fechar o Klarna…',
    confirm: 'Confirmar e pagar', cancel: 'Cancelar',
  },
  hu: {
    header: 'Fizetés Klarnával', subheader: 'Fizessen 3 kamatmentes részletben vagy később',
    message: '{amount} 3 kamatmentes részletben, részletenként {installment}.', button: 'Fizetés Klarnával',
    badge: 'Mentett', savedSubheader: 'Az Ön mentett Klarna fizetési módja', learnMore: 'További információ',
    placementAmount: 'Fizessen 3 kamatmentes részletben, részletenként {installment}.', placementGeneric: 'Vásároljon most, fizessen később a Klarnával.',
    journeyLoading: 'A vásárlás betöltése…', journeyPrompt: 'Erősítse meg a vásárlást a Klarnával.',
    journeyClosing: 'A Klarna bezárul…',
    confirm: 'Megerősítés és fizetés', cancel: 'Mégse',
  },
  ro: {
    header: 'Plătește cu Klarna', subheader: 'Plătește în 3 rate fără dobândă sau mai târziu',
    message: 'Împarte {amount} în 3 rate fără dobândă de {installment}.', button: 'Plătește cu Klarna',
    badge: 'Salvată', savedSubheader: 'Metoda ta de plată Klarna salvată', learnMore: 'Află mai multe',
    placementAmount: 'Plătește în 3 rate fără dobândă de {installment}.', placementGeneric: 'Cumpără acum, plătește mai târziu cu Klarna.',
    journeyLoading: 'Se încarcă achiziția ta…', journeyPrompt: 'Confirmă achiziția cu Klarna.',
    journeyClosing: 'Klarna se închide…',
    confirm: 'Confirmă și plătește', cancel: 'Anulează',
  },
};

/** The journey's marker. */
export const SANDBOX_MARK = ' (sandbox)';

/**
 * The text language of a locale: one of TEXTS' keys; Norwegian `nb`/`nn` read `no`; else English.
 * @param {string|undefined} locale
 * @returns {keyof typeof TEXTS}
 */
export function languageOf(locale) {
  if (!locale) return 'en';
  const lang = locale.slice(0, 2).toLowerCase();
  const normalized = lang === 'nb' || lang === 'nn' ? 'no' : lang;
  return Object.hasOwn(TEXTS, normalized) ? /** @type {keyof typeof TEXTS} */ (normalized) : 'en';
}
