/*
 * The satisfaction survey a customer opens from an invitation: /survey/{token} to answer it,
 * /survey/{token}?unsubscribe=1 (the unsubscribe link of every invitation) to stop invitations.
 * The token is the only key. The page speaks the survey's language once the API has named it, and
 * the browser's best match until then (or when the link names no survey).
 */

// ---------------------------------------------------------------- strings

const MAX_COMMENT = 2000;

// Latvian says "until the 27th" with the month in the dative, which Intl does not give.
const LV_MONTHS = ['janvārim', 'februārim', 'martam', 'aprīlim', 'maijam', 'jūnijam', 'jūlijam', 'augustam',
  'septembrim', 'oktobrim', 'novembrim', 'decembrim'];

// Danish and Norwegian say "du", German "Sie", Latvian "Jūs" (whose plural participles keep it
// gender-neutral). The words match the invitation's own (SurveyTexts.cs): ordre, Bestellung, atrakstīties.
const STRINGS = {
  en: {
    title: 'Customer survey',
    loading: 'Loading the survey…',
    order: (number) => `Order ${number}`,
    heading: 'How did we do?',
    lede: 'It only takes a minute, and your answer helps us get better.',
    scoreLegend: 'How satisfied are you with your order?',
    conversation: 'Your conversation with us',
    scoreLegendHelp: 'How satisfied are you with the help you got?',
    scores: ['Very bad', 'Bad', 'Okay', 'Good', 'Excellent'],
    npsLegend: 'How likely are you to recommend us to a friend?',
    npsLow: 'Not likely',
    npsHigh: 'Very likely',
    commentLabel: 'Anything else you would like to tell us?',
    optional: '(optional)',
    charsLeft: (n) => (n === 1 ? '1 character left' : `${count(n)} characters left`),
    limitReached: () => `You have reached the limit of ${count(MAX_COMMENT)} characters.`,
    send: 'Send answer',
    sending: 'Sending…',
    cancel: 'Cancel',
    scoreMissing: 'Please choose a rating before sending.',
    sendFailed: 'Your answer could not be sent. Please check your internet connection and try again.',
    serverFailed: 'Something went wrong on our side. Please try again in a moment.',
    thanks: 'Thank you!',
    received: 'We have received your answer. We really appreciate you taking the time.',
    already: 'You have already answered this survey. This is what you told us:',
    yourScore: 'Your rating',
    yourNps: 'Would recommend us',
    yourComment: 'Your comment',
    outOf: (n, max) => `${n} of ${max}`,
    changeUntil: (date) => `You can change your answer until ${dateTime.format(date)}.`,
    change: 'Change my answer',
    noSurveys: 'Don’t want surveys?',
    unsubscribe: 'Unsubscribe',
    unsubscribeTitle: 'Stop survey invitations?',
    unsubscribeBody: (store) => `You will no longer receive satisfaction surveys from ${store ?? 'us'}. `
      + 'Order updates and replies from our support team are not affected.',
    unsubscribeButton: 'Stop survey invitations',
    wait: 'One moment…',
    backToSurvey: 'Back to the survey',
    unsubscribeFailed: 'We could not unsubscribe you just now. Please check your internet connection and try again.',
    unsubscribedTitle: 'You’re unsubscribed',
    unsubscribedBody: 'We won’t send you any more satisfaction surveys. Order updates and replies from our support team will still reach you.',
    notFoundTitle: 'This survey link is not valid',
    notFoundBody: 'Please check that you opened the complete link from your message. If you need help with your order, just get in touch with us.',
    expiredTitle: 'This survey has closed',
    expiredBody: 'Thank you for stopping by. This survey no longer accepts answers. If you need help with your order, just get in touch with us.',
    loadFailedTitle: 'We couldn’t load the survey',
    offline: 'Please check your internet connection and try again.',
    retry: 'Try again',
  },
  da: {
    title: 'Kundeundersøgelse',
    loading: 'Indlæser undersøgelsen…',
    order: (number) => `Ordre ${number}`,
    heading: 'Hvordan klarede vi os?',
    lede: 'Det tager kun et minut, og dit svar hjælper os med at blive bedre.',
    scoreLegend: 'Hvor tilfreds er du med din ordre?',
    conversation: 'Din samtale med os',
    scoreLegendHelp: 'Hvor tilfreds er du med den hjælp, du fik?',
    scores: ['Meget dårligt', 'Dårligt', 'Okay', 'Godt', 'Fremragende'],
    npsLegend: 'Hvor sandsynligt er det, at du vil anbefale os til en ven?',
    npsLow: 'Slet ikke sandsynligt',
    npsHigh: 'Meget sandsynligt',
    commentLabel: 'Er der andet, du gerne vil fortælle os?',
    optional: '(valgfrit)',
    charsLeft: (n) => `${count(n)} tegn tilbage`,
    limitReached: () => `Du har nået grænsen på ${count(MAX_COMMENT)} tegn.`,
    send: 'Send svar',
    sending: 'Sender…',
    cancel: 'Annuller',
    scoreMissing: 'Vælg en bedømmelse, før du sender.',
    sendFailed: 'Dit svar kunne ikke sendes. Tjek din internetforbindelse, og prøv igen.',
    serverFailed: 'Der gik noget galt hos os. Prøv igen om et øjeblik.',
    thanks: 'Tak!',
    received: 'Vi har modtaget dit svar og sætter stor pris på, at du tog dig tid.',
    already: 'Du har allerede svaret på undersøgelsen. Her er dit svar:',
    yourScore: 'Din bedømmelse',
    yourNps: 'Vil anbefale os',
    yourComment: 'Din kommentar',
    outOf: (n, max) => `${n} ud af ${max}`,
    changeUntil: (date) => `Du kan ændre dit svar indtil ${dateTime.format(date)}.`,
    change: 'Ændr mit svar',
    noSurveys: 'Vil du ikke have flere undersøgelser?',
    unsubscribe: 'Afmeld',
    unsubscribeTitle: 'Vil du afmelde undersøgelser?',
    unsubscribeBody: (store) => `Du vil ikke længere modtage tilfredshedsundersøgelser fra ${store ?? 'os'}. `
      + 'Ordreopdateringer og svar fra vores kundeservice påvirkes ikke.',
    unsubscribeButton: 'Afmeld undersøgelser',
    wait: 'Et øjeblik…',
    backToSurvey: 'Tilbage til undersøgelsen',
    unsubscribeFailed: 'Vi kunne ikke afmelde dig lige nu. Tjek din internetforbindelse, og prøv igen.',
    unsubscribedTitle: 'Du er afmeldt',
    unsubscribedBody: 'Vi sender dig ikke flere tilfredshedsundersøgelser. Du får stadig ordreopdateringer og svar fra vores kundeservice.',
    notFoundTitle: 'Linket til undersøgelsen er ikke gyldigt',
    notFoundBody: 'Tjek, at du har åbnet hele linket fra din besked. Har du brug for hjælp med din ordre, er du velkommen til at kontakte os.',
    expiredTitle: 'Undersøgelsen er lukket',
    expiredBody: 'Tak, fordi du kiggede forbi. Undersøgelsen modtager ikke længere svar. Har du brug for hjælp med din ordre, er du velkommen til at kontakte os.',
    loadFailedTitle: 'Undersøgelsen kunne ikke indlæses',
    offline: 'Tjek din internetforbindelse, og prøv igen.',
    retry: 'Prøv igen',
  },
  de: {
    title: 'Kundenumfrage',
    loading: 'Umfrage wird geladen…',
    order: (number) => `Bestellung ${number}`,
    heading: 'Ihre Meinung ist uns wichtig',
    lede: 'Die Umfrage dauert nur eine Minute und hilft uns, noch besser zu werden.',
    scoreLegend: 'Wie zufrieden sind Sie mit Ihrer Bestellung?',
    conversation: 'Ihr Gespräch mit uns',
    scoreLegendHelp: 'Wie zufrieden sind Sie mit der Hilfe, die Sie erhalten haben?',
    scores: ['Sehr schlecht', 'Schlecht', 'In Ordnung', 'Gut', 'Sehr gut'],
    npsLegend: 'Wie wahrscheinlich ist es, dass Sie uns Freunden oder Bekannten empfehlen?',
    npsLow: 'Sehr unwahrscheinlich',
    npsHigh: 'Sehr wahrscheinlich',
    commentLabel: 'Möchten Sie uns noch etwas mitteilen?',
    optional: '(optional)',
    charsLeft: (n) => (n === 1 ? 'Noch 1 Zeichen übrig' : `Noch ${count(n)} Zeichen übrig`),
    limitReached: () => `Sie haben die Höchstzahl von ${count(MAX_COMMENT)} Zeichen erreicht.`,
    send: 'Antwort senden',
    sending: 'Wird gesendet…',
    cancel: 'Abbrechen',
    scoreMissing: 'Bitte wählen Sie eine Bewertung aus.',
    sendFailed: 'Ihre Antwort konnte nicht gesendet werden. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal.',
    serverFailed: 'Bei uns ist etwas schiefgelaufen. Bitte versuchen Sie es gleich noch einmal.',
    thanks: 'Vielen Dank!',
    received: 'Wir haben Ihre Antwort erhalten und freuen uns, dass Sie sich die Zeit genommen haben.',
    already: 'Sie haben bereits an dieser Umfrage teilgenommen. Das ist Ihre Antwort:',
    yourScore: 'Ihre Bewertung',
    yourNps: 'Weiterempfehlung',
    yourComment: 'Ihr Kommentar',
    outOf: (n, max) => `${n} von ${max}`,
    changeUntil: (date) => `Sie können Ihre Antwort bis zum ${dateTime.format(date)} ändern.`,
    change: 'Antwort ändern',
    noSurveys: 'Sie möchten keine Umfragen mehr erhalten?',
    unsubscribe: 'Abmelden',
    unsubscribeTitle: 'Keine Umfragen mehr erhalten?',
    unsubscribeBody: (store) => `Sie erhalten dann keine Zufriedenheitsumfragen mehr von ${store ?? 'uns'}. `
      + 'Bestellinformationen und Antworten unseres Kundenservice erhalten Sie weiterhin.',
    unsubscribeButton: 'Umfragen abbestellen',
    wait: 'Einen Moment…',
    backToSurvey: 'Zurück zur Umfrage',
    unsubscribeFailed: 'Die Abmeldung hat gerade nicht geklappt. Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal.',
    unsubscribedTitle: 'Sie sind abgemeldet',
    unsubscribedBody: 'Wir senden Ihnen keine Zufriedenheitsumfragen mehr. Bestellinformationen und Antworten unseres Kundenservice erhalten Sie weiterhin.',
    notFoundTitle: 'Dieser Umfrage-Link ist ungültig',
    notFoundBody: 'Bitte prüfen Sie, ob Sie den vollständigen Link aus Ihrer Nachricht geöffnet haben. Wenn Sie Hilfe zu Ihrer Bestellung benötigen, kontaktieren Sie uns gern.',
    expiredTitle: 'Diese Umfrage ist beendet',
    expiredBody: 'Danke für Ihren Besuch. Diese Umfrage nimmt keine Antworten mehr an. Wenn Sie Hilfe zu Ihrer Bestellung benötigen, kontaktieren Sie uns gern.',
    loadFailedTitle: 'Die Umfrage konnte nicht geladen werden',
    offline: 'Bitte prüfen Sie Ihre Internetverbindung und versuchen Sie es noch einmal.',
    retry: 'Erneut versuchen',
  },
  nb: {
    title: 'Kundeundersøkelse',
    loading: 'Laster inn undersøkelsen…',
    order: (number) => `Bestilling ${number}`,
    heading: 'Hvordan gjorde vi det?',
    lede: 'Det tar bare et minutt, og svaret ditt hjelper oss å bli bedre.',
    scoreLegend: 'Hvor fornøyd er du med bestillingen din?',
    conversation: 'Samtalen din med oss',
    scoreLegendHelp: 'Hvor fornøyd er du med hjelpen du fikk?',
    scores: ['Veldig dårlig', 'Dårlig', 'Helt greit', 'Bra', 'Utmerket'],
    npsLegend: 'Hvor sannsynlig er det at du vil anbefale oss til en venn?',
    npsLow: 'Lite sannsynlig',
    npsHigh: 'Svært sannsynlig',
    commentLabel: 'Er det noe mer du vil fortelle oss?',
    optional: '(valgfritt)',
    charsLeft: (n) => `${count(n)} tegn igjen`,
    limitReached: () => `Du har nådd grensen på ${count(MAX_COMMENT)} tegn.`,
    send: 'Send svar',
    sending: 'Sender…',
    cancel: 'Avbryt',
    scoreMissing: 'Velg en vurdering før du sender.',
    sendFailed: 'Svaret ditt kunne ikke sendes. Sjekk internettforbindelsen din og prøv igjen.',
    serverFailed: 'Noe gikk galt hos oss. Prøv igjen om et øyeblikk.',
    thanks: 'Tusen takk!',
    received: 'Vi har mottatt svaret ditt og setter stor pris på at du tok deg tid.',
    already: 'Du har allerede svart på undersøkelsen. Her er svaret ditt:',
    yourScore: 'Din vurdering',
    yourNps: 'Vil anbefale oss',
    yourComment: 'Kommentaren din',
    outOf: (n, max) => `${n} av ${max}`,
    changeUntil: (date) => `Du kan endre svaret ditt frem til ${dateTime.format(date)}.`,
    change: 'Endre svaret mitt',
    noSurveys: 'Vil du ikke ha flere undersøkelser?',
    unsubscribe: 'Meld deg av',
    unsubscribeTitle: 'Vil du melde deg av undersøkelser?',
    unsubscribeBody: (store) => `Du vil ikke lenger få tilfredshetsundersøkelser fra ${store ?? 'oss'}. `
      + 'Ordreoppdateringer og svar fra kundeservicen vår påvirkes ikke.',
    unsubscribeButton: 'Meld meg av',
    wait: 'Et øyeblikk…',
    backToSurvey: 'Tilbake til undersøkelsen',
    unsubscribeFailed: 'Vi fikk ikke meldt deg av akkurat nå. Sjekk internettforbindelsen din og prøv igjen.',
    unsubscribedTitle: 'Du er meldt av',
    unsubscribedBody: 'Vi sender deg ikke flere tilfredshetsundersøkelser. Du får fortsatt ordreoppdateringer og svar fra kundeservicen vår.',
    notFoundTitle: 'Lenken til undersøkelsen er ikke gyldig',
    notFoundBody: 'Sjekk at du har åpnet hele lenken fra meldingen. Trenger du hjelp med bestillingen, er det bare å kontakte oss.',
    expiredTitle: 'Undersøkelsen er avsluttet',
    expiredBody: 'Takk for at du tittet innom. Undersøkelsen tar ikke lenger imot svar. Trenger du hjelp med bestillingen, er det bare å kontakte oss.',
    loadFailedTitle: 'Undersøkelsen kunne ikke lastes inn',
    offline: 'Sjekk internettforbindelsen din og prøv igjen.',
    retry: 'Prøv igjen',
  },
  lv: {
    title: 'Klientu aptauja',
    loading: 'Ielādē aptauju…',
    order: (number) => `Pasūtījums ${number}`,
    heading: 'Kā mums veicās?',
    lede: 'Tas aizņems tikai minūti, un Jūsu atbilde palīdzēs mums kļūt labākiem.',
    scoreLegend: 'Cik apmierināti Jūs esat ar savu pasūtījumu?',
    conversation: 'Jūsu saruna ar mums',
    scoreLegendHelp: 'Cik apmierināti esat ar saņemto palīdzību?',
    scores: ['Ļoti slikti', 'Slikti', 'Normāli', 'Labi', 'Izcili'],
    npsLegend: 'Cik liela ir iespēja, ka Jūs ieteiktu mūs draugam?',
    npsLow: 'Ļoti maza',
    npsHigh: 'Ļoti liela',
    commentLabel: 'Vai vēlaties mums vēl ko pastāstīt?',
    optional: '(nav obligāti)',
    charsLeft: (n) => (n % 10 === 1 && n % 100 !== 11 ? `Atlikusi ${count(n)} rakstzīme` : `Atlikušas ${count(n)} rakstzīmes`),
    limitReached: () => `Sasniegts ${count(MAX_COMMENT)} rakstzīmju ierobežojums.`,
    send: 'Nosūtīt atbildi',
    sending: 'Notiek sūtīšana…',
    cancel: 'Atcelt',
    scoreMissing: 'Lūdzu, izvēlieties vērtējumu.',
    sendFailed: 'Jūsu atbildi neizdevās nosūtīt. Lūdzu, pārbaudiet interneta savienojumu un mēģiniet vēlreiz.',
    serverFailed: 'Mums radās kļūda. Lūdzu, pēc brīža mēģiniet vēlreiz.',
    thanks: 'Paldies!',
    received: 'Esam saņēmuši Jūsu atbildi un patiesi novērtējam, ka veltījāt tai laiku.',
    already: 'Jūs jau esat atbildējuši uz šo aptauju. Lūk, Jūsu atbilde:',
    yourScore: 'Jūsu vērtējums',
    yourNps: 'Iespēja, ka ieteiksiet mūs',
    yourComment: 'Jūsu komentārs',
    outOf: (n, max) => `${n} no ${max}`,
    changeUntil: (date) => `Atbildi varat mainīt līdz ${date.getDate()}. ${LV_MONTHS[date.getMonth()]} plkst. ${clock.format(date)}.`,
    change: 'Mainīt atbildi',
    noSurveys: 'Nevēlaties saņemt aptaujas?',
    unsubscribe: 'Atrakstīties',
    unsubscribeTitle: 'Atrakstīties no aptaujām?',
    unsubscribeBody: (store) => `Jūs vairs nesaņemsiet apmierinātības aptaujas no ${store ?? 'mums'}. `
      + 'Tas neietekmēs paziņojumus par pasūtījumiem un mūsu klientu atbalsta atbildes.',
    unsubscribeButton: 'Atrakstīties',
    wait: 'Lūdzu, uzgaidiet…',
    backToSurvey: 'Atpakaļ uz aptauju',
    unsubscribeFailed: 'Pašlaik neizdevās Jūs atrakstīt. Lūdzu, pārbaudiet interneta savienojumu un mēģiniet vēlreiz.',
    unsubscribedTitle: 'Jūs esat atrakstījušies',
    unsubscribedBody: 'Mēs Jums vairs nesūtīsim apmierinātības aptaujas. Paziņojumus par pasūtījumiem un klientu atbalsta atbildes Jūs saņemsiet kā līdz šim.',
    notFoundTitle: 'Aptaujas saite nav derīga',
    notFoundBody: 'Lūdzu, pārbaudiet, vai atvērāt pilnu saiti no ziņas. Ja Jums nepieciešama palīdzība saistībā ar pasūtījumu, droši sazinieties ar mums.',
    expiredTitle: 'Aptauja ir slēgta',
    expiredBody: 'Paldies, ka ieskatījāties! Šī aptauja vairs nepieņem atbildes. Ja Jums nepieciešama palīdzība saistībā ar pasūtījumu, droši sazinieties ar mums.',
    loadFailedTitle: 'Aptauju neizdevās ielādēt',
    offline: 'Lūdzu, pārbaudiet interneta savienojumu un mēģiniet vēlreiz.',
    retry: 'Mēģināt vēlreiz',
  },
};

let T = STRINGS.en;
let number, dateTime, clock;
const count = (n) => number.format(n);

/** en-GB → en; Norwegian in any spelling (no, nn) → nb, the one we write. */
function languageOf(tag) {
  const base = tag.toLowerCase().split(/[-_]/)[0];
  return base === 'no' || base === 'nn' ? 'nb' : base;
}

function browserLocale() {
  const wanted = navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en'];
  return wanted.map(languageOf).find((code) => STRINGS[code]) ?? 'en';
}

function setLocale(code) {
  const locale = STRINGS[code] ? code : 'en';
  T = STRINGS[locale];
  document.documentElement.lang = locale;
  document.title = T.title;
  // Numbers and dates follow the customer's own regional variant of the language when the browser
  // names one (en-US writes 2:30 PM); without one, a European shop's English writes 14:30.
  const own = (navigator.languages ?? []).find((tag) => languageOf(tag) === locale);
  const regional = (own && Intl.DateTimeFormat.supportedLocalesOf(own)[0]) || (locale === 'en' ? 'en-GB' : locale);
  number = new Intl.NumberFormat(regional);
  dateTime = new Intl.DateTimeFormat(regional, { day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' });
  clock = new Intl.DateTimeFormat(regional, { hour: 'numeric', minute: '2-digit' });
}

// ---------------------------------------------------------------- the API

// The token is the path's last segment, passed on as the address already encodes it.
const API = `/api/surveys/${location.pathname.split('/').filter(Boolean).pop() ?? ''}`;
// Only the button on that view unsubscribes: mail scanners open every link in a message.
const UNSUBSCRIBING = new URLSearchParams(location.search).get('unsubscribe') === '1';
const FIELDS = ['score', 'nps', 'comment'];

/** The survey as the API last described it: { storeName, orderNumber (null after a resolution), locale, answered, score, nps, comment, editableUntil, kind }. */
let survey = null;

/** status 0 means the server could not be reached at all. */
async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const response = await fetch(path, { method, headers, cache: 'no-store', body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, data: await response.json().catch(() => null) };
  } catch {
    return { status: 0, data: null };
  }
}

/** The server's first word on each of our fields it names (ProblemDetails errors.score[0], …), in the form's order. */
function fieldErrors(problem) {
  const errors = Object.entries(problem?.errors ?? {});
  return FIELDS.map((name) => [name, errors.find(([key]) => key.toLowerCase() === name)?.[1]?.[0]])
    .filter(([, message]) => message);
}

// ---------------------------------------------------------------- DOM helpers

/** Elements are built here only; `text` and string children become text nodes, so server data never turns into markup. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'text') el.textContent = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value != null) el.setAttribute(name, value);
  }
  el.append(...children.filter((child) => child != null && child !== false));
  return el;
}

function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

// A drawn face per score rather than an emoji, so it looks the same on every phone. Decoration
// only: the word beside it says the same.
const MOUTHS = ['M10.5 23Q16 17 21.5 23', 'M11 22.5Q16 19.5 21 22.5', 'M11 21.5H21', 'M11 19.5Q16 23.5 21 19.5', 'M10 18.5Q16 25.5 22 18.5'];

function face(score) {
  return svg('svg', { class: 'face', viewBox: '0 0 32 32', 'aria-hidden': 'true' },
    svg('circle', { cx: 16, cy: 16, r: 13, class: 'face-head' }),
    svg('circle', { cx: 11.5, cy: 13, r: 1.75, class: 'face-eye' }),
    svg('circle', { cx: 20.5, cy: 13, r: 1.75, class: 'face-eye' }),
    svg('path', { d: MOUTHS[score - 1], class: 'face-mouth' }));
}

const CIRCLE = 'M12 3a9 9 0 1 1 0 18a9 9 0 1 1 0-18Z';
const BADGES = {
  check: [CIRCLE, 'M8 12.4l2.8 2.8 5.4-5.7'],
  clock: [CIRCLE, 'M12 7.5V12l3 2'],
  alert: [CIRCLE, 'M12 7.5v5.5', 'M12 16.4v.1'],
  mail: ['M4 6h16v12H4Z', 'M4.5 6.5l7.5 6 7.5-6'],
};

/** The round picture above a message; the heading beside it carries the meaning. */
function badge(name, tone) {
  return h('div', { class: `badge badge-${tone}` },
    svg('svg', { viewBox: '0 0 24 24', 'aria-hidden': 'true' }, ...BADGES[name].map((d) => svg('path', { d }))));
}

const view = document.getElementById('view');
const footer = document.getElementById('footer');
const liveRegion = document.getElementById('status');

function announce(text) {
  liveRegion.textContent = text;
}

// The script may focus a heading (see show); Tab never stops there.
const heading = (text) => h('h1', { tabindex: '-1', text });

/** Puts a view in the card. After the customer's own action the focus follows to its heading, so a screen reader says where they are. */
function show(content, { focus = false, withFooter = false } = {}) {
  view.replaceChildren(...content);
  footer.hidden = !withFooter;
  if (focus) view.querySelector('h1').focus();
}

/** A view that only tells something: not found, closed, could not load, unsubscribed. */
function message({ testid, icon, tone, title, body }, ...actions) {
  return h('section', { class: 'message', 'data-testid': testid },
    badge(icon, tone), heading(title), h('p', { text: body }),
    actions.length > 0 && h('div', { class: 'actions' }, ...actions));
}

/** While a request runs its button says so and ignores taps; it stays focusable, so the focus is not lost meanwhile. */
async function whileBusy(button, label, work) {
  if (button.getAttribute('aria-disabled') === 'true') return null; // a double tap sends once
  const idle = button.textContent;
  button.setAttribute('aria-disabled', 'true');
  button.textContent = label;
  announce(label);
  try {
    return await work();
  } finally {
    button.removeAttribute('aria-disabled');
    button.textContent = idle;
  }
}

// ---------------------------------------------------------------- views

function showLoading() {
  show([h('div', { class: 'loading', 'data-testid': 'loading' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('p', { text: T.loading }))]);
}

function showMasthead() {
  const name = survey.storeName;
  document.getElementById('store-mark').textContent = [...name.trim()][0]?.toUpperCase() ?? '';
  document.getElementById('store-name').textContent = name;
  // Shops number orders their own way: "#1042", "1042", "NO-1042"; a bare number reads as "#1042".
  // A survey after a resolution asks about the conversation, not an order.
  const order = survey.orderNumber == null ? null
    : /^\d+$/.test(survey.orderNumber) ? `#${survey.orderNumber}` : survey.orderNumber;
  document.getElementById('order').textContent = order ? T.order(order) : T.conversation;
  document.getElementById('masthead').hidden = false;
  document.title = `${T.title} · ${name}`;
  footer.replaceChildren(T.noSurveys, ' ', h('a', { href: '?unsubscribe=1', 'data-testid': 'unsubscribe-link', text: T.unsubscribe }));
}

/** One real radio per value under its own label, so arrow keys, forms and screen readers work as everywhere. */
function radios(name, values, selected, content, { required = false } = {}) {
  return values.map((value) => {
    const id = `${name}-${value}`;
    return h('div', { class: 'choice' },
      h('input', {
        type: 'radio', name, value, id, 'data-testid': id, required, checked: value === selected,
        'aria-describedby': `${name}-error`,
      }),
      h('label', { for: id }, ...content(value)));
  });
}

const fieldError = (name) => h('p', { class: 'field-error', id: `${name}-error`, 'data-testid': `error-${name}`, hidden: true });
const optional = () => h('span', { class: 'optional', text: T.optional });

function scoreField(selected) {
  return h('fieldset', { class: 'field' },
    h('legend', { text: survey.kind === 'conversation' ? T.scoreLegendHelp : T.scoreLegend }),
    h('div', { class: 'scale scale-score' },
      ...radios('score', [1, 2, 3, 4, 5], selected, (value) => [face(value), h('span', { text: T.scores[value - 1] })], { required: true })),
    fieldError('score'));
}

function npsField(selected) {
  // The two ends are named in each end's own label for screen readers; the line under the buttons shows them.
  const end = (value) => ({ 0: T.npsLow, 10: T.npsHigh })[value];
  return h('fieldset', { class: 'field' },
    h('legend', {}, T.npsLegend, ' ', optional()),
    h('div', { class: 'scale scale-nps' },
      ...radios('nps', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], selected,
        (value) => [String(value), end(value) && h('span', { class: 'visually-hidden', text: ` – ${end(value)}` })])),
    h('div', { class: 'scale-ends', 'aria-hidden': 'true' }, h('span', { text: `0 – ${T.npsLow}` }), h('span', { text: `10 – ${T.npsHigh}` })),
    fieldError('nps'));
}

// How many characters are left is said aloud only near the limit and once per step: every keystroke would be noise.
const COUNTDOWN = [0, 10, 50, 100];

function commentField(text) {
  const textarea = h('textarea', {
    id: 'comment', name: 'comment', rows: 4, maxlength: MAX_COMMENT, 'data-testid': 'comment', 'aria-describedby': 'comment-error',
  });
  textarea.value = text ?? '';
  const counter = h('p', { class: 'counter', 'data-testid': 'comment-counter' });
  const stepOf = (left) => COUNTDOWN.find((step) => left <= step);
  let lastStep = stepOf(MAX_COMMENT - textarea.value.length);
  const update = () => {
    const left = MAX_COMMENT - textarea.value.length;
    counter.textContent = `${count(textarea.value.length)} / ${count(MAX_COMMENT)}`;
    counter.classList.toggle('near', left <= COUNTDOWN.at(-1));
    const step = stepOf(left);
    if (step !== lastStep && step !== undefined) announce(left > 0 ? T.charsLeft(left) : T.limitReached());
    lastStep = step;
  };
  textarea.addEventListener('input', update);
  update();
  return h('div', { class: 'field' },
    h('label', { class: 'label', for: 'comment' }, T.commentLabel, ' ', optional()),
    textarea, counter, fieldError('comment'));
}

/** The survey, empty or (to change an answer) holding the answer given. */
function showForm({ editing = false, focus = false } = {}) {
  const alert = h('p', { class: 'alert', role: 'alert', 'data-testid': 'error', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary', 'data-testid': 'submit', text: T.send });
  const form = h('form', { class: 'form', novalidate: true, 'data-testid': 'survey-form' },
    scoreField(editing ? survey.score : null),
    // After a resolution the question is how the help was: one tap and a word, nothing about recommending.
    survey.kind !== 'conversation' && npsField(editing ? survey.nps : null),
    commentField(editing ? survey.comment : ''),
    alert,
    h('div', { class: 'actions' }, submit,
      editing && h('button', { type: 'button', class: 'button button-quiet', text: T.cancel, onclick: () => showThanks({ focus: true }) })));
  // A changed answer is no longer the one the server questioned.
  form.addEventListener('input', (event) => setFieldError(form, event.target.name, ''));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendAnswer(form, submit, alert);
  });
  show([heading(T.heading), h('p', { class: 'lede', text: T.lede }), form], { focus, withFooter: true });
}

function setFieldError(form, name, text) {
  const error = form.querySelector(`#${name}-error`);
  if (!error) return;
  error.textContent = text;
  error.hidden = !text;
  for (const input of form.querySelectorAll(`[name="${name}"]`)) input.toggleAttribute('aria-invalid', Boolean(text));
}

/** The checked radio of a group, else its first; a textarea is its own. */
function focusField(form, name) {
  (form.querySelector(`[name="${name}"]:checked`) ?? form.querySelector(`[name="${name}"]`)).focus();
}

async function sendAnswer(form, submit, alert) {
  const values = new FormData(form);
  if (!values.has('score')) {
    setFieldError(form, 'score', T.scoreMissing);
    focusField(form, 'score');
    return;
  }
  const answer = { score: Number(values.get('score')) };
  if (values.has('nps')) answer.nps = Number(values.get('nps'));
  const comment = values.get('comment').trim();
  if (comment) answer.comment = comment;

  alert.hidden = true;
  const result = await whileBusy(submit, T.sending, () => call('POST', API, answer));
  if (!result) return;
  const { status, data } = result;
  if (status === 200 && data) {
    survey = data;
    return showThanks({ fresh: true, focus: true });
  }
  if (status === 404) return showNotFound({ focus: true });
  if (status === 410) return showExpired({ focus: true });
  const errors = status === 400 ? fieldErrors(data) : [];
  if (errors.length > 0) {
    for (const [name, text] of errors) setFieldError(form, name, text);
    return focusField(form, errors[0][0]);
  }
  alert.textContent = status === 0 ? T.sendFailed : T.serverFailed;
  alert.hidden = false;
}

function answerSummary() {
  const rows = [
    [T.yourScore, h('span', { class: 'summary-score' }, face(survey.score),
      `${T.scores[survey.score - 1]} (${T.outOf(survey.score, 5)})`)],
    survey.nps != null && [T.yourNps, T.outOf(survey.nps, 10)],
    survey.comment && [T.yourComment, h('span', { class: 'summary-comment', text: survey.comment })],
  ];
  return h('dl', { class: 'summary', 'data-testid': 'answer' },
    ...rows.filter(Boolean).map(([term, detail]) => h('div', {}, h('dt', { text: term }), h('dd', {}, detail))));
}

/** The answer given: just now (fresh), or earlier when the link is opened again. */
function showThanks({ fresh = false, focus = false } = {}) {
  const until = survey.editableUntil ? new Date(survey.editableUntil) : null;
  const change = until !== null && until > Date.now() && h('div', { class: 'change' },
    h('p', { class: 'hint', text: T.changeUntil(until) }),
    h('button', {
      type: 'button', class: 'button button-secondary', 'data-testid': 'change-answer', text: T.change,
      onclick: () => showForm({ editing: true, focus: true }),
    }));
  show([h('section', { class: 'message', 'data-testid': 'thanks' },
    badge('check', 'success'), heading(T.thanks), h('p', { text: fresh ? T.received : T.already }),
    answerSummary(), change)], { focus, withFooter: true });
}

function showNotFound({ focus = false } = {}) {
  show([message({ testid: 'not-found', icon: 'alert', tone: 'neutral', title: T.notFoundTitle, body: T.notFoundBody })], { focus });
}

function showExpired({ focus = false } = {}) {
  show([message({ testid: 'expired', icon: 'clock', tone: 'neutral', title: T.expiredTitle, body: T.expiredBody })], { focus });
}

function showLoadError(status, { focus = false } = {}) {
  show([message({ testid: 'error', icon: 'alert', tone: 'warn', title: T.loadFailedTitle, body: status === 0 ? T.offline : T.serverFailed },
    h('button', { type: 'button', class: 'button button-primary', text: T.retry, onclick: () => load({ focus: true }) }))], { focus });
}

/** Also for a closed survey: then the store's name is unknown, and the text says "us". */
function showUnsubscribe({ focus = false } = {}) {
  const alert = h('p', { class: 'alert', role: 'alert', 'data-testid': 'error', hidden: true });
  const button = h('button', { type: 'button', class: 'button button-primary', 'data-testid': 'unsubscribe-button', text: T.unsubscribeButton });
  button.addEventListener('click', () => unsubscribe(button, alert));
  show([h('section', { class: 'message', 'data-testid': 'unsubscribe' },
    badge('mail', 'neutral'), heading(T.unsubscribeTitle), h('p', { text: T.unsubscribeBody(survey?.storeName) }), alert,
    h('div', { class: 'actions' }, button,
      survey && h('a', { class: 'button button-quiet', href: location.pathname, text: T.backToSurvey })))], { focus });
}

async function unsubscribe(button, alert) {
  alert.hidden = true;
  const result = await whileBusy(button, T.wait, () => call('POST', `${API}/unsubscribe`));
  if (!result) return;
  if (result.status === 200) return showUnsubscribed();
  if (result.status === 404) return showNotFound({ focus: true });
  alert.textContent = result.status === 0 ? T.unsubscribeFailed : T.serverFailed;
  alert.hidden = false;
}

function showUnsubscribed() {
  show([message({ testid: 'unsubscribed', icon: 'check', tone: 'success', title: T.unsubscribedTitle, body: T.unsubscribedBody })], { focus: true });
}

// ---------------------------------------------------------------- start

async function load({ focus = false } = {}) {
  showLoading();
  const { status, data } = await call('GET', API);
  if (status === 404) return showNotFound({ focus });
  if (status === 410) return UNSUBSCRIBING ? showUnsubscribe({ focus }) : showExpired({ focus });
  if (status !== 200 || !data) return showLoadError(status, { focus });
  survey = data;
  setLocale(survey.locale);
  showMasthead();
  if (UNSUBSCRIBING) showUnsubscribe({ focus });
  else if (survey.answered) showThanks({ focus });
  else showForm({ focus });
}

setLocale(browserLocale());
load();
