namespace Helpdesk.Features.CannedResponses;

/// <summary>
/// The question after a resolution every helpdesk starts with, in each shipped language; admins change it freely.
/// It is written into a chat that just ended, so it is one short paragraph, and the link comes last: the chat
/// widget shows the words before the link as the question and puts its 1–5 buttons where the link was.
/// </summary>
public static class DefaultResolutionSurveys
{
    public const string Shortcut = "resolution-survey";

    public static readonly DefaultCannedResponses.Text[] All =
    [
        new(Shortcut, Purposes.ResolutionSurvey, "en", "How did we do?",
            "Thank you for contacting {{store.name}}, {{customer.firstName}}. How did we do? Rate us from 1 to 5: {{survey.url}}"),
        new(Shortcut, Purposes.ResolutionSurvey, "da", "Hvordan klarede vi det?",
            "Tak fordi du kontaktede {{store.name}}, {{customer.firstName}}. Hvordan klarede vi det? Giv os en karakter fra 1 til 5: {{survey.url}}"),
        new(Shortcut, Purposes.ResolutionSurvey, "de", "Wie gut konnten wir helfen?",
            "Danke, {{customer.firstName}}, dass Sie sich an {{store.name}} gewandt haben. Wie gut konnten wir Ihnen helfen? Bewerten Sie uns von 1 bis 5: {{survey.url}}"),
        new(Shortcut, Purposes.ResolutionSurvey, "nb", "Hvordan gjorde vi det?",
            "Takk for at du kontaktet {{store.name}}, {{customer.firstName}}. Hvordan gjorde vi det? Gi oss en karakter fra 1 til 5: {{survey.url}}"),
        new(Shortcut, Purposes.ResolutionSurvey, "lv", "Kā mums veicās?",
            "Paldies, ka sazinājāties ar {{store.name}}, {{customer.firstName}}. Kā mums veicās? Novērtējiet mūs no 1 līdz 5: {{survey.url}}"),
    ];
}
