/*
 * Helpdesk chat widget for storefronts. Embed with one tag:
 *
 *   <script src="https://HELPDESK/widget/widget.js" data-key="PUBLIC_KEY" async></script>
 *
 * Optional attributes: data-locale (en, da, de, nb, lv); for a logged-in customer
 * data-customer-id, data-customer-email and data-signature (lowercase hex HMAC-SHA256 of the
 * customer id under the storefront's secret), so their chats from any device reach the team as
 * one known customer.
 *
 * The only global it defines is window.HelpdeskWidget = { open(), close(), setContact({ name?, email? }) }.
 * setContact fills in what the shopper would otherwise type in the chat: the email address is
 * taken as theirs for priority only; seeing their orders takes a one-time code mailed to it.
 */
(() => {
  "use strict";
  if (window.HelpdeskWidget) return; // embedded twice

  // An async script has no document.currentScript, so fall back to finding our tag by its path.
  const script = document.currentScript ||
    Array.from(document.querySelectorAll("script[src]")).find((s) => /\/widget\/widget\.js([?#]|$)/.test(s.src));
  const KEY = script && script.dataset.key;
  if (!KEY) {
    console.warn("Helpdesk widget: the script tag needs a data-key attribute.");
    return;
  }
  const BASE = new URL("..", script.src).href.replace(/\/$/, "");
  // The live preview on the admins' settings page (/widget/preview.html): the real widget, open, with sample
  // messages, in the look being edited; it talks to nobody.
  const PREVIEW = "preview" in script.dataset && new URL(BASE).origin === location.origin;
  const IDENTITY = script.dataset.customerId && script.dataset.signature
    ? { customerId: script.dataset.customerId, email: script.dataset.customerEmail || undefined, signature: script.dataset.signature }
    : undefined;

  // ---------------------------------------------------------------- strings

  // Reply times sit inside a sentence, so each language gives the case that sentence needs
  // (German dative, Latvian genitive): [singular, plural] for minutes, hours, days.
  const STRINGS = {
    en: {
      units: [["minute", "minutes"], ["hour", "hours"], ["day", "days"]],
      title: "Chat with us",
      open: "Open chat",
      close: "Close chat",
      unread: (n) => (n === 1 ? "1 unread message" : `${n} unread messages`),
      replyIn: (d) => `We usually reply in ${d}`,
      away: "We're away right now",
      awayTitle: "Our team is away right now",
      awayBody: (d) => `We usually reply within ${d}. Leave your email and we'll answer you there.`,
      email: "Your email address",
      emailSave: "Notify me",
      emailThanks: (e) => `Thanks! We'll answer you at ${e}.`,
      emailInvalid: "Please enter a valid email address.",
      welcome: "Hi there! How can we help you today?",
      placeholder: "Write a message…",
      send: "Send message",
      connecting: "Connecting…",
      reconnecting: "Reconnecting…",
      cantReach: (s) => `Can't reach us — retrying in ${s} s`,
      retryNow: "Retry",
      previewQuestion: "Do you ship to Norway?",
      previewAnswer: "Yes! Orders reach Norway in 2–4 working days.",
      offline: "You're offline. Your messages will be sent when you're back online.",
      notConnected: "You're not connected right now. Please try again in a moment.",
      unavailable: "The chat is not available right now. Please try again later.",
      sending: "Sending…",
      failed: "Not sent",
      retry: "Retry",
      seen: "Seen",
      typing: (name) => `${name} is typing`,
      typingTeam: "Our team is typing",
      resolved: "This conversation has been resolved. Write to us again any time if you need more help.",
      you: "You",
      autoReply: "Automatic reply",
      surveyRate: "Rate your order",
      surveyUnsubscribe: "Unsubscribe from surveys",
      ratingQuestion: "How did we do?",
      ratingScore: (n) => `${n} of 5`,
      ratingLow: "Poor",
      ratingHigh: "Excellent",
      ratingThanks: "Thank you for your rating!",
      ratingComment: "Anything you'd like to add? (optional)",
      ratingSend: "Send",
      ratingDone: "Thank you for your feedback!",
      ratingYours: (n) => `You rated us ${n} of 5.`,
      ratingClosed: "This survey has closed.",
      ratingFailed: "Your rating was not saved. Please try again.",
      openLabel: "Open",
      closedLabel: "Closed",
      backAt: (w) => `Back ${w}`,
      closedTitle: (w) => (w ? `We're closed right now — back ${w}` : "We're closed right now"),
      closedBody: "Send us your message anyway: we'll reply as soon as we're back. Leave your email and we'll answer you there too.",
      verifyEntry: "Verify your email to see your orders",
      ordersEntry: "Your orders",
      verifyTitle: "Verify your email",
      verifyIntro: "We'll email you a 6-digit code. Enter it here to see your orders in the chat.",
      verifyAskedTitle: "Please verify your email",
      verifyAskedBody: "Before we talk about your orders, we need to know it's really you. We'll email you a code.",
      verifyStart: "Verify my email",
      sendCode: "Send code",
      codeSent: (e) => `We've sent a 6-digit code to ${e}. It's valid for 10 minutes. Can't find it? Look in your spam folder.`,
      codeLabel: "Code from the email",
      verify: "Verify",
      checking: "Checking…",
      resend: "Send a new code",
      resent: "A new code is on its way.",
      changeEmail: "Use a different email",
      back: "Back to the chat",
      codeWrong: "That code isn't right, or it has expired. Check the email, or send a new code.",
      codeFormat: "Enter the 6 digits from the email.",
      tooManyTries: (w) => `Too many wrong codes. ${w ? `You can try again ${w}.` : "Please try again later."}`,
      tooManyCodes: (w) => `Too many codes were asked for. ${w ? `You can ask again ${w}.` : "Please try again later."}`,
      noMailbox: "We can't send codes right now. Ask us in the chat instead.",
      verified: "Thanks, your email is verified.",
      ordersLoading: "Loading your orders…",
      ordersFailed: "Your orders could not be loaded.",
      noOrders: "No orders yet",
      noOrdersBody: "Orders you place with your verified email will show up here.",
      order: (n) => `Order ${n}`,
      items: "Items",
      askAbout: "Ask about this order",
      askAboutBody: (n) => `Question about order ${n}`,
      track: "Track parcel",
      trackWith: (c) => `Track with ${c}`,
      aboutOrder: (n) => `About order ${n}`,
      statuses: { pending: "Pending", paid: "Paid", fulfilled: "Shipped", delivered: "Delivered", cancelled: "Cancelled", refunded: "Refunded" },
      when: {
        today: (time) => `today at ${time}`,
        tomorrow: (time) => `tomorrow at ${time}`,
        weekday: (day, time) => `${day} at ${time}`,
        date: (date, time) => `${date} at ${time}`,
      },
    },
    da: {
      units: [["minut", "minutter"], ["time", "timer"], ["dag", "dage"]],
      title: "Chat med os",
      open: "Åbn chat",
      close: "Luk chat",
      unread: (n) => (n === 1 ? "1 ulæst besked" : `${n} ulæste beskeder`),
      replyIn: (d) => `Vi svarer normalt inden for ${d}`,
      away: "Vi er ikke online lige nu",
      awayTitle: "Vores team er ikke online lige nu",
      awayBody: (d) => `Vi svarer normalt inden for ${d}. Skriv din e-mailadresse, så svarer vi dig dér.`,
      email: "Din e-mailadresse",
      emailSave: "Giv mig besked",
      emailThanks: (e) => `Tak! Vi svarer dig på ${e}.`,
      emailInvalid: "Skriv en gyldig e-mailadresse.",
      welcome: "Hej! Hvordan kan vi hjælpe dig i dag?",
      placeholder: "Skriv en besked…",
      send: "Send besked",
      connecting: "Forbinder…",
      reconnecting: "Genopretter forbindelsen…",
      cantReach: (s) => `Vi kan ikke få forbindelse – prøver igen om ${s} s`,
      retryNow: "Prøv nu",
      previewQuestion: "Sender I til Norge?",
      previewAnswer: "Ja! Ordrer når frem til Norge på 2–4 hverdage.",
      offline: "Du er offline. Dine beskeder bliver sendt, så snart du er online igen.",
      notConnected: "Du har ikke forbindelse lige nu. Prøv igen om et øjeblik.",
      unavailable: "Chatten er ikke tilgængelig lige nu. Prøv igen senere.",
      sending: "Sender…",
      failed: "Ikke sendt",
      retry: "Prøv igen",
      seen: "Set",
      typing: (name) => `${name} skriver`,
      typingTeam: "Vores team skriver",
      resolved: "Samtalen er afsluttet. Skriv endelig igen, hvis du har brug for mere hjælp.",
      you: "Dig",
      autoReply: "Automatisk svar",
      surveyRate: "Bedøm din ordre",
      surveyUnsubscribe: "Afmeld undersøgelser",
      ratingQuestion: "Hvordan klarede vi det?",
      ratingScore: (n) => `${n} ud af 5`,
      ratingLow: "Dårligt",
      ratingHigh: "Fremragende",
      ratingThanks: "Tak for din bedømmelse!",
      ratingComment: "Er der andet, du vil fortælle os? (valgfrit)",
      ratingSend: "Send",
      ratingDone: "Tak for din feedback!",
      ratingYours: (n) => `Du gav os ${n} ud af 5.`,
      ratingClosed: "Denne undersøgelse er lukket.",
      ratingFailed: "Din bedømmelse blev ikke gemt. Prøv igen.",
      openLabel: "Åbent",
      closedLabel: "Lukket",
      backAt: (w) => `Tilbage ${w}`,
      closedTitle: (w) => (w ? `Vi har lukket lige nu – vi er tilbage ${w}` : "Vi har lukket lige nu"),
      closedBody: "Skriv bare til os alligevel – vi svarer, så snart vi er tilbage. Skriv din e-mailadresse, så svarer vi dig også dér.",
      verifyEntry: "Bekræft din e-mail for at se dine ordrer",
      ordersEntry: "Dine ordrer",
      verifyTitle: "Bekræft din e-mail",
      verifyIntro: "Vi sender dig en kode på 6 cifre. Indtast den her for at se dine ordrer i chatten.",
      verifyAskedTitle: "Bekræft venligst din e-mail",
      verifyAskedBody: "Før vi taler om dine ordrer, skal vi vide, at det er dig. Vi sender dig en kode på e-mail.",
      verifyStart: "Bekræft min e-mail",
      sendCode: "Send kode",
      codeSent: (e) => `Vi har sendt en kode på 6 cifre til ${e}. Den gælder i 10 minutter. Kan du ikke finde den? Kig i din spam-mappe.`,
      codeLabel: "Koden fra e-mailen",
      verify: "Bekræft",
      checking: "Tjekker…",
      resend: "Send en ny kode",
      resent: "En ny kode er på vej.",
      changeEmail: "Brug en anden e-mail",
      back: "Tilbage til chatten",
      codeWrong: "Koden er forkert eller udløbet. Tjek e-mailen, eller send en ny kode.",
      codeFormat: "Indtast de 6 cifre fra e-mailen.",
      tooManyTries: (w) => `For mange forkerte koder. ${w ? `Du kan prøve igen ${w}.` : "Prøv igen senere."}`,
      tooManyCodes: (w) => `Der er bedt om for mange koder. ${w ? `Du kan bede om en ny ${w}.` : "Prøv igen senere."}`,
      noMailbox: "Vi kan ikke sende koder lige nu. Spørg os i chatten i stedet.",
      verified: "Tak, din e-mail er bekræftet.",
      ordersLoading: "Henter dine ordrer…",
      ordersFailed: "Dine ordrer kunne ikke hentes.",
      noOrders: "Ingen ordrer endnu",
      noOrdersBody: "Ordrer, du afgiver med din bekræftede e-mail, bliver vist her.",
      order: (n) => `Ordre ${n}`,
      items: "Varer",
      askAbout: "Spørg om denne ordre",
      askAboutBody: (n) => `Spørgsmål om ordre ${n}`,
      track: "Følg pakken",
      trackWith: (c) => `Følg pakken hos ${c}`,
      aboutOrder: (n) => `Om ordre ${n}`,
      statuses: { pending: "Afventer", paid: "Betalt", fulfilled: "Afsendt", delivered: "Leveret", cancelled: "Annulleret", refunded: "Refunderet" },
      when: {
        today: (time) => `i dag kl. ${time}`,
        tomorrow: (time) => `i morgen kl. ${time}`,
        weekday: (day, time) => `${day} kl. ${time}`,
        date: (date, time) => `${date} kl. ${time}`,
      },
    },
    de: {
      units: [["Minute", "Minuten"], ["Stunde", "Stunden"], ["Tag", "Tagen"]],
      title: "Chatten Sie mit uns",
      open: "Chat öffnen",
      close: "Chat schließen",
      unread: (n) => (n === 1 ? "1 ungelesene Nachricht" : `${n} ungelesene Nachrichten`),
      replyIn: (d) => `Wir antworten meist innerhalb von ${d}`,
      away: "Wir sind gerade nicht erreichbar",
      awayTitle: "Unser Team ist gerade nicht erreichbar",
      awayBody: (d) => `Wir antworten in der Regel innerhalb von ${d}. Hinterlassen Sie Ihre E-Mail-Adresse, dann antworten wir Ihnen dort.`,
      email: "Ihre E-Mail-Adresse",
      emailSave: "Benachrichtigen",
      emailThanks: (e) => `Vielen Dank! Wir antworten Ihnen an ${e}.`,
      emailInvalid: "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
      welcome: "Hallo! Wie können wir Ihnen helfen?",
      placeholder: "Nachricht schreiben…",
      send: "Nachricht senden",
      connecting: "Verbindung wird hergestellt…",
      reconnecting: "Verbindung wird wiederhergestellt…",
      cantReach: (s) => `Keine Verbindung zu uns – neuer Versuch in ${s} s`,
      retryNow: "Jetzt versuchen",
      previewQuestion: "Liefern Sie nach Norwegen?",
      previewAnswer: "Ja! Bestellungen sind in 2–4 Werktagen in Norwegen.",
      offline: "Sie sind offline. Ihre Nachrichten werden gesendet, sobald Sie wieder online sind.",
      notConnected: "Gerade besteht keine Verbindung. Bitte versuchen Sie es gleich noch einmal.",
      unavailable: "Der Chat ist gerade nicht verfügbar. Bitte versuchen Sie es später noch einmal.",
      sending: "Wird gesendet…",
      failed: "Nicht gesendet",
      retry: "Erneut senden",
      seen: "Gelesen",
      typing: (name) => `${name} schreibt`,
      typingTeam: "Unser Team schreibt",
      resolved: "Dieses Gespräch wurde abgeschlossen. Schreiben Sie uns jederzeit gern wieder, wenn Sie noch Fragen haben.",
      you: "Sie",
      autoReply: "Automatische Antwort",
      surveyRate: "Bestellung bewerten",
      surveyUnsubscribe: "Umfragen abbestellen",
      ratingQuestion: "Wie gut konnten wir Ihnen helfen?",
      ratingScore: (n) => `${n} von 5`,
      ratingLow: "Schlecht",
      ratingHigh: "Ausgezeichnet",
      ratingThanks: "Danke für Ihre Bewertung!",
      ratingComment: "Möchten Sie noch etwas ergänzen? (optional)",
      ratingSend: "Senden",
      ratingDone: "Danke für Ihr Feedback!",
      ratingYours: (n) => `Sie haben uns mit ${n} von 5 bewertet.`,
      ratingClosed: "Diese Umfrage ist geschlossen.",
      ratingFailed: "Ihre Bewertung wurde nicht gespeichert. Bitte versuchen Sie es erneut.",
      openLabel: "Geöffnet",
      closedLabel: "Geschlossen",
      backAt: (w) => `${w.charAt(0).toUpperCase()}${w.slice(1)} wieder da`,
      closedTitle: (w) => (w ? `Wir haben gerade geschlossen – ${w} sind wir wieder da` : "Wir haben gerade geschlossen"),
      closedBody: "Schreiben Sie uns trotzdem: Wir antworten, sobald wir wieder da sind. Hinterlassen Sie Ihre E-Mail-Adresse, dann antworten wir Ihnen auch dort.",
      verifyEntry: "E-Mail bestätigen und Bestellungen sehen",
      ordersEntry: "Ihre Bestellungen",
      verifyTitle: "E-Mail-Adresse bestätigen",
      verifyIntro: "Wir senden Ihnen einen 6-stelligen Code per E-Mail. Geben Sie ihn hier ein, um Ihre Bestellungen im Chat zu sehen.",
      verifyAskedTitle: "Bitte bestätigen Sie Ihre E-Mail-Adresse",
      verifyAskedBody: "Bevor wir über Ihre Bestellungen sprechen, müssen wir wissen, dass Sie es wirklich sind. Wir senden Ihnen einen Code per E-Mail.",
      verifyStart: "E-Mail-Adresse bestätigen",
      sendCode: "Code senden",
      codeSent: (e) => `Wir haben einen 6-stelligen Code an ${e} gesendet. Er ist 10 Minuten gültig. Nicht gefunden? Sehen Sie im Spam-Ordner nach.`,
      codeLabel: "Code aus der E-Mail",
      verify: "Bestätigen",
      checking: "Wird geprüft…",
      resend: "Neuen Code senden",
      resent: "Ein neuer Code ist unterwegs.",
      changeEmail: "Andere E-Mail-Adresse verwenden",
      back: "Zurück zum Chat",
      codeWrong: "Dieser Code stimmt nicht oder ist abgelaufen. Prüfen Sie die E-Mail oder fordern Sie einen neuen Code an.",
      codeFormat: "Geben Sie die 6 Ziffern aus der E-Mail ein.",
      tooManyTries: (w) => `Zu viele falsche Codes. ${w ? `Sie können es ${w} erneut versuchen.` : "Bitte versuchen Sie es später noch einmal."}`,
      tooManyCodes: (w) => `Es wurden zu viele Codes angefordert. ${w ? `Sie können ${w} einen neuen anfordern.` : "Bitte versuchen Sie es später noch einmal."}`,
      noMailbox: "Wir können gerade keine Codes senden. Fragen Sie uns stattdessen im Chat.",
      verified: "Danke, Ihre E-Mail-Adresse ist bestätigt.",
      ordersLoading: "Ihre Bestellungen werden geladen…",
      ordersFailed: "Ihre Bestellungen konnten nicht geladen werden.",
      noOrders: "Noch keine Bestellungen",
      noOrdersBody: "Bestellungen mit Ihrer bestätigten E-Mail-Adresse erscheinen hier.",
      order: (n) => `Bestellung ${n}`,
      items: "Artikel",
      askAbout: "Frage zu dieser Bestellung",
      askAboutBody: (n) => `Frage zu Bestellung ${n}`,
      track: "Sendung verfolgen",
      trackWith: (c) => `Sendung bei ${c} verfolgen`,
      aboutOrder: (n) => `Zu Bestellung ${n}`,
      statuses: { pending: "Ausstehend", paid: "Bezahlt", fulfilled: "Versandt", delivered: "Zugestellt", cancelled: "Storniert", refunded: "Erstattet" },
      when: {
        today: (time) => `heute um ${time} Uhr`,
        tomorrow: (time) => `morgen um ${time} Uhr`,
        weekday: (day, time) => `am ${day} um ${time} Uhr`,
        date: (date, time) => `am ${date}, um ${time} Uhr`,
      },
    },
    nb: {
      units: [["minutt", "minutter"], ["time", "timer"], ["dag", "dager"]],
      title: "Chat med oss",
      open: "Åpne chat",
      close: "Lukk chat",
      unread: (n) => (n === 1 ? "1 ulest melding" : `${n} uleste meldinger`),
      replyIn: (d) => `Vi svarer vanligvis innen ${d}`,
      away: "Vi er ikke tilgjengelige akkurat nå",
      awayTitle: "Teamet vårt er ikke tilgjengelig akkurat nå",
      awayBody: (d) => `Vi svarer vanligvis innen ${d}. Legg igjen e-postadressen din, så svarer vi deg der.`,
      email: "E-postadressen din",
      emailSave: "Gi meg beskjed",
      emailThanks: (e) => `Takk! Vi svarer deg på ${e}.`,
      emailInvalid: "Skriv inn en gyldig e-postadresse.",
      welcome: "Hei! Hva kan vi hjelpe deg med i dag?",
      placeholder: "Skriv en melding…",
      send: "Send melding",
      connecting: "Kobler til…",
      reconnecting: "Kobler til på nytt…",
      cantReach: (s) => `Får ikke kontakt med oss – prøver igjen om ${s} s`,
      retryNow: "Prøv nå",
      previewQuestion: "Sender dere til Sverige?",
      previewAnswer: "Ja! Bestillinger kommer fram til Sverige på 2–4 virkedager.",
      offline: "Du er frakoblet. Meldingene dine blir sendt når du er på nett igjen.",
      notConnected: "Du er ikke tilkoblet akkurat nå. Prøv igjen om et øyeblikk.",
      unavailable: "Chatten er ikke tilgjengelig akkurat nå. Prøv igjen senere.",
      sending: "Sender…",
      failed: "Ikke sendt",
      retry: "Prøv igjen",
      seen: "Sett",
      typing: (name) => `${name} skriver`,
      typingTeam: "Teamet vårt skriver",
      resolved: "Samtalen er avsluttet. Bare skriv til oss igjen hvis du trenger mer hjelp.",
      you: "Du",
      autoReply: "Automatisk svar",
      surveyRate: "Vurder bestillingen",
      surveyUnsubscribe: "Meld av undersøkelser",
      ratingQuestion: "Hvordan gjorde vi det?",
      ratingScore: (n) => `${n} av 5`,
      ratingLow: "Dårlig",
      ratingHigh: "Utmerket",
      ratingThanks: "Takk for vurderingen!",
      ratingComment: "Er det noe mer du vil fortelle oss? (valgfritt)",
      ratingSend: "Send",
      ratingDone: "Takk for tilbakemeldingen!",
      ratingYours: (n) => `Du ga oss ${n} av 5.`,
      ratingClosed: "Denne undersøkelsen er stengt.",
      ratingFailed: "Vurderingen ble ikke lagret. Prøv igjen.",
      openLabel: "Åpent",
      closedLabel: "Stengt",
      backAt: (w) => `Tilbake ${w}`,
      closedTitle: (w) => (w ? `Vi har stengt akkurat nå – vi er tilbake ${w}` : "Vi har stengt akkurat nå"),
      closedBody: "Skriv til oss likevel – vi svarer så snart vi er tilbake. Legg igjen e-postadressen din, så svarer vi deg der også.",
      verifyEntry: "Bekreft e-posten din for å se bestillingene dine",
      ordersEntry: "Bestillingene dine",
      verifyTitle: "Bekreft e-postadressen din",
      verifyIntro: "Vi sender deg en kode på 6 sifre på e-post. Skriv den inn her for å se bestillingene dine i chatten.",
      verifyAskedTitle: "Bekreft e-postadressen din",
      verifyAskedBody: "Før vi snakker om bestillingene dine, må vi vite at det er deg. Vi sender deg en kode på e-post.",
      verifyStart: "Bekreft e-posten min",
      sendCode: "Send kode",
      codeSent: (e) => `Vi har sendt en kode på 6 sifre til ${e}. Den gjelder i 10 minutter. Finner du den ikke? Se i søppelpostmappen.`,
      codeLabel: "Koden fra e-posten",
      verify: "Bekreft",
      checking: "Sjekker…",
      resend: "Send en ny kode",
      resent: "En ny kode er på vei.",
      changeEmail: "Bruk en annen e-postadresse",
      back: "Tilbake til chatten",
      codeWrong: "Koden er feil eller utløpt. Sjekk e-posten, eller send en ny kode.",
      codeFormat: "Skriv inn de 6 sifrene fra e-posten.",
      tooManyTries: (w) => `For mange feil koder. ${w ? `Du kan prøve igjen ${w}.` : "Prøv igjen senere."}`,
      tooManyCodes: (w) => `Det er bedt om for mange koder. ${w ? `Du kan be om en ny ${w}.` : "Prøv igjen senere."}`,
      noMailbox: "Vi kan ikke sende koder akkurat nå. Spør oss i chatten i stedet.",
      verified: "Takk, e-postadressen din er bekreftet.",
      ordersLoading: "Henter bestillingene dine…",
      ordersFailed: "Bestillingene dine kunne ikke hentes.",
      noOrders: "Ingen bestillinger ennå",
      noOrdersBody: "Bestillinger du gjør med den bekreftede e-postadressen din, vises her.",
      order: (n) => `Bestilling ${n}`,
      items: "Varer",
      askAbout: "Spør om denne bestillingen",
      askAboutBody: (n) => `Spørsmål om bestilling ${n}`,
      track: "Spor pakken",
      trackWith: (c) => `Spor pakken hos ${c}`,
      aboutOrder: (n) => `Om bestilling ${n}`,
      statuses: { pending: "Venter", paid: "Betalt", fulfilled: "Sendt", delivered: "Levert", cancelled: "Kansellert", refunded: "Refundert" },
      when: {
        today: (time) => `i dag kl. ${time}`,
        tomorrow: (time) => `i morgen kl. ${time}`,
        weekday: (day, time) => `${day} kl. ${time}`,
        date: (date, time) => `${date} kl. ${time}`,
      },
    },
    lv: {
      units: [["minūtes", "minūšu"], ["stundas", "stundu"], ["dienas", "dienu"]],
      one: (n) => n % 10 === 1 && n % 100 !== 11,
      title: "Tērzējiet ar mums",
      open: "Atvērt tērzēšanu",
      close: "Aizvērt tērzēšanu",
      unread: (n) => (n % 10 === 1 && n % 100 !== 11 ? `${n} nelasīta ziņa` : `${n} nelasītas ziņas`),
      replyIn: (d) => `Parasti atbildam ${d} laikā`,
      away: "Pašlaik neesam tiešsaistē",
      awayTitle: "Mūsu komanda pašlaik nav tiešsaistē",
      awayBody: (d) => `Parasti atbildam ${d} laikā. Atstājiet savu e-pasta adresi, un mēs jums atbildēsim pa e-pastu.`,
      email: "Jūsu e-pasta adrese",
      emailSave: "Paziņot man",
      emailThanks: (e) => `Paldies! Atbildi nosūtīsim uz ${e}.`,
      emailInvalid: "Lūdzu, ievadiet derīgu e-pasta adresi.",
      welcome: "Sveiki! Kā varam jums palīdzēt?",
      placeholder: "Rakstiet ziņu…",
      send: "Sūtīt ziņu",
      connecting: "Notiek savienošana…",
      reconnecting: "Atjauno savienojumu…",
      cantReach: (s) => `Nevaram sasniegt serveri — mēģināsim vēlreiz pēc ${s} s`,
      retryNow: "Mēģināt tagad",
      previewQuestion: "Vai sūtāt uz Norvēģiju?",
      previewAnswer: "Jā! Pasūtījumi Norvēģijā nonāk 2–4 darba dienās.",
      offline: "Jūs esat bezsaistē. Ziņas tiks nosūtītas, tiklīdz atkal būsiet tiešsaistē.",
      notConnected: "Pašlaik nav savienojuma. Lūdzu, pēc brīža mēģiniet vēlreiz.",
      unavailable: "Tērzēšana pašlaik nav pieejama. Lūdzu, mēģiniet vēlāk.",
      sending: "Notiek sūtīšana…",
      failed: "Nav nosūtīta",
      retry: "Mēģināt vēlreiz",
      seen: "Izlasīta",
      typing: (name) => `${name} raksta`,
      typingTeam: "Mūsu komanda raksta",
      resolved: "Šī saruna ir noslēgta. Ja jums vēl vajadzīga palīdzība, rakstiet mums jebkurā laikā.",
      you: "Jūs",
      autoReply: "Automātiska atbilde",
      surveyRate: "Novērtēt pasūtījumu",
      surveyUnsubscribe: "Atteikties no aptaujām",
      ratingQuestion: "Kā mums veicās?",
      ratingScore: (n) => `${n} no 5`,
      ratingLow: "Slikti",
      ratingHigh: "Izcili",
      ratingThanks: "Paldies par novērtējumu!",
      ratingComment: "Vai vēlaties ko piebilst? (nav obligāti)",
      ratingSend: "Sūtīt",
      ratingDone: "Paldies par atsauksmi!",
      ratingYours: (n) => `Jūs mūs novērtējāt ar ${n} no 5.`,
      ratingClosed: "Šī aptauja ir slēgta.",
      ratingFailed: "Novērtējums netika saglabāts. Lūdzu, mēģiniet vēlreiz.",
      openLabel: "Atvērts",
      closedLabel: "Slēgts",
      backAt: (w) => `Atsāksim darbu ${w}`,
      closedTitle: (w) => (w ? `Pašlaik nestrādājam — atsāksim darbu ${w}` : "Pašlaik nestrādājam"),
      closedBody: "Rakstiet mums tik un tā — atbildēsim, tiklīdz atsāksim darbu. Atstājiet savu e-pasta adresi, un mēs atbildēsim arī pa e-pastu.",
      // Weekdays and months stand in the locative ("on Monday", "in January"), which Intl does not give.
      weekdays: ["svētdien", "pirmdien", "otrdien", "trešdien", "ceturtdien", "piektdien", "sestdien"],
      months: ["janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā", "septembrī", "oktobrī", "novembrī", "decembrī"],
      verifyEntry: "Apstipriniet e-pastu, lai redzētu savus pasūtījumus",
      ordersEntry: "Jūsu pasūtījumi",
      verifyTitle: "Apstipriniet savu e-pasta adresi",
      verifyIntro: "Mēs jums nosūtīsim 6 ciparu kodu pa e-pastu. Ievadiet to šeit, lai tērzēšanā redzētu savus pasūtījumus.",
      verifyAskedTitle: "Lūdzu, apstipriniet savu e-pasta adresi",
      verifyAskedBody: "Pirms runājam par jūsu pasūtījumiem, mums jāpārliecinās, ka tas tiešām esat jūs. Mēs jums nosūtīsim kodu pa e-pastu.",
      verifyStart: "Apstiprināt e-pastu",
      sendCode: "Sūtīt kodu",
      codeSent: (e) => `Mēs nosūtījām 6 ciparu kodu uz ${e}. Tas ir derīgs 10 minūtes. Nevarat atrast? Ieskatieties surogātpasta mapē.`,
      codeLabel: "Kods no e-pasta",
      verify: "Apstiprināt",
      checking: "Notiek pārbaude…",
      resend: "Sūtīt jaunu kodu",
      resent: "Jauns kods ir ceļā.",
      changeEmail: "Izmantot citu e-pasta adresi",
      back: "Atpakaļ uz tērzēšanu",
      codeWrong: "Kods nav pareizs, vai arī tam beidzies derīgums. Pārbaudiet e-pastu vai pieprasiet jaunu kodu.",
      codeFormat: "Ievadiet 6 ciparus no e-pasta.",
      tooManyTries: (w) => `Pārāk daudz nepareizu kodu. ${w ? `Varēsiet mēģināt vēlreiz ${w}.` : "Lūdzu, mēģiniet vēlāk."}`,
      tooManyCodes: (w) => `Pieprasīts pārāk daudz kodu. ${w ? `Jaunu varēsiet pieprasīt ${w}.` : "Lūdzu, mēģiniet vēlāk."}`,
      noMailbox: "Pašlaik nevaram nosūtīt kodus. Lūdzu, jautājiet mums tērzēšanā.",
      verified: "Paldies, jūsu e-pasta adrese ir apstiprināta.",
      ordersLoading: "Ielādē jūsu pasūtījumus…",
      ordersFailed: "Neizdevās ielādēt jūsu pasūtījumus.",
      noOrders: "Pasūtījumu vēl nav",
      noOrdersBody: "Šeit būs redzami pasūtījumi, ko veiksiet ar savu apstiprināto e-pasta adresi.",
      order: (n) => `Pasūtījums ${n}`,
      items: "Preces",
      askAbout: "Jautāt par šo pasūtījumu",
      askAboutBody: (n) => `Jautājums par pasūtījumu ${n}`,
      track: "Izsekot sūtījumu",
      trackWith: (c) => `Izsekot sūtījumu: ${c}`,
      aboutOrder: (n) => `Par pasūtījumu ${n}`,
      statuses: { pending: "Gaida apstrādi", paid: "Apmaksāts", fulfilled: "Nosūtīts", delivered: "Piegādāts", cancelled: "Atcelts", refunded: "Atmaksāts" },
      when: {
        today: (time) => `šodien plkst. ${time}`,
        tomorrow: (time) => `rīt plkst. ${time}`,
        weekday: (day, time) => `${day} plkst. ${time}`,
        date: (date, time) => `${date}, plkst. ${time}`,
      },
    },
  };

  // The shop may pin a language with data-locale; otherwise the shopper's own browser preferences
  // decide, best first. A page's lang only says what the shop wrote the page in, so it is used only
  // when the browser asks for none of the languages we speak.
  const LOCALE = (() => {
    const spoken = (tag) => {
      const wanted = String(tag || "").toLowerCase().split(/[-_]/)[0];
      const code = ["no", "nn"].includes(wanted) ? "nb" : wanted;
      return STRINGS[code] ? code : null;
    };
    const browser = [...(navigator.languages || []), navigator.language];
    return spoken(script.dataset.locale) || browser.map(spoken).find(Boolean) || spoken(document.documentElement.lang) || "en";
  })();
  const T = STRINGS[LOCALE];

  function duration(minutes) {
    const [n, unit] = minutes < 60 ? [Math.max(1, Math.round(minutes)), 0]
      : minutes < 48 * 60 ? [Math.round(minutes / 60), 1]
      : [Math.round(minutes / (24 * 60)), 2];
    const one = T.one ? T.one(n) : n === 1;
    return `${n} ${T.units[unit][one ? 0 : 1]}`;
  }

  // Dates and times follow the shopper's own regional variant of the widget's language when the
  // browser names one (en-GB writes 09:00, en-US 9:00 AM), always in the browser's own time zone.
  const FORMAT_LOCALE = (() => {
    const bases = LOCALE === "nb" ? ["nb", "no"] : [LOCALE];
    const own = [...(navigator.languages || []), navigator.language]
      .find((tag) => tag && bases.includes(tag.toLowerCase().split(/[-_]/)[0]));
    try {
      // Without an English variant of their own, a shopper on a European shop's English page reads 09:00.
      return (own && Intl.DateTimeFormat.supportedLocalesOf(own)[0]) || (LOCALE === "en" ? "en-GB" : LOCALE);
    } catch {
      return LOCALE;
    }
  })();
  const timeFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, { hour: "numeric", minute: "2-digit" });
  const dateTimeFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, { day: "numeric", month: "short", hour: "numeric", minute: "2-digit" });
  const fullFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, { dateStyle: "full", timeStyle: "short" });
  // An opening time reads "09:00" on a 24-hour clock; a 12-hour clock keeps "9:00 AM".
  const clockFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, {
    hour: new Intl.DateTimeFormat(FORMAT_LOCALE, { hour: "numeric" }).resolvedOptions().hour12 ? "numeric" : "2-digit",
    minute: "2-digit",
  });
  const weekdayFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, { weekday: "long" });
  const dayDateFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, { weekday: "long", day: "numeric", month: "long" });

  const DAY_MS = 24 * 60 * 60 * 1000;
  const startOfDay = (d) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

  // When the shop opens again, as the shopper would say it: "tomorrow at 09:00", "Monday at
  // 09:00", and with the date once it is more than six days away.
  function reopening(iso) {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return "";
    const days = Math.round((startOfDay(at) - startOfDay(new Date())) / DAY_MS);
    const time = clockFormat.format(at);
    if (days <= 0) return T.when.today(time);
    if (days === 1) return T.when.tomorrow(time);
    if (T.weekdays) {
      const day = T.weekdays[at.getDay()];
      return days <= 6 ? T.when.weekday(day, time) : T.when.date(`${day}, ${at.getDate()}. ${T.months[at.getMonth()]}`, time);
    }
    return days <= 6 ? T.when.weekday(weekdayFormat.format(at), time) : T.when.date(dayDateFormat.format(at), time);
  }

  function browserTimeZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
    } catch {
      return undefined;
    }
  }

  // ---------------------------------------------------------------- storage

  // Per data-key, so two shops on one domain keep apart. Storage may be blocked (private
  // modes, strict cookie settings): the chat then still works for the life of the page.
  const store = {
    get(name) {
      try { return JSON.parse(localStorage.getItem(`helpdesk:${KEY}:${name}`)); } catch { return null; }
    },
    set(name, value) {
      try {
        if (value == null) localStorage.removeItem(`helpdesk:${KEY}:${name}`);
        else localStorage.setItem(`helpdesk:${KEY}:${name}`, JSON.stringify(value));
      } catch { /* see above */ }
    },
  };

  // ---------------------------------------------------------------- state

  const state = {
    token: store.get("token"),
    customerId: store.get("customer"),
    session: null,
    messages: [], // acked by id, then the unacknowledged in the order they were written
    byId: new Map(),
    pending: new Map(), // clientMessageId → message not yet acknowledged
    seq: 0,
    agentReadUpTo: 0,
    resolved: false,
    seen: store.get("seen") || 0, // highest agent message the shopper has had in front of them
    markedUpTo: 0,
    open: false,
    agentsOnline: null,
    expectedMinutes: 0,
    hours: null, // { open, nextOpenAt, nextCloseAt } from the server, null until the first session
    hoursChangeAt: 0, // when to ask again: just after the shop opens or closes
    phase: "idle", // idle, connecting, connected, reconnecting, unavailable
    everConnected: false,
    verified: false, // proven by the store's sign-in or a mailed code: may see their own orders
    canVerify: false, // the shop can mail codes
    verificationRequested: false, // an agent asked the shopper to verify
    codeEmail: null, // where the last code went, while the shopper types it in
    contact: null, // what the shop's page filled in (HelpdeskWidget.setContact), until it is sent
    view: "chat", // chat, verify, orders
    orders: null, // null until loaded, then the list
  };

  for (const m of store.get("outbox") || []) addPending(m);

  function addPending({ clientMessageId, body, orderNumber, createdAt, status, error }) {
    const m = { clientMessageId, body, orderNumber, createdAt, status, error, sender: "customer", seq: ++state.seq };
    state.messages.push(m);
    state.pending.set(clientMessageId, m);
    return m;
  }

  function saveOutbox() {
    store.set("outbox", [...state.pending.values()].map(({ clientMessageId, body, orderNumber, createdAt, status, error }) =>
      ({ clientMessageId, body, orderNumber, createdAt, status, error })));
  }

  const lastId = () => state.messages.reduce((max, m) => Math.max(max, m.id || 0), 0);
  const lastAgentId = () => state.messages.reduce((max, m) => (m.sender === "agent" ? Math.max(max, m.id) : max), 0);
  const unreadCount = () => state.messages.filter((m) => m.sender === "agent" && m.id > state.seen).length;

  // Merges messages from the server, from history, acks and live events alike: a message we
  // already have is skipped, and the shopper's own echo replaces its optimistic copy.
  function merge(list) {
    for (const s of list) {
      if (state.byId.has(s.id)) continue;
      let m = s.sender === "customer" && s.clientMessageId && state.pending.get(s.clientMessageId);
      if (m) state.pending.delete(s.clientMessageId);
      else state.messages.push(m = { seq: ++state.seq });
      Object.assign(m, {
        id: s.id, clientMessageId: s.clientMessageId, sender: s.sender, authorName: s.authorName,
        body: s.body, orderNumber: s.orderNumber || null, createdAt: s.createdAt, status: "sent", error: null,
      });
      state.byId.set(s.id, m);
      if (s.sender === "agent") setAgentTyping(false);
    }
    state.messages.sort((a, b) => (a.id && b.id ? a.id - b.id : a.id ? -1 : b.id ? 1 : a.seq - b.seq));
    saveOutbox();
    render();
    markRead();
  }

  // A different customer in this browser (someone else signed in) must not see the last
  // one's chat, nor send their unsent messages.
  function forgetConversation() {
    state.messages = [];
    state.byId.clear();
    state.pending.clear();
    state.seen = state.agentReadUpTo = state.markedUpTo = 0;
    store.set("seen", null);
    saveOutbox();
    ui && ui.list.replaceChildren();
  }

  // ---------------------------------------------------------------- connection

  let signalR = null;
  let conn = null;
  let connecting = false;
  let retryTimer = 0;
  let retries = 0;
  let nextTryAt = 0; // when the next try is due, while the shopper is shown the wait
  let sendQueue = Promise.resolve();

  class Unavailable extends Error {}

  const connected = () => conn && conn.state === "Connected";

  // A refusal by the server comes back as the text of its HubException; anything else means
  // the connection failed, and the call is repeated once it is back.
  function refusal(error) {
    const match = /HubException: ([\s\S]*)$/.exec(String(error && error.message));
    return match ? match[1] : null;
  }

  function loadSignalR() {
    if (window.signalR && window.signalR.HubConnectionBuilder) return Promise.resolve(window.signalR);
    const url = `${BASE}/lib/signalr/signalr.isolated.js`;
    return new Promise((resolve, reject) => {
      // The library is a UMD bundle: under an AMD loader (RequireJS in Magento and others) it
      // registers as a module instead of a global, so ask the loader for it.
      if (typeof window.define === "function" && window.define.amd && typeof window.require === "function") {
        window.require([url], resolve, reject);
        return;
      }
      const tag = document.createElement("script");
      tag.src = url;
      tag.async = true;
      tag.onload = () => {
        const lib = window.signalR;
        delete window.signalR; // we promise the page no globals beyond HelpdeskWidget
        lib ? resolve(lib) : reject(new Error("SignalR did not load"));
      };
      tag.onerror = () => { tag.remove(); reject(new Error("SignalR did not load")); };
      document.head.appendChild(tag);
    });
  }

  // Where the shopper is, for the agent: each page load starts a session, so it follows them around the shop.
  // Only web addresses, without the fragment, and no longer than the server keeps.
  function whereTheShopperIs() {
    const web = (url) => /^https?:\/\//i.test(url || "") && url.length <= 2048 ? url.split("#")[0] : undefined;
    return {
      pageUrl: web(location.href), pageTitle: (document.title || "").trim().slice(0, 200) || undefined,
      referrer: web(document.referrer), screenWidth: Math.round(window.screen?.width) || undefined,
    };
  }

  async function openSession(withIdentity) {
    const response = await fetch(`${BASE}/api/widget/sessions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      credentials: "omit",
      body: JSON.stringify({
        publicKey: KEY, visitorToken: state.token || undefined, locale: LOCALE, timeZone: browserTimeZone(),
        identity: withIdentity ? IDENTITY : undefined, ...whereTheShopperIs(),
      }),
    });
    if (response.ok) return response.json();
    const problem = await response.json().catch(() => ({}));
    // A stale or wrong signature should not cost the shopper their chat: go on anonymously.
    if (withIdentity && IDENTITY && (response.status === 400 || response.status === 401)) {
      console.warn("Helpdesk widget: the customer identity was refused, chatting anonymously.", problem.title || "");
      return openSession(false);
    }
    if (response.status === 404 || response.status === 400) {
      throw new Unavailable(`Helpdesk widget: ${problem.title || response.status} (data-key "${KEY}")`);
    }
    throw new Error(`Session request failed with ${response.status}`); // rate limited or a server error: retried later
  }

  function applySession(s) {
    if (state.customerId != null && s.customerId !== state.customerId) forgetConversation();
    state.session = s;
    state.token = s.visitorToken;
    state.customerId = s.customerId;
    store.set("token", s.visitorToken);
    store.set("customer", s.customerId);
    if (s.email && ui && !ui.emailInput.value) ui.emailInput.value = s.email;
    if (s.email && ui && !ui.verifyEmail.value) ui.verifyEmail.value = s.email;
    state.verified = s.verified === true;
    state.canVerify = s.canVerify === true;
    state.verificationRequested = s.verificationRequested === true && !state.verified;
    renderVerification();
    setAvailability(s.agentsOnline, s.expectedReplyMinutes);
    setHours(s);
    // What the shopper saw before a reload: "Seen" and the resolved notice come back with the session.
    state.agentReadUpTo = Math.max(state.agentReadUpTo, s.agentReadUpToId || 0);
    setResolved(s.conversationStatus === "resolved");
  }

  // ---------------------------------------------------------------- business hours

  const HOURS_RECHECK_MS = 60 * 1000;
  const HOURS_LONGEST_WAIT_MS = 6 * 60 * 60 * 1000;
  let hoursTimer = 0;
  let hoursAskedAt = 0;

  function setHours({ openNow, nextOpenAt, nextCloseAt }) {
    state.hours = { open: openNow !== false, nextOpenAt: nextOpenAt || null, nextCloseAt: nextCloseAt || null };
    const change = Date.parse(state.hours.open ? state.hours.nextCloseAt : state.hours.nextOpenAt);
    // A few seconds late, and not every open tab in the same second.
    state.hoursChangeAt = Number.isFinite(change) ? change + 2000 + Math.random() * 8000 : 0;
    renderStatus();
    planHoursCheck();
  }

  // Asks again once the shop has opened or closed while the page stays open, and redraws at
  // midnight, when "tomorrow" becomes "today".
  function planHoursCheck() {
    clearTimeout(hoursTimer);
    const now = Date.now();
    const midnight = startOfDay(new Date(now + DAY_MS)) + 1000;
    const due = Math.min(state.hoursChangeAt || Infinity, midnight);
    hoursTimer = setTimeout(checkHours, Math.min(Math.max(due - now, 1000), HOURS_LONGEST_WAIT_MS));
  }

  function checkHours() {
    if (state.hoursChangeAt && Date.now() >= state.hoursChangeAt) refreshHours();
    else {
      renderStatus();
      planHoursCheck();
    }
  }

  async function refreshHours() {
    clearTimeout(hoursTimer);
    // A shopper's clock running ahead of the server's would otherwise ask again and again.
    const wait = hoursAskedAt + HOURS_RECHECK_MS - Date.now();
    if (wait > 0) {
      hoursTimer = setTimeout(refreshHours, wait);
      return;
    }
    hoursAskedAt = Date.now();
    try {
      applySession(await openSession(true));
    } catch (e) {
      if (e instanceof Unavailable) setPhase("unavailable");
      else hoursTimer = setTimeout(refreshHours, HOURS_RECHECK_MS);
    }
  }

  function setResolved(resolved) {
    state.resolved = resolved;
    if (ui) keepBottom(() => { ui.resolved.hidden = !resolved; });
  }

  // A shop whose Content-Security-Policy names the helpdesk in connect-src but not its ws(s):// address
  // blocks the WebSocket. Chromium then reports an error and never a close, and the SignalR client waits
  // for that close before it tries Server-Sent Events and long polling: so a socket that failed before it
  // opened is closed here, once, if the browser has not done it itself.
  let ClosingWebSocket = null;
  function closingWebSocket() {
    return ClosingWebSocket || (ClosingWebSocket = class extends WebSocket {
      constructor(url, protocols) {
        if (protocols === undefined) super(url);
        else super(url, protocols);
        let closed = false;
        this.addEventListener("close", () => { closed = true; });
        this.addEventListener("error", () => setTimeout(() => {
          if (!closed && this.readyState !== WebSocket.OPEN) this.dispatchEvent(new CloseEvent("close", { code: 1006, wasClean: false }));
        }, 500));
      }
    });
  }

  // Once this shop's policy has refused our WebSocket, later connections (and later pages, for a week) go
  // straight to the other transports rather than being refused, and reported, again.
  const WEBSOCKETS_REFUSED_FOR_MS = 7 * DAY_MS;
  let webSocketsRefused = Date.now() - (store.get("webSocketsRefusedAt") || 0) < WEBSOCKETS_REFUSED_FOR_MS;
  document.addEventListener("securitypolicyviolation", (e) => {
    const hub = new URL(`${BASE}/hubs/widget`);
    if (!/^wss?:/.test(e.blockedURI) || !e.blockedURI.includes(`//${hub.host}`)) return;
    webSocketsRefused = true;
    store.set("webSocketsRefusedAt", Date.now());
  });

  function newConnection() {
    const { HttpTransportType: T } = signalR;
    const c = new signalR.HubConnectionBuilder()
      .withUrl(`${BASE}/hubs/widget`, {
        accessTokenFactory: () => state.token, withCredentials: false,
        // In this order: what the shop's policy or proxy refuses is passed over for the next.
        transport: (webSocketsRefused ? 0 : T.WebSockets) | T.ServerSentEvents | T.LongPolling,
        WebSocket: typeof WebSocket === "function" ? closingWebSocket() : undefined,
      })
      .withAutomaticReconnect({
        // A few quick tries with jitter, so a restarted server is not hit by every shopper at once;
        // after them the shopper sees that we cannot be reached, when we try next, and can try now.
        // A rejected token will not be accepted on retry, so give up and start a new session.
        nextRetryDelayInMilliseconds: ({ previousRetryCount: n, retryReason }) =>
          n >= RECONNECT_DELAYS.length || isUnauthorized(retryReason) ? null : RECONNECT_DELAYS[n] * (0.8 + Math.random() * 0.4),
      })
      .configureLogging(signalR.LogLevel.Critical) // a shop's console is not ours to fill
      .build();
    c.on("MessageReceived", (m) => merge([m]));
    c.on("Typing", (e) => e.sender === "agent" && setAgentTyping(e.isTyping, e.name));
    c.on("Read", (e) => { state.agentReadUpTo = Math.max(state.agentReadUpTo, e.upToId); render(); });
    c.on("ConversationStatus", (e) => setResolved(e.status === "resolved"));
    c.on("VerificationRequested", () => {
      if (state.verified) return;
      state.verificationRequested = true;
      renderVerification();
    });
    c.on("Availability", (e) => {
      setAvailability(e.agentsOnline, e.expectedReplyMinutes);
      if (typeof e.openNow === "boolean") setHours(e);
    });
    c.onreconnecting(() => setPhase("reconnecting"));
    c.onreconnected(() => { setPhase("connected"); synchronise(); });
    c.onclose(() => {
      if (conn !== c) return;
      conn = null;
      setPhase("reconnecting");
      retryLater();
    });
    return c;
  }

  const RECONNECT_DELAYS = [0, 2000, 5000];
  // Once the quick tries are spent: the waits between tries, the last one repeating.
  const RETRY_DELAYS = [2000, 10000, 10000, 20000, 30000, 60000];
  // A start that neither succeeds nor fails (a proxy that holds the request) is given up after this.
  const START_TIMEOUT_MS = 30000;

  const isUnauthorized = (e) => e && (e.statusCode === 401 || /Status code '401'/.test(e.message));

  async function connect() {
    if (PREVIEW || connecting || conn || state.phase === "unavailable") return;
    connecting = true;
    clearTimeout(retryTimer);
    setPhase(state.everConnected ? "reconnecting" : "connecting");
    try {
      if (!lookLoaded) loadLook();
      signalR = signalR || await loadSignalR();
      if (!state.session) applySession(await openSession(true));
      const c = newConnection();
      try {
        await startWithin(c, START_TIMEOUT_MS);
      } catch (e) {
        if (isUnauthorized(e)) {
          // The token expired or its keys were rotated: this browser becomes a new visitor.
          state.token = state.session = null;
          store.set("token", null);
          retries = 0;
        }
        throw e;
      }
      conn = c;
      retries = 0;
      state.everConnected = true;
      setPhase("connected");
      synchronise();
    } catch (e) {
      if (e instanceof Unavailable) {
        console.warn(e.message);
        setPhase("unavailable");
      } else {
        retryLater();
      }
    } finally {
      connecting = false;
    }
  }

  function startWithin(c, ms) {
    let timer = 0;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => {
        c.stop().catch(() => {});
        reject(new Error("The connection did not start in time"));
      }, ms);
    });
    return Promise.race([c.start(), late]).finally(() => clearTimeout(timer));
  }

  // The first try again comes soon and quietly; after that the shopper is told when, and may try now.
  function retryLater() {
    clearTimeout(retryTimer);
    const n = retries++;
    const delay = RETRY_DELAYS[Math.min(n, RETRY_DELAYS.length - 1)] * (0.8 + Math.random() * 0.4);
    nextTryAt = n === 0 ? 0 : Date.now() + delay;
    setPhase(n === 0 ? (state.everConnected ? "reconnecting" : "connecting") : "waiting");
    retryTimer = setTimeout(connect, delay);
  }

  function retryNow() {
    clearTimeout(retryTimer);
    connect();
  }

  // After (re)connecting: fetch what was missed, then resend what never got through, in order.
  async function synchronise() {
    const c = conn;
    try {
      for (let page; (page = await c.invoke("GetMessages", lastId())).length;) merge(page);
    } catch {
      return; // dropped again; the next reconnect repeats this
    }
    for (const m of state.pending.values()) if (m.status === "sending") deliver(m);
    markRead();
    sendContact();
  }

  function deliver(m) {
    sendQueue = sendQueue.then(async () => {
      if (m.status !== "sending" || !connected()) return; // goes out after the next (re)connect
      try {
        const input = { clientMessageId: m.clientMessageId, body: m.body };
        if (m.orderNumber) input.orderNumber = m.orderNumber;
        merge([await conn.invoke("SendMessage", input)]);
      } catch (e) {
        const reason = refusal(e);
        if (!reason) return; // the connection dropped mid-send: still pending, resent with the same id
        Object.assign(m, { status: "failed", error: reason });
        saveOutbox();
        render();
        showError(reason);
      }
    });
  }

  // Fire-and-forget signals; losing one while disconnected is harmless.
  function signal(method, ...args) {
    if (connected()) conn.send(method, ...args).catch(() => {});
  }

  function markRead() {
    if (!state.open || document.visibilityState !== "visible") return;
    const last = lastAgentId();
    if (last > state.seen) store.set("seen", state.seen = last);
    renderBadge();
    if (last > state.markedUpTo && connected()) {
      state.markedUpTo = last;
      signal("MarkRead", last);
    }
  }

  // ---------------------------------------------------------------- shopper typing

  let typingSentAt = 0;
  let typingIdle = 0;

  function shopperTyped() {
    if (!ui.input.value.trim()) return stopTyping();
    if (Date.now() - typingSentAt > 2000) {
      typingSentAt = Date.now();
      signal("Typing", true);
    }
    clearTimeout(typingIdle);
    typingIdle = setTimeout(stopTyping, 3000);
  }

  function stopTyping() {
    clearTimeout(typingIdle);
    if (!typingSentAt) return;
    typingSentAt = 0;
    signal("Typing", false);
  }

  // ---------------------------------------------------------------- actions

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID(); // secure contexts only
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const x = Array.from(b, (v) => v.toString(16).padStart(2, "0")).join("");
    return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
  }

  function submit() {
    const body = ui.input.value.trim();
    if (!body) return;
    ui.input.value = "";
    composerChanged();
    stopTyping();
    write(body);
  }

  function write(body, orderNumber) {
    setResolved(false);
    const m = addPending({ clientMessageId: uuid(), body, orderNumber, createdAt: new Date().toISOString(), status: "sending" });
    saveOutbox();
    render({ toBottom: true });
    deliver(m);
    connect();
  }

  function retry(m) {
    Object.assign(m, { status: "sending", error: null });
    saveOutbox();
    render();
    deliver(m);
  }

  async function saveEmail(event) {
    event.preventDefault();
    const input = ui.emailInput;
    const email = input.value.trim();
    if (!email || !input.checkValidity()) return emailProblem(T.emailInvalid);
    if (!connected()) return emailProblem(T.notConnected);
    ui.emailSave.disabled = true;
    try {
      await conn.invoke("UpdateContact", { email });
      ui.emailForm.hidden = true;
      ui.emailThanks.textContent = T.emailThanks(email);
      ui.emailThanks.hidden = false;
    } catch (e) {
      emailProblem(refusal(e) || T.notConnected);
    } finally {
      ui.emailSave.disabled = false;
    }
  }

  function emailProblem(text) {
    ui.emailError.textContent = text;
    ui.emailError.hidden = false;
    ui.emailInput.setAttribute("aria-invalid", "true");
    ui.emailInput.focus();
  }

  // ---------------------------------------------------------------- contact filled in by the shop's page

  // Same as the shopper typing it in the widget: a claim that files the chat under its owner for
  // priority, never a proof, so it shows the shopper nothing.
  function setContact(contact) {
    const name = contact && typeof contact.name === "string" ? contact.name.trim() : "";
    const email = contact && typeof contact.email === "string" ? contact.email.trim() : "";
    if (!name && !email) return;
    state.contact = { name: name || undefined, email: email || undefined };
    if (ui && email) {
      ui.emailInput.value = email;
      ui.verifyEmail.value = email;
    }
    if (connected()) sendContact();
    else connect();
  }

  async function sendContact() {
    const contact = state.contact;
    if (!contact || !connected()) return;
    try {
      await conn.invoke("UpdateContact", contact);
      if (state.contact === contact) state.contact = null;
      if (state.session && contact.email) state.session.email = contact.email;
      if (ui && contact.email) {
        ui.emailForm.hidden = true;
        ui.emailThanks.textContent = T.emailThanks(contact.email);
        ui.emailThanks.hidden = false;
      }
    } catch (e) {
      const reason = refusal(e);
      if (reason) {
        state.contact = null;
        console.warn("Helpdesk widget: the contact was refused.", reason);
      } // else dropped: sent again after the next (re)connect
    }
  }

  // ---------------------------------------------------------------- verification and orders

  class Refused extends Error {
    constructor(response) {
      super(`Request failed with ${response.status}`);
      this.status = response.status;
      this.response = response;
    }
  }

  // The widget's own REST calls, as this visitor; a refusal comes back as Refused.
  async function api(method, path, body) {
    if (!state.token) throw new Error("No session yet");
    const response = await fetch(`${BASE}${path}`, {
      method,
      credentials: "omit",
      headers: body ? { authorization: `Bearer ${state.token}`, "content-type": "application/json" } : { authorization: `Bearer ${state.token}` },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!response.ok) throw new Refused(response);
    return response.status === 200 ? response.json() : null;
  }

  // When a refused request may be tried again, as the shopper would say it ("today at 14:32"),
  // rounded up to the minute so that trying at the time shown works.
  function retryAt(response) {
    const seconds = Number.parseInt(response.headers.get("Retry-After") || "", 10);
    if (!Number.isFinite(seconds) || seconds <= 0) return "";
    const at = Math.ceil((Date.now() + seconds * 1000) / 60000) * 60000;
    return reopening(new Date(at).toISOString());
  }

  function problem(el, input, text) {
    el.textContent = text;
    el.hidden = false;
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }

  function clearProblem(el, input) {
    el.hidden = true;
    if (input) input.removeAttribute("aria-invalid");
  }

  function busy(button, on, text) {
    button.disabled = on;
    if (on) {
      button.dataset.label = button.textContent;
      button.textContent = text;
    } else if (button.dataset.label) {
      button.textContent = button.dataset.label;
    }
  }

  async function requestCode(email) {
    try {
      await api("POST", "/api/widget/verification", { email });
      return null;
    } catch (e) {
      if (!(e instanceof Refused)) return T.notConnected;
      if (e.status === 400) return T.emailInvalid;
      if (e.status === 429) return T.tooManyCodes(retryAt(e.response));
      if (e.status === 409) return T.noMailbox;
      return T.notConnected;
    }
  }

  async function sendCode(event) {
    event.preventDefault();
    const input = ui.verifyEmail;
    const email = input.value.trim();
    clearProblem(ui.verifyEmailError, input);
    if (!email || !input.checkValidity()) return problem(ui.verifyEmailError, input, T.emailInvalid);
    busy(ui.sendCode, true, T.sending);
    const failure = await requestCode(email);
    busy(ui.sendCode, false);
    if (failure) return problem(ui.verifyEmailError, input, failure);
    state.codeEmail = email;
    showCodeStep("");
  }

  async function resendCode() {
    clearProblem(ui.codeError, ui.codeInput);
    ui.codeStatus.textContent = "";
    ui.resend.disabled = true;
    const failure = await requestCode(state.codeEmail);
    ui.resend.disabled = false;
    if (failure) return problem(ui.codeError, ui.codeInput, failure);
    ui.codeInput.value = "";
    showCodeStep(T.resent);
  }

  function showCodeStep(status) {
    ui.emailStep.hidden = true;
    ui.codeStep.hidden = false;
    ui.codeSent.textContent = T.codeSent(state.codeEmail);
    ui.codeStatus.textContent = status;
    ui.codeInput.focus();
  }

  function showEmailStep() {
    ui.codeStep.hidden = true;
    ui.emailStep.hidden = false;
    clearProblem(ui.codeError, ui.codeInput);
    ui.verifyEmail.focus();
  }

  async function confirmCode(event) {
    event.preventDefault();
    const input = ui.codeInput;
    const code = input.value.replace(/\s+/g, "");
    clearProblem(ui.codeError, input);
    ui.codeStatus.textContent = "";
    if (!/^[0-9]{6}$/.test(code)) return problem(ui.codeError, input, T.codeFormat);
    busy(ui.verify, true, T.checking);
    try {
      const proof = await api("POST", "/api/widget/verification/confirm", { code });
      // The visitor is now the customer who owns the address: remember that one, so the next
      // session is not taken for someone else signing in on this browser.
      state.customerId = proof.customerId;
      store.set("customer", proof.customerId);
      if (state.session) Object.assign(state.session, { customerId: proof.customerId, verified: true, verificationRequested: false });
      state.verified = true;
      state.verificationRequested = false;
      state.codeEmail = null;
      input.value = "";
      renderVerification();
      openView("orders", { announce: T.verified });
    } catch (e) {
      const text = !(e instanceof Refused) ? T.notConnected
        : e.status === 400 ? T.codeWrong
        : e.status === 429 ? T.tooManyTries(retryAt(e.response))
        : T.notConnected;
      problem(ui.codeError, input, text);
    } finally {
      busy(ui.verify, false);
    }
  }

  async function loadOrders() {
    state.orders = null;
    renderOrders();
    try {
      state.orders = await api("GET", "/api/widget/orders");
    } catch (e) {
      if (e instanceof Refused && e.status === 403) {
        // No longer proven (a new visitor on this browser): back to asking for a code.
        state.verified = false;
        renderVerification();
        if (state.view === "orders") openView(state.canVerify ? "verify" : "chat");
        return;
      }
      state.orders = "failed";
    }
    renderOrders();
  }

  const orderLabel = (number) => (String(number).startsWith("#") ? String(number) : `#${number}`);

  function askAbout(order) {
    openView("chat");
    write(T.askAboutBody(orderLabel(order.number)), order.number);
  }

  // Only web addresses become links: a tracking URL comes from the shop's order feed.
  function safeUrl(address) {
    try {
      const url = new URL(address);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch {
      return null;
    }
  }

  const orderDateFormat = new Intl.DateTimeFormat(FORMAT_LOCALE, { dateStyle: "medium" });

  function money(amount, currency) {
    try {
      return new Intl.NumberFormat(FORMAT_LOCALE, { style: "currency", currency }).format(amount);
    } catch {
      return `${amount} ${currency}`;
    }
  }

  function setOpen(open, { focus = true } = {}) {
    if (!ui || state.open === open) return;
    state.open = open;
    try { sessionStorage.setItem(`helpdesk:${KEY}:open`, open ? "1" : ""); } catch { /* blocked storage */ }
    ui.panel.hidden = !open;
    ui.host.toggleAttribute("data-open", open);
    ui.launcher.setAttribute("aria-expanded", String(open));
    renderBadge();
    if (open) {
      connect();
      ui.scroll.scrollTop = ui.scroll.scrollHeight;
      markRead();
      // On phones the keyboard would cover the conversation the shopper came back to read.
      if (focus && !matchMedia("(pointer: coarse)").matches) ui.input.focus();
    } else {
      stopTyping();
    }
  }

  // ---------------------------------------------------------------- rendering

  let ui = null;
  let agentTypingTimer = 0;
  let errorTimer = 0;

  let countdownTimer = 0;

  // Messages written meanwhile wait in the outbox and go out once connected, so the composer stays usable.
  function setPhase(phase) {
    state.phase = phase;
    clearTimeout(countdownTimer);
    if (!ui) return;
    const waiting = phase === "waiting" && navigator.onLine;
    ui.reconnecting.hidden = !["connecting", "reconnecting", "waiting"].includes(phase);
    ui.retryNow.hidden = !waiting;
    if (waiting) {
      const seconds = Math.max(1, Math.ceil((nextTryAt - Date.now()) / 1000));
      // Screen readers hear the sentence once; the seconds tick only on screen.
      if (ui.reconnectingText.hidden) ui.reconnectingSaid.textContent = T.cantReach(seconds);
      ui.reconnectingText.textContent = T.cantReach(seconds);
      countdownTimer = setTimeout(() => state.phase === "waiting" && setPhase("waiting"), 1000);
    } else {
      ui.reconnectingSaid.textContent = !navigator.onLine ? T.offline : phase === "connecting" ? T.connecting : T.reconnecting;
      ui.reconnectingText.textContent = "";
    }
    ui.reconnectingText.hidden = !waiting;
    ui.reconnectingSaid.classList.toggle("sr-only", waiting);
    ui.input.disabled = phase === "unavailable";
    composerChanged();
    renderStatus();
  }

  function setAvailability(online, minutes) {
    state.agentsOnline = online;
    state.expectedMinutes = minutes;
    renderStatus();
  }

  // Closed by the shop's hours comes first; while open, whether anyone is there to answer.
  function availability() {
    const { phase, agentsOnline, hours } = state;
    if (phase === "unavailable") return "unavailable";
    if (hours && !hours.open) return "closed";
    return agentsOnline === true ? "open" : agentsOnline === false ? "away" : "";
  }

  function renderStatus() {
    if (!ui) return;
    const mode = availability();
    const back = mode === "closed" && state.hours.nextOpenAt ? reopening(state.hours.nextOpenAt) : "";
    const label = mode === "open" ? T.openLabel : mode === "closed" ? T.closedLabel : "";
    const text = mode === "unavailable" ? T.unavailable
      : mode === "closed" ? (back && T.backAt(back))
      : mode === "open" ? T.replyIn(duration(state.expectedMinutes))
      : mode === "away" ? T.away : "";
    ui.hours.dataset.state = mode;
    ui.hoursLabel.textContent = label;
    ui.hoursLabel.hidden = !label;
    ui.hoursSeparator.hidden = !label || !text;
    ui.status.textContent = text;
    ui.statusDot.dataset.online = String(mode === "open");
    keepBottom(() => {
      ui.away.hidden = mode !== "closed" && mode !== "away";
      ui.away.dataset.reason = mode;
      ui.awayTitle.textContent = mode === "closed" ? T.closedTitle(back) : T.awayTitle;
      ui.awayBody.textContent = mode === "closed" ? T.closedBody : T.awayBody(duration(state.expectedMinutes));
    });
  }

  // The entry above the composer, and the card in the thread once an agent has asked.
  function renderVerification() {
    if (!ui) return;
    const canAsk = state.canVerify && !state.verified;
    ui.verifyEntry.hidden = !canAsk || state.verificationRequested;
    ui.ordersEntry.hidden = !state.verified;
    ui.tools.hidden = ui.verifyEntry.hidden && ui.ordersEntry.hidden;
    keepBottom(() => { ui.verifyCard.hidden = !(canAsk && state.verificationRequested); });
    if (state.view === "verify" && !canAsk) openView(state.verified ? "orders" : "chat");
    if (state.view === "orders" && !state.verified) openView("chat");
  }

  // The thread, or a page over it (verification, orders) with a way back.
  function openView(view, { announce = "" } = {}) {
    const from = state.view;
    state.view = view;
    ui.panel.dataset.view = view;
    ui.verifyPane.hidden = view !== "verify";
    ui.ordersPane.hidden = view !== "orders";
    ui.sheetTitle.textContent = view === "verify" ? T.verifyTitle : T.ordersEntry;
    ui.sheetStatus.textContent = announce;
    ui.sheetStatus.hidden = !announce;
    if (view === "verify") {
      if (state.codeEmail) showCodeStep("");
      else {
        ui.codeStep.hidden = true;
        ui.emailStep.hidden = false;
        if (!ui.verifyEmail.value && state.session && state.session.email) ui.verifyEmail.value = state.session.email;
        ui.verifyEmail.focus();
      }
    } else if (view === "orders") {
      ui.sheetTitle.focus();
      loadOrders();
    } else {
      ui.scroll.scrollTop = ui.scroll.scrollHeight;
      if (from !== "chat") {
        const entry = !ui.ordersEntry.hidden ? ui.ordersEntry : !ui.verifyEntry.hidden ? ui.verifyEntry : null;
        // On phones the keyboard would cover the thread the shopper returns to.
        if (!matchMedia("(pointer: coarse)").matches) ui.input.focus();
        else if (entry) entry.focus();
      }
    }
  }

  function renderOrders() {
    const orders = state.orders;
    ui.ordersLoading.hidden = orders !== null;
    ui.ordersFailed.hidden = orders !== "failed";
    const list = Array.isArray(orders) ? orders : [];
    ui.ordersEmpty.hidden = !Array.isArray(orders) || list.length > 0;
    ui.ordersList.replaceChildren(...list.map(renderOrder));
  }

  function renderOrder(order) {
    const label = orderLabel(order.number);
    const placed = new Date(order.placedAt);
    const status = String(order.status || "");
    const titleId = `hd-order-${label.replace(/[^A-Za-z0-9_-]/g, "")}`;
    const tracking = (order.tracking || []).map((t) => {
      const href = t.url && safeUrl(t.url);
      const text = t.company ? T.trackWith(t.company) : T.track;
      const number = t.number ? h("span", { class: "tracking-number", text: t.number }) : "";
      return h("li", {},
        href ? h("a", { href, target: "_blank", rel: "noopener noreferrer", "data-testid": "hd-order-tracking", text }) : h("span", { text: t.company || T.track }),
        number);
    });
    return h("li", { class: "order", "data-testid": "hd-order", "data-number": order.number, "aria-labelledby": titleId },
      h("div", { class: "order-head" },
        h("h4", { id: titleId, text: T.order(label) }),
        h("span", { class: "order-status", "data-status": status, "data-testid": "hd-order-status", text: T.statuses[status] || status })),
      h("p", { class: "order-meta" },
        Number.isNaN(placed.getTime()) ? "" : h("time", { datetime: order.placedAt, text: orderDateFormat.format(placed) }),
        h("span", { "aria-hidden": "true", text: " · " }),
        h("strong", { "data-testid": "hd-order-total", text: money(order.total, order.currency) })),
      h("ul", { class: "order-lines", "aria-label": T.items },
        ...(order.lines || []).map((l) => h("li", { text: `${l.quantity} × ${l.name}` }))),
      tracking.length ? h("ul", { class: "order-tracking" }, ...tracking) : "",
      h("button", { type: "button", class: "ask", "data-testid": "hd-order-ask", onclick: () => askAbout(order), text: T.askAbout }));
  }

  function setAgentTyping(typing, name) {
    clearTimeout(agentTypingTimer);
    if (!ui) return;
    if (typing) {
      const last = [...state.messages].reverse().find((m) => m.sender === "agent" && m.authorName);
      const who = name || (last && last.authorName);
      ui.typingText.textContent = who ? T.typing(who) : T.typingTeam;
      // A lost "stopped typing" must not leave the dots running for ever.
      agentTypingTimer = setTimeout(() => setAgentTyping(false), 8000);
    }
    keepBottom(() => { ui.typing.hidden = !typing; });
  }

  function showError(text) {
    clearTimeout(errorTimer);
    ui.error.textContent = text;
    ui.error.hidden = false;
    errorTimer = setTimeout(() => { ui.error.hidden = true; }, 8000);
  }

  function renderBadge() {
    if (!ui) return;
    const count = state.open ? 0 : unreadCount();
    ui.badge.textContent = count > 9 ? "9+" : String(count);
    ui.badge.hidden = count === 0;
    const label = state.open ? T.close : T.open;
    ui.launcher.setAttribute("aria-label", count ? `${label}, ${T.unread(count)}` : label);
  }

  const nearBottom = () => ui.scroll.scrollHeight - ui.scroll.scrollTop - ui.scroll.clientHeight < 80;

  // Whoever is reading the latest messages keeps seeing them as things appear below.
  function keepBottom(change) {
    const follow = nearBottom();
    change();
    if (follow) ui.scroll.scrollTop = ui.scroll.scrollHeight;
  }

  function render({ toBottom = false } = {}) {
    if (!ui) return;
    const follow = toBottom || nearBottom();
    const seenId = [...state.messages].reverse().find((m) => m.sender === "customer" && m.id);
    const list = ui.list;
    let cursor = list.firstChild;
    state.messages.forEach((m, i) => {
      const prev = state.messages[i - 1];
      const next = state.messages[i + 1];
      renderMessage(m, prev, next, m === seenId && m.id <= state.agentReadUpTo);
      if (m.el === cursor) cursor = cursor.nextSibling;
      else list.insertBefore(m.el, cursor);
    });
    renderBadge();
    if (follow) ui.scroll.scrollTop = ui.scroll.scrollHeight;
  }

  const FIVE_MINUTES = 5 * 60 * 1000;
  const sameGroup = (a, b) => a && b && a.sender === b.sender && a.authorName === b.authorName &&
    Math.abs(new Date(b.createdAt) - new Date(a.createdAt)) < FIVE_MINUTES;

  // Parts are only touched when they change, so the live region announces new messages and
  // nothing else.
  function renderMessage(m, prev, next, seen) {
    if (!m.el) {
      m.authorEl = h("div", { class: "author", hidden: true });
      m.bodyEl = h("div", { class: "body", "data-testid": "hd-message-body" });
      m.metaEl = h("div", { class: "meta", hidden: true });
      m.chipEl = h("span", { class: "order-chip", "data-testid": "hd-message-order", hidden: true });
      const you = m.sender === "customer" ? h("span", { class: "sr-only", text: `${T.you}:` }) : "";
      m.el = h("div", { class: "msg", "data-testid": "hd-message", "data-sender": m.sender }, m.authorEl, you, m.chipEl, m.bodyEl, m.metaEl);
    }
    if (m.renderedOrder !== (m.orderNumber || null)) {
      m.renderedOrder = m.orderNumber || null;
      m.chipEl.replaceChildren(...(m.orderNumber
        ? [icon(ICONS.box), h("span", { class: "sr-only", text: T.aboutOrder(orderLabel(m.orderNumber)) }),
          h("span", { "aria-hidden": "true", text: orderLabel(m.orderNumber) })]
        : []));
      m.chipEl.hidden = !m.orderNumber;
    }
    const el = m.el;
    el.dataset.status = m.status;
    if (m.id) el.dataset.id = String(m.id);
    el.classList.toggle("first", !sameGroup(prev, m));
    if (m.renderedBody !== m.body) {
      m.bodyEl.replaceChildren(...linkify(m.body, m.sender === "auto"));
      m.renderedBody = m.body;
      const token = m.sender === "auto" ? surveyToken(m.body) : null;
      if (token) attachRating(m, token);
    }
    m.authorEl.hidden = (m.sender !== "agent" && m.sender !== "auto") || sameGroup(prev, m);
    // An automatic reply says so, so nobody mistakes it for a person who is there right now.
    if (m.sender === "auto") {
      if (!m.authorEl.firstChild) m.authorEl.replaceChildren(icon(ICONS.clock), h("span", { "data-testid": "hd-auto-label", text: T.autoReply }));
    } else {
      m.authorEl.textContent = m.authorName || "";
    }

    const notice = m.sender === "system";
    const showTime = m.status === "sent" && !notice && (!sameGroup(m, next) || seen);
    const metaKey = `${m.status}:${showTime}:${seen}`;
    if (m.metaKey === metaKey) return;
    m.metaKey = metaKey;
    const meta = [];
    if (m.status === "sending") meta.push(h("span", { text: T.sending }));
    if (m.status === "failed") {
      meta.push(h("span", { class: "failed", title: m.error, text: T.failed }),
        h("button", { type: "button", class: "retry", text: T.retry, onclick: () => retry(m) }));
    }
    if (showTime) {
      const at = new Date(m.createdAt);
      const today = at.toDateString() === new Date().toDateString();
      meta.push(h("time", {
        datetime: m.createdAt, title: fullFormat.format(at),
        text: (today ? timeFormat : dateTimeFormat).format(at),
      }));
    }
    if (seen) meta.push(h("span", { class: "seen", text: T.seen }));
    m.metaEl.replaceChildren(...meta);
    m.metaEl.hidden = meta.length === 0;
  }

  // Web addresses become links; everything else stays text, so a message can never inject markup.
  function linkify(text, fromHelpdesk) {
    const parts = [];
    let at = 0;
    for (const match of text.matchAll(/\bhttps?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]]/gi)) {
      parts.push(text.slice(at, match.index));
      parts.push(h("a", { href: match[0], target: "_blank", rel: "noopener noreferrer nofollow", ...linkText(match[0], fromHelpdesk) }));
      at = match.index + match[0].length;
    }
    parts.push(text.slice(at));
    return parts.filter((p) => p !== "");
  }

  // In the helpdesk's own survey invitation, the survey's links read as what they do rather than as a
  // long address; anywhere else an address is shown as it is, so no link can pass for ours.
  function linkText(address, fromHelpdesk) {
    let url = null;
    try {
      url = new URL(address);
    } catch {
      // Not an address a browser can parse: shown as typed.
    }
    if (!fromHelpdesk || !url || url.origin !== new URL(BASE).origin || !/^\/survey\/[A-Za-z0-9_-]{20,}$/.test(url.pathname))
      return { text: address };
    return url.searchParams.has("unsubscribe")
      ? { text: T.surveyUnsubscribe, "data-testid": "hd-survey-unsubscribe" }
      : { text: T.surveyRate, class: "survey-link", "data-testid": "hd-survey-link" };
  }

  // The token of a survey link in an automatic message (not the unsubscribe link). The address may be
  // the helpdesk's public one rather than this script's: the token counts only if our own API knows it,
  // and the rating never follows the link.
  function surveyToken(text) {
    for (const match of text.matchAll(/\bhttps?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]]/gi)) {
      let url = null;
      try {
        url = new URL(match[0]);
      } catch {
        continue;
      }
      const token = /^\/survey\/([A-Za-z0-9_-]{20,})$/.exec(url.pathname)?.[1];
      if (token && !url.searchParams.has("unsubscribe")) return token;
    }
    return null;
  }

  // The survey by its token, as the survey page has it: the token is the key, no session needed.
  async function surveyCall(token, answer) {
    const response = await fetch(`${BASE}/api/surveys/${encodeURIComponent(token)}`, {
      method: answer ? "POST" : "GET",
      credentials: "omit",
      headers: answer ? { "content-type": "application/json" } : {},
      body: answer ? JSON.stringify(answer) : undefined,
    });
    if (!response.ok) throw new Refused(response);
    return response.json();
  }

  // A question after a resolution is answered right here: a tap from 1 to 5, then a comment if they
  // like. An order's invitation keeps its button to the survey page, which asks a little more.
  function attachRating(m, token) {
    if (m.ratingToken === token) return;
    m.ratingToken = token;
    m.ratingEl?.remove();
    const box = h("div", { class: "rating", "data-testid": "hd-rating", hidden: true });
    m.ratingEl = box;
    m.el.insertBefore(box, m.metaEl);
    surveyCall(token).then((survey) => {
      if (survey.kind !== "conversation") return;
      // The admins' words stay, without the link (and the colon that led to it): the rating takes its place,
      // and the unsubscribe link, which every invitation carries on a line of its own at the end, goes quietly under it.
      const links = [...m.body.matchAll(/\bhttps?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]]/gi)];
      const link = links.find((l) => surveyToken(l[0]) === token);
      const unsubscribe = links.find((l) => l !== link && /\/survey\/[A-Za-z0-9_-]{20,}\?unsubscribe=1$/.test(l[0]));
      const linkEnd = link.index + link[0].length;
      const before = m.body.slice(0, link.index).trim().replace(/\s*:$/, "");
      const after = m.body.slice(linkEnd, Math.max(linkEnd, unsubscribe ? m.body.lastIndexOf("\n", unsubscribe.index) : m.body.length))
        .trim().replace(/^[.,;:!?)\]]+\s*/, "");
      m.bodyEl.replaceChildren(...linkify([before, after].filter(Boolean).join("\n\n"), true));
      renderRating(box, token, survey, unsubscribe?.[0]);
      box.hidden = false;
    }, () => {
      // Closed or unknown: the link stays, and the survey page says why.
    });
  }

  function renderRating(box, token, survey, unsubscribeUrl) {
    const id = `hd-rating-${token.slice(0, 12)}`;
    // The message above asks the question; this names the buttons for screen readers.
    const question = h("p", { class: "sr-only", id: `${id}-q`, text: T.ratingQuestion });
    const leave = unsubscribeUrl && h("p", { class: "rating-unsubscribe" }, h("a", {
      href: unsubscribeUrl, target: "_blank", rel: "noopener noreferrer nofollow", "data-testid": "hd-survey-unsubscribe", text: T.surveyUnsubscribe,
    }));
    const buttons = [1, 2, 3, 4, 5].map((n) => h("button", {
      type: "button", class: "score", "data-testid": `hd-rating-${n}`, "aria-label": T.ratingScore(n), text: String(n),
      onclick: () => rate(n),
    }));
    const scores = h("div", { class: "scores", role: "group", "aria-labelledby": `${id}-q` }, ...buttons);
    const ends = h("p", { class: "rating-ends", "aria-hidden": "true" }, h("span", { text: T.ratingLow }), h("span", { text: T.ratingHigh }));
    const note = h("p", { class: "rating-note", role: "status", "data-testid": "hd-rating-note" });
    const comment = h("textarea", { id: `${id}-c`, rows: "3", maxlength: "2000", "data-testid": "hd-rating-comment" });
    const send = h("button", { type: "submit", class: "rating-send", "data-testid": "hd-rating-send", text: T.ratingSend });
    const form = h("form", { class: "rating-comment", hidden: true, onsubmit: (e) => { e.preventDefault(); addComment(); } },
      h("label", { for: `${id}-c`, text: T.ratingComment }), comment, send);
    box.replaceChildren(question, scores, ends, note, form, leave || "");

    function show() {
      buttons.forEach((b, i) => b.setAttribute("aria-pressed", String(survey.score === i + 1)));
      box.dataset.answered = String(Boolean(survey.answered));
    }
    function busy(on) {
      buttons.forEach((b) => { b.disabled = on; });
      send.disabled = on;
    }
    function refused(e) {
      note.textContent = e instanceof Refused && e.response.status === 410 ? T.ratingClosed : T.ratingFailed;
    }
    async function rate(n) {
      busy(true);
      try {
        survey = await surveyCall(token, { score: n, comment: survey.comment || undefined });
        show();
        note.textContent = T.ratingThanks;
        if (!survey.comment) {
          form.hidden = false;
          comment.focus();
        }
      } catch (e) {
        refused(e);
      } finally {
        busy(false);
      }
    }
    async function addComment() {
      const text = comment.value.trim();
      if (!text || !survey.score) return;
      busy(true);
      try {
        survey = await surveyCall(token, { score: survey.score, comment: text });
        form.hidden = true;
        note.textContent = T.ratingDone;
      } catch (e) {
        refused(e);
      } finally {
        busy(false);
      }
    }

    show();
    if (survey.answered) note.textContent = T.ratingYours(survey.score);
  }

  // Builds an element. Text goes in through textContent only.
  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (name === "text") el.textContent = value;
      else if (name.startsWith("on")) el.addEventListener(name.slice(2), value);
      else if (value === true) el.setAttribute(name, "");
      else if (value !== false && value != null) el.setAttribute(name, value);
    }
    el.append(...children);
    return el;
  }

  function icon(path) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const p = document.createElementNS("http://www.w3.org/2000/svg", "path");
    p.setAttribute("d", path);
    svg.append(p);
    return svg;
  }

  const ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-4.4 3.5A1 1 0 0 1 3 20.7V6a2 2 0 0 1 1-2Zm3 5.5a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5Zm5 0a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5Zm5 0a1.25 1.25 0 1 0 0 2.5 1.25 1.25 0 0 0 0-2.5Z",
    down: "M5.3 8.3a1 1 0 0 1 1.4 0L12 13.6l5.3-5.3a1 1 0 1 1 1.4 1.4l-6 6a1 1 0 0 1-1.4 0l-6-6a1 1 0 0 1 0-1.4Z",
    close: "M6.3 6.3a1 1 0 0 1 1.4 0L12 10.6l4.3-4.3a1 1 0 1 1 1.4 1.4L13.4 12l4.3 4.3a1 1 0 0 1-1.4 1.4L12 13.4l-4.3 4.3a1 1 0 0 1-1.4-1.4l4.3-4.3-4.3-4.3a1 1 0 0 1 0-1.4Z",
    clock: "M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20Zm0 2a8 8 0 1 0 0 16 8 8 0 0 0 0-16Zm1 3v4.6l3.2 1.9-1 1.7L11 12.7V7h2Z",
    box: "M12 2 3 6.5v11L12 22l9-4.5v-11L12 2Zm0 2.2 6.6 3.3L12 10.8 5.4 7.5 12 4.2ZM5 9.1l6 3v7.6l-6-3V9.1Zm8 10.6v-7.6l6-3v7.6l-6 3Z",
    shield: "M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3Zm-1.2 13.6-3.5-3.5 1.4-1.4 2.1 2.1 4.9-4.9 1.4 1.4-6.3 6.3Z",
    back: "M20 11H7.8l5.6-5.6L12 4l-8 8 8 8 1.4-1.4L7.8 13H20v-2Z",
    send: "M3.4 20.4 21.2 12.8a.9.9 0 0 0 0-1.6L3.4 3.6a.9.9 0 0 0-1.2 1.1L4.6 11H13a1 1 0 0 1 0 2H4.6l-2.4 6.3a.9.9 0 0 0 1.2 1.1Z",
  };

  function composerChanged() {
    const input = ui.input;
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
    ui.send.disabled = !input.value.trim() || input.disabled;
  }

  // ---------------------------------------------------------------- look

  // The shop's colour, greeting and corner, from its storefront channel. Public, and cached by the browser.
  let look = { color: null, position: "bottom-right", greeting: {} };
  let lookLoaded = false;

  async function loadLook() {
    try {
      const response = await fetch(`${BASE}/api/widget/config?key=${encodeURIComponent(KEY)}`, { credentials: "omit" });
      if (!response.ok) return;
      const config = await response.json();
      lookLoaded = true;
      look = { color: config.color || null, position: config.position || "bottom-right", greeting: config.greeting || {} };
      applyLook();
    } catch {
      // Unreachable for now: the default look until the next connection attempt asks again.
    }
  }

  const hexRgb = (hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
  const rgbHex = (rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;
  const mix = (hex, toward, amount) => rgbHex(hexRgb(hex).map((v) => v + (toward - v) * amount));

  function luminance(hex) {
    const [r, g, b] = hexRgb(hex).map((v) => v / 255).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }

  function contrast(a, b) {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }

  // Whatever colour the shop picks, text stays readable (WCAG AA, 4.5:1): white or black on it, whichever
  // reads better; its hover and gradient shade moves away from that text; and where it colours text on
  // the panel's light surfaces, it is darkened until it reads there.
  function palette(color) {
    const onAccent = contrast("#ffffff", color) >= contrast("#000000", color) ? "#ffffff" : "#000000";
    const accentDark = onAccent === "#ffffff" ? mix(color, 0, 0.2) : mix(color, 255, 0.25);
    let accentText = color;
    for (let i = 0; i < 20 && contrast(accentText, "#e8eff6") < 4.5; i++) accentText = mix(accentText, 0, 0.12);
    return { "--accent": color, "--accent-dark": accentDark, "--on-accent": onAccent, "--accent-text": accentText };
  }

  // Custom properties set through the CSSOM, which a policy without 'unsafe-inline' allows.
  function applyLook() {
    if (!ui) return;
    const colors = /^#[0-9a-f]{6}$/i.test(look.color || "") ? palette(look.color.toLowerCase()) : null;
    for (const el of [ui.launcher, ui.panel]) {
      for (const name of ["--accent", "--accent-dark", "--on-accent", "--accent-text"]) {
        if (colors) el.style.setProperty(name, colors[name]);
        else el.style.removeProperty(name);
      }
    }
    ui.host.setAttribute("data-position", look.position === "bottom-left" ? "bottom-left" : "bottom-right");
    const greeting = look.greeting && look.greeting[LOCALE];
    ui.welcome.textContent = typeof greeting === "string" && greeting.trim() ? greeting : T.welcome;
  }

  // The look is a file of the helpdesk's own, beside this script (a shop's policy may allow no inline
  // styles); the widget appears once it has loaded, never unstyled on the shop's page.
  function linkStyles(root, loaded) {
    let failures = 0;
    const load = () => {
      const href = new URL("widget.css", script.src);
      href.search = new URL(script.src).search; // the same version as the script
      const link = h("link", {
        rel: "stylesheet", href: href.href,
        onload: loaded,
        onerror: () => {
          link.remove();
          setTimeout(load, Math.min(60000, 2000 * 2 ** failures++));
        },
      });
      root.prepend(link);
    };
    load();
  }

  function build() {
    const host = h("helpdesk-widget");
    const root = host.attachShadow({ mode: "open" });

    const badge = h("span", { class: "badge", hidden: true, "aria-hidden": "true" });
    const launcher = h("button", {
      type: "button", class: "launcher", "data-testid": "hd-launcher", "aria-controls": "hd-panel",
      "aria-expanded": "false", "aria-label": T.open, onclick: () => setOpen(!state.open),
    }, h("span", { class: "icon-chat" }, icon(ICONS.chat)), h("span", { class: "icon-down" }, icon(ICONS.down)), badge);

    const statusDot = h("span", { class: "dot", "aria-hidden": "true" });
    const hoursLabel = h("strong", { class: "state", "data-testid": "hd-hours-state", hidden: true });
    const hoursSeparator = h("span", { class: "separator", "aria-hidden": "true", text: "·", hidden: true });
    const status = h("span", { "data-testid": "hd-hours-text" });
    const hours = h("p", { class: "status", "data-testid": "hd-hours" }, statusDot, hoursLabel, hoursSeparator, status);
    const header = h("header", {},
      h("div", { class: "heading" },
        h("h2", { id: "hd-title", text: T.title }),
        hours),
      h("button", { type: "button", class: "close", "aria-label": T.close, onclick: () => { setOpen(false); launcher.focus(); } },
        icon(ICONS.close)));

    const reconnectingSaid = h("span", { class: "said" });
    const reconnectingText = h("span", { "aria-hidden": "true", hidden: true });
    const retryNowButton = h("button", { type: "button", class: "retry-now", "data-testid": "hd-retry-now", hidden: true, onclick: retryNow, text: T.retryNow });
    const reconnecting = h("div", { class: "reconnecting", "data-testid": "hd-reconnecting", hidden: true },
      h("span", { role: "status" }, reconnectingSaid), reconnectingText, retryNowButton);

    const list = h("div", { class: "list", role: "log", "aria-live": "polite", "aria-relevant": "additions" });
    const typingText = h("span");
    const typing = h("div", { class: "typing", "data-testid": "hd-typing", hidden: true },
      h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")), typingText);
    const resolved = h("p", { class: "resolved", hidden: !state.resolved, text: T.resolved });

    const awayBody = h("p");
    const emailInput = h("input", {
      type: "email", required: true, autocomplete: "email", inputmode: "email", maxlength: "320",
      placeholder: "name@example.com", id: "hd-email-input", "data-testid": "hd-email",
    });
    const emailSave = h("button", { type: "submit", "data-testid": "hd-email-save", text: T.emailSave });
    const emailError = h("p", { class: "email-error", id: "hd-email-error", role: "alert", hidden: true });
    emailInput.setAttribute("aria-describedby", "hd-email-error");
    emailInput.addEventListener("input", () => { emailError.hidden = true; emailInput.removeAttribute("aria-invalid"); });
    const emailForm = h("form", { novalidate: true, onsubmit: saveEmail },
      h("label", { class: "email-label", for: "hd-email-input", text: T.email }),
      h("div", { class: "email-row" }, emailInput, emailSave), emailError);
    const emailThanks = h("p", { class: "thanks", role: "status", hidden: true });
    const awayTitle = h("h3", { id: "hd-away-title", "data-testid": "hd-offline-title", text: T.awayTitle });
    const away = h("section", { class: "away", "data-testid": "hd-offline", "aria-labelledby": "hd-away-title", hidden: true },
      awayTitle, awayBody, emailForm, emailThanks);

    const verifyCard = h("section", { class: "card verify-card", "data-testid": "hd-verify-card", "aria-labelledby": "hd-verify-card-title", hidden: true },
      h("h3", { id: "hd-verify-card-title", text: T.verifyAskedTitle }),
      h("p", { text: T.verifyAskedBody }),
      h("button", { type: "button", class: "primary", "data-testid": "hd-verify-start", onclick: () => openView("verify"), text: T.verifyStart }));

    const welcome = h("div", { class: "body", "data-testid": "hd-welcome", text: T.welcome });
    const scroll = h("div", { class: "scroll" },
      h("div", { class: "msg first welcome" }, welcome),
      list, resolved, away, verifyCard, typing);

    // Verification: the address (the one the shopper gave, to start with), then the mailed code.
    const verifyEmail = h("input", {
      type: "email", required: true, autocomplete: "email", inputmode: "email", maxlength: "320",
      placeholder: "name@example.com", id: "hd-verify-email", "data-testid": "hd-verify-email", "aria-describedby": "hd-verify-email-error",
      value: (state.contact && state.contact.email) || undefined,
    });
    const verifyEmailError = h("p", { class: "field-error", id: "hd-verify-email-error", role: "alert", hidden: true });
    const sendCodeButton = h("button", { type: "submit", class: "primary", "data-testid": "hd-verify-send", text: T.sendCode });
    verifyEmail.addEventListener("input", () => clearProblem(verifyEmailError, verifyEmail));
    const emailStep = h("form", { class: "step", novalidate: true, onsubmit: sendCode },
      h("p", { text: T.verifyIntro }),
      h("label", { class: "field-label", for: "hd-verify-email", text: T.email }),
      verifyEmail, verifyEmailError, sendCodeButton);

    const codeInput = h("input", {
      type: "text", inputmode: "numeric", autocomplete: "one-time-code", pattern: "[0-9]*", maxlength: "6",
      id: "hd-code", class: "code", "data-testid": "hd-code", "aria-describedby": "hd-code-sent hd-code-error", enterkeyhint: "done",
    });
    const codeError = h("p", { class: "field-error", id: "hd-code-error", role: "alert", "data-testid": "hd-code-error", hidden: true });
    codeInput.addEventListener("input", () => {
      const digits = codeInput.value.replace(/[^0-9]/g, "").slice(0, 6);
      if (digits !== codeInput.value) codeInput.value = digits;
      clearProblem(codeError, codeInput);
    });
    const codeSent = h("p", { id: "hd-code-sent", "data-testid": "hd-code-sent" });
    const codeStatus = h("p", { class: "step-status", role: "status" });
    const verifyButton = h("button", { type: "submit", class: "primary", "data-testid": "hd-verify-confirm", text: T.verify });
    const resend = h("button", { type: "button", class: "link", "data-testid": "hd-verify-resend", onclick: resendCode, text: T.resend });
    const codeStep = h("form", { class: "step", novalidate: true, onsubmit: confirmCode, hidden: true },
      codeSent,
      h("label", { class: "field-label", for: "hd-code", text: T.codeLabel }),
      codeInput, codeError, codeStatus, verifyButton,
      h("div", { class: "links" }, resend,
        h("button", { type: "button", class: "link", "data-testid": "hd-verify-change", onclick: showEmailStep, text: T.changeEmail })));
    const verifyPane = h("div", { class: "pane", "data-testid": "hd-verify", hidden: true }, emailStep, codeStep);

    const ordersLoading = h("p", { class: "pane-note", role: "status", text: T.ordersLoading });
    const ordersFailed = h("div", { class: "pane-note", role: "alert", hidden: true },
      h("p", { text: T.ordersFailed }),
      h("button", { type: "button", class: "link", onclick: loadOrders, text: T.retry }));
    const ordersEmpty = h("div", { class: "empty", "data-testid": "hd-orders-empty", hidden: true },
      icon(ICONS.box), h("h4", { text: T.noOrders }), h("p", { text: T.noOrdersBody }));
    const ordersList = h("ul", { class: "orders", "aria-labelledby": "hd-sheet-title" });
    const ordersPane = h("div", { class: "pane", "data-testid": "hd-orders", hidden: true }, ordersLoading, ordersFailed, ordersEmpty, ordersList);

    const sheetTitle = h("h3", { id: "hd-sheet-title", tabindex: "-1", "data-testid": "hd-sheet-title" });
    const sheetStatus = h("p", { class: "sheet-status", role: "status", "data-testid": "hd-sheet-status", hidden: true });
    const sheet = h("section", { class: "sheet", "aria-labelledby": "hd-sheet-title", "data-testid": "hd-sheet" },
      h("div", { class: "sheet-bar" },
        h("button", { type: "button", class: "back", "data-testid": "hd-back", onclick: () => openView("chat") }, icon(ICONS.back), h("span", { text: T.back })),
        sheetTitle),
      h("div", { class: "sheet-body" }, sheetStatus, verifyPane, ordersPane));

    const verifyEntry = h("button", { type: "button", class: "tool", "data-testid": "hd-verify-entry", onclick: () => openView("verify") },
      icon(ICONS.shield), h("span", { text: T.verifyEntry }));
    const ordersEntry = h("button", { type: "button", class: "tool", "data-testid": "hd-orders-entry", onclick: () => openView("orders") },
      icon(ICONS.box), h("span", { text: T.ordersEntry }));
    const tools = h("div", { class: "tools", hidden: true }, verifyEntry, ordersEntry);

    const error = h("p", { class: "error", role: "alert", hidden: true });
    const input = h("textarea", {
      rows: "1", placeholder: T.placeholder, "aria-label": T.placeholder, "data-testid": "hd-input",
      enterkeyhint: "send",
      oninput: () => { composerChanged(); shopperTyped(); },
      onkeydown: (e) => {
        if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); submit(); }
      },
    });
    const send = h("button", { type: "submit", class: "send", "aria-label": T.send, "data-testid": "hd-send", disabled: true },
      icon(ICONS.send));
    const composer = h("form", { class: "composer", onsubmit: (e) => { e.preventDefault(); submit(); } }, input, send);

    const panel = h("div", {
      class: "panel", id: "hd-panel", role: "dialog", "aria-labelledby": "hd-title", "data-testid": "hd-panel", hidden: true,
      "data-view": "chat",
      onkeydown: (e) => {
        if (e.key !== "Escape") return;
        if (state.view !== "chat") openView("chat");
        else { setOpen(false); launcher.focus(); }
      },
    }, header, reconnecting, scroll, error, tools, composer, sheet);

    linkStyles(root, () => root.append(panel, launcher));
    document.body.append(host);
    ui = { host, welcome, launcher, badge, panel, hours, hoursLabel, hoursSeparator, status, statusDot, reconnecting, reconnectingSaid, reconnectingText, retryNow: retryNowButton, scroll, list,
      typing, typingText, resolved, away, awayTitle, awayBody, emailForm, emailInput, emailSave, emailError, emailThanks, error, input, send,
      tools, verifyEntry, ordersEntry, verifyCard, sheet, sheetTitle, sheetStatus, verifyPane, emailStep, verifyEmail, verifyEmailError,
      sendCode: sendCodeButton, codeStep, codeSent, codeInput, codeError, codeStatus, verify: verifyButton, resend,
      ordersPane, ordersLoading, ordersFailed, ordersEmpty, ordersList };
  }

  // ---------------------------------------------------------------- start

  function ready() {
    build();
    applyLook();
    if (PREVIEW) return startPreview();
    loadLook();
    setPhase(state.phase);
    render();
    renderVerification();
    addEventListener("online", () => { setPhase(state.phase); if (!conn) connect(); });
    addEventListener("offline", () => setPhase(state.phase));
    document.addEventListener("visibilitychange", () => {
      markRead();
      // Timers sleep with a background tab or a closed laptop lid.
      if (document.visibilityState === "visible" && state.hours) checkHours();
    });
    // A stored token means a conversation to restore (and replies to count) before any click.
    if (state.token) connect();
    let reopen = false;
    try { reopen = sessionStorage.getItem(`helpdesk:${KEY}:open`) === "1"; } catch { /* blocked storage */ }
    // Reopened on the next page as the shopper left it, without taking the focus from the shop.
    if (reopen || wantOpen) setOpen(true, { focus: wantOpen });
  }

  function startPreview() {
    addEventListener("message", (e) => {
      const data = e.data;
      if (e.origin !== location.origin || e.source !== parent || !data || data.type !== "helpdesk-widget-look") return;
      look = { color: data.color || null, position: data.position || "bottom-right", greeting: data.greeting || {} };
      applyLook();
    });
    const ago = (minutes) => new Date(Date.now() - minutes * 60000).toISOString();
    merge([
      { id: 1, sender: "customer", body: T.previewQuestion, createdAt: ago(3) },
      { id: 2, sender: "agent", authorName: "Anna", body: T.previewAnswer, createdAt: ago(2) },
    ]);
    setAvailability(true, 5);
    setOpen(true, { focus: false });
    parent.postMessage({ type: "helpdesk-widget-preview-ready" }, location.origin);
  }

  let wantOpen = false;
  window.HelpdeskWidget = Object.freeze({
    open() { ui ? setOpen(true) : (wantOpen = true); },
    close() { ui ? setOpen(false) : (wantOpen = false); },
    setContact,
  });

  if (document.body) ready();
  else document.addEventListener("DOMContentLoaded", ready);
})();
