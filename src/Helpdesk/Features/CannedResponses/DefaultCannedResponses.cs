namespace Helpdesk.Features.CannedResponses;

/// <summary>The texts every helpdesk starts with, in each shipped language; admins change them freely.</summary>
public static class DefaultCannedResponses
{
    public sealed record Text(string Shortcut, string Purpose, string Locale, string Title, string Body);

    public static readonly Text[] All =
    [
        new("after-hours", Purposes.AfterHours, "en", "After-hours reply",
            "Hi {{customer.firstName}},\n\nThanks for your message! Our support team is away right now, and we're back {{nextOpen}}. " +
            "We'll reply as soon as we're in, so there's no need to write again: your message is safely with us.\n\nBest regards,\n{{store.name}}"),
        new("after-hours", Purposes.AfterHours, "da", "Autosvar uden for åbningstid",
            "Hej {{customer.firstName}}\n\nTak for din besked! Vores kundeservice har lukket lige nu, men vi er tilbage {{nextOpen}}. " +
            "Vi svarer dig, så snart vi åbner, så du behøver ikke at skrive igen – din besked er kommet sikkert frem.\n\nVenlig hilsen\n{{store.name}}"),
        new("after-hours", Purposes.AfterHours, "de", "Antwort außerhalb der Geschäftszeiten",
            "Hallo {{customer.firstName}},\n\nvielen Dank für Ihre Nachricht! Unser Kundenservice ist gerade nicht besetzt. " +
            "Wir sind {{nextOpen}} wieder für Sie da und melden uns dann so schnell wie möglich. " +
            "Sie müssen uns nicht noch einmal schreiben – Ihre Nachricht ist sicher bei uns angekommen.\n\nViele Grüße\n{{store.name}}"),
        new("after-hours", Purposes.AfterHours, "nb", "Autosvar utenfor åpningstid",
            "Hei {{customer.firstName}}!\n\nTakk for meldingen! Kundeservice er stengt akkurat nå, men vi er tilbake {{nextOpen}}. " +
            "Vi svarer deg så snart vi åpner, så du trenger ikke å skrive på nytt – meldingen din har kommet trygt frem.\n\nVennlig hilsen\n{{store.name}}"),
        new("after-hours", Purposes.AfterHours, "lv", "Automātiskā atbilde ārpus darba laika",
            "Sveiki, {{customer.firstName}}!\n\nPaldies par Jūsu ziņu! Mūsu klientu atbalsts šobrīd nestrādā, bet atgriezīsimies {{nextOpen}}. " +
            "Atbildēsim, tiklīdz sāksim darbu, tāpēc vēlreiz rakstīt nav nepieciešams – Jūsu ziņa ir droši saņemta.\n\nAr cieņu,\n{{store.name}}"),

        new("thanks", Purposes.Macro, "en", "Thanks for getting in touch",
            "Thanks for getting in touch, {{customer.firstName}}! Is there anything else I can help you with today?\n\nBest regards,\n{{agent.name}}\n{{store.name}}"),
        new("thanks", Purposes.Macro, "da", "Tak for henvendelsen",
            "Tak fordi du kontaktede os, {{customer.firstName}}! Er der andet, jeg kan hjælpe dig med i dag?\n\nVenlig hilsen\n{{agent.name}}\n{{store.name}}"),
        new("thanks", Purposes.Macro, "de", "Danke für Ihre Nachricht",
            "Vielen Dank, dass Sie sich bei uns gemeldet haben! Kann ich sonst noch etwas für Sie tun?\n\nViele Grüße\n{{agent.name}}\n{{store.name}}"),
        new("thanks", Purposes.Macro, "nb", "Takk for henvendelsen",
            "Takk for at du tok kontakt, {{customer.firstName}}! Er det noe annet jeg kan hjelpe deg med i dag?\n\nVennlig hilsen\n{{agent.name}}\n{{store.name}}"),
        new("thanks", Purposes.Macro, "lv", "Paldies par saziņu",
            "Paldies, ka sazinājāties ar mums! Vai varu Jums vēl kā palīdzēt?\n\nAr cieņu,\n{{agent.name}}\n{{store.name}}"),

        new("where-is-my-order", Purposes.Macro, "en", "Where is my order?",
            "Hi {{customer.firstName}},\n\nThanks for your patience! I've looked into your order {{order.number}}. " +
            "The tracking link in your shipping confirmation email shows where your parcel is right now. " +
            "If it hasn't arrived within two working days, just reply here and I'll chase the carrier for you.\n\nBest regards,\n{{agent.name}}"),
        new("where-is-my-order", Purposes.Macro, "da", "Hvor er min ordre?",
            "Hej {{customer.firstName}}\n\nTak for din tålmodighed! Jeg har kigget på din ordre {{order.number}}. " +
            "Via sporingslinket i din forsendelsesbekræftelse kan du se, hvor din pakke er lige nu. " +
            "Hvis den ikke er nået frem inden for to hverdage, så skriv bare her, så kontakter jeg fragtfirmaet for dig.\n\nVenlig hilsen\n{{agent.name}}"),
        new("where-is-my-order", Purposes.Macro, "de", "Wo ist meine Bestellung?",
            "Hallo {{customer.firstName}},\n\nvielen Dank für Ihre Geduld! Ich habe mir Ihre Bestellung {{order.number}} angesehen. " +
            "Über den Link zur Sendungsverfolgung in Ihrer Versandbestätigung sehen Sie, wo sich Ihr Paket gerade befindet. " +
            "Sollte es nicht innerhalb von zwei Werktagen ankommen, antworten Sie einfach hier – dann kümmere ich mich beim Versanddienstleister darum.\n\nViele Grüße\n{{agent.name}}"),
        new("where-is-my-order", Purposes.Macro, "nb", "Hvor er bestillingen min?",
            "Hei {{customer.firstName}}!\n\nTakk for tålmodigheten! Jeg har sjekket bestillingen din {{order.number}}. " +
            "Med sporingslenken i forsendelsesbekreftelsen kan du se hvor pakken din er akkurat nå. " +
            "Hvis den ikke har kommet frem innen to virkedager, er det bare å svare her, så tar jeg kontakt med transportøren for deg.\n\nVennlig hilsen\n{{agent.name}}"),
        new("where-is-my-order", Purposes.Macro, "lv", "Kur ir mans pasūtījums?",
            "Sveiki, {{customer.firstName}}!\n\nPaldies par pacietību! Apskatīju Jūsu pasūtījumu {{order.number}}. " +
            "Izsekošanas saitē, kas ir nosūtīšanas apstiprinājuma e-pastā, redzams, kur sūtījums atrodas šobrīd. " +
            "Ja tas nav saņemts divu darba dienu laikā, vienkārši atbildiet šeit, un es sazināšos ar kurjeru Jūsu vietā.\n\nAr cieņu,\n{{agent.name}}"),

        new("returns", Purposes.Macro, "en", "Returns and exchanges",
            "Hi {{customer.firstName}},\n\nOf course! You can return or exchange items within 30 days of delivery, as long as they're unused and in their original packaging. " +
            "Just reply with the items you'd like to send back and I'll email you a return label.\n\nBest regards,\n{{agent.name}}"),
        new("returns", Purposes.Macro, "da", "Returnering og ombytning",
            "Hej {{customer.firstName}}\n\nSelvfølgelig! Du kan returnere eller bytte varer inden for 30 dage efter levering, så længe de er ubrugte og i original emballage. " +
            "Svar blot med, hvilke varer du vil sende retur, så mailer jeg dig en returlabel.\n\nVenlig hilsen\n{{agent.name}}"),
        new("returns", Purposes.Macro, "de", "Rückgabe und Umtausch",
            "Hallo {{customer.firstName}},\n\nselbstverständlich! Sie können Artikel innerhalb von 30 Tagen nach der Lieferung zurückgeben oder umtauschen, sofern sie unbenutzt und originalverpackt sind. " +
            "Antworten Sie einfach mit den Artikeln, die Sie zurücksenden möchten, und ich schicke Ihnen ein Rücksendeetikett per E-Mail.\n\nViele Grüße\n{{agent.name}}"),
        new("returns", Purposes.Macro, "nb", "Retur og bytte",
            "Hei {{customer.firstName}}!\n\nSelvsagt! Du kan returnere eller bytte varer innen 30 dager etter levering, så lenge de er ubrukte og ligger i originalemballasjen. " +
            "Svar bare med hvilke varer du vil sende tilbake, så sender jeg deg en returetikett på e-post.\n\nVennlig hilsen\n{{agent.name}}"),
        new("returns", Purposes.Macro, "lv", "Atgriešana un apmaiņa",
            "Sveiki, {{customer.firstName}}!\n\nProtams! Preces var atgriezt vai apmainīt 30 dienu laikā pēc piegādes, ja tās nav lietotas un ir oriģinālajā iepakojumā. " +
            "Vienkārši atbildiet, norādot, kuras preces vēlaties nosūtīt atpakaļ, un es Jums e-pastā nosūtīšu atgriešanas uzlīmi.\n\nAr cieņu,\n{{agent.name}}"),

        new("follow-up", Purposes.Macro, "en", "Checking in",
            "Hi {{customer.firstName}},\n\nI just wanted to check that everything is sorted now. If there's anything else, reply to this message and I'll be happy to help.\n\nBest regards,\n{{agent.name}}"),
        new("follow-up", Purposes.Macro, "da", "Opfølgning",
            "Hej {{customer.firstName}}\n\nJeg ville lige høre, om alt er faldet på plads nu. Hvis der er andet, så svar bare på denne besked, så hjælper jeg gerne.\n\nVenlig hilsen\n{{agent.name}}"),
        new("follow-up", Purposes.Macro, "de", "Kurze Nachfrage",
            "Hallo {{customer.firstName}},\n\nich wollte kurz nachfragen, ob nun alles geklärt ist. Falls noch etwas offen ist, antworten Sie einfach auf diese Nachricht – ich helfe Ihnen gern weiter.\n\nViele Grüße\n{{agent.name}}"),
        new("follow-up", Purposes.Macro, "nb", "Oppfølging",
            "Hei {{customer.firstName}}!\n\nJeg ville bare høre om alt har ordnet seg nå. Hvis det er noe mer, er det bare å svare på denne meldingen, så hjelper jeg deg gjerne.\n\nVennlig hilsen\n{{agent.name}}"),
        new("follow-up", Purposes.Macro, "lv", "Vai viss kārtībā?",
            "Sveiki, {{customer.firstName}}!\n\nVēlējos pārliecināties, vai tagad viss ir kārtībā. Ja ir vēl kas, vienkārši atbildiet uz šo ziņu – labprāt palīdzēšu.\n\nAr cieņu,\n{{agent.name}}"),
    ];
}
