using Helpdesk.Features.CannedResponses;

namespace Helpdesk.Features.Surveys;

/// <summary>The few survey words that are not the admins' canned response, in each shipped language.</summary>
public static class SurveyTexts
{
    private sealed record Words(string Subject, string Unsubscribe, string FollowUpSubject);

    private static readonly Dictionary<string, Words> ByLanguage = new()
    {
        ["en"] = new("How was your order {0}?", "Don't want these surveys? Unsubscribe: {0}", "Your feedback on order {0}"),
        ["da"] = new("Hvordan gik det med din ordre {0}?", "Vil du ikke have flere undersøgelser? Afmeld her: {0}", "Din feedback på ordre {0}"),
        ["de"] = new("Wie war Ihre Bestellung {0}?", "Sie möchten keine Umfragen mehr erhalten? Hier abmelden: {0}", "Ihr Feedback zu Bestellung {0}"),
        ["nb"] = new("Hvordan gikk det med bestillingen din {0}?", "Vil du ikke ha flere undersøkelser? Meld deg av her: {0}", "Tilbakemeldingen din på bestilling {0}"),
        ["lv"] = new("Kā Jums patika pasūtījums {0}?", "Nevēlaties saņemt aptaujas? Atrakstieties šeit: {0}", "Jūsu atsauksme par pasūtījumu {0}"),
    };

    private static Words In(string locale) =>
        ByLanguage.GetValueOrDefault(Languages.Primary(locale)) ?? ByLanguage[Languages.Fallback];

    public static string Subject(string locale, string orderNumber) => string.Format(In(locale).Subject, orderNumber);

    public static string FollowUpSubject(string locale, string orderNumber) => string.Format(In(locale).FollowUpSubject, orderNumber);

    /// <summary>
    /// The invitation as sent: the canned response, with the survey link added if the text lost it,
    /// and the unsubscribe line, which every invitation carries whatever the text says.
    /// </summary>
    public static string Invitation(string renderedBody, string locale, string surveyUrl, string unsubscribeUrl)
    {
        var body = renderedBody.Contains(surveyUrl, StringComparison.Ordinal) ? renderedBody : renderedBody + "\n\n" + surveyUrl;
        return body + "\n\n" + string.Format(In(locale).Unsubscribe, unsubscribeUrl);
    }

    /// <summary>The agents' note opening a follow-up: the answer in one line.</summary>
    public static string Summary(string orderNumber, int? score, int? nps, bool hasComment) =>
        $"Satisfaction survey for order {orderNumber}: {score}/5" + (nps is { } n ? $", would recommend {n}/10" : "") + (hasComment ? "." : ", no comment.");
}
