namespace Helpdesk.Features.CannedResponses;

/// <summary>The survey invitation every helpdesk starts with, in each shipped language; admins change it freely.</summary>
public static class DefaultSurveyInvitations
{
    public static readonly DefaultCannedResponses.Text[] All =
    [
        new("survey-invitation", Purposes.SurveyInvitation, "en", "How was your order?",
            "Hi {{customer.firstName}},\n\nThank you for shopping with {{store.name}}! We hope your order {{order.number}} arrived safely and that you are happy with it.\n\n" +
            "Would you tell us how it went? It takes less than a minute:\n{{survey.url}}\n\nYour answer goes straight to our support team.\n\nBest regards,\n{{store.name}}"),
        new("survey-invitation", Purposes.SurveyInvitation, "da", "Hvordan gik det med din ordre?",
            "Hej {{customer.firstName}}\n\nTak fordi du handlede hos {{store.name}}! Vi håber, at din ordre {{order.number}} er kommet godt frem, og at du er glad for den.\n\n" +
            "Vil du fortælle os, hvordan det gik? Det tager under et minut:\n{{survey.url}}\n\nDit svar går direkte til vores kundeservice.\n\nVenlig hilsen\n{{store.name}}"),
        new("survey-invitation", Purposes.SurveyInvitation, "de", "Wie war Ihre Bestellung?",
            "Hallo {{customer.firstName}},\n\nvielen Dank für Ihren Einkauf bei {{store.name}}! Wir hoffen, dass Ihre Bestellung {{order.number}} gut angekommen ist und Ihnen gefällt.\n\n" +
            "Möchten Sie uns sagen, wie zufrieden Sie waren? Es dauert weniger als eine Minute:\n{{survey.url}}\n\nIhre Antwort geht direkt an unseren Kundenservice.\n\nViele Grüße\n{{store.name}}"),
        new("survey-invitation", Purposes.SurveyInvitation, "nb", "Hvordan gikk det med bestillingen?",
            "Hei {{customer.firstName}}!\n\nTakk for at du handlet hos {{store.name}}! Vi håper bestillingen din {{order.number}} har kommet trygt frem, og at du er fornøyd.\n\n" +
            "Vil du fortelle oss hvordan det gikk? Det tar under ett minutt:\n{{survey.url}}\n\nSvaret ditt går rett til kundeservice.\n\nVennlig hilsen\n{{store.name}}"),
        new("survey-invitation", Purposes.SurveyInvitation, "lv", "Kā Jums patika pasūtījums?",
            "Sveiki, {{customer.firstName}}!\n\nPaldies, ka iepirkāties {{store.name}}! Ceram, ka Jūsu pasūtījums {{order.number}} ir veiksmīgi saņemts un Jums patīk.\n\n" +
            "Vai pastāstīsiet, kā mums veicās? Tas aizņems mazāk nekā minūti:\n{{survey.url}}\n\nJūsu atbilde nonāks tieši pie mūsu klientu atbalsta.\n\nAr cieņu,\n{{store.name}}"),
    ];
}
