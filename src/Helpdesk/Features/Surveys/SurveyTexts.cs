using Helpdesk.Features.CannedResponses;

namespace Helpdesk.Features.Surveys;

/// <summary>The few survey words that are not the admins' canned responses, in each shipped language.</summary>
public static class SurveyTexts
{
    /// <param name="Asked">After a resolution, if no resolution-survey text is left: the question and the link ({0} the store, {1} the link).</param>
    /// <param name="AskedFollowUpSubject">A low score after a resolution: the follow-up's subject.</param>
    private sealed record Words(string Subject, string Unsubscribe, string FollowUpSubject, string Asked, string AskedFollowUpSubject);

    private static readonly Dictionary<string, Words> ByLanguage = new()
    {
        ["en"] = new("How was your order {0}?", "Don't want these surveys? Unsubscribe: {0}", "Your feedback on order {0}",
            "Thank you for contacting {0}. How did we do? Rate us from 1 to 5: {1}", "Your feedback on our help"),
        ["da"] = new("Hvordan gik det med din ordre {0}?", "Vil du ikke have flere undersøgelser? Afmeld her: {0}", "Din feedback på ordre {0}",
            "Tak fordi du kontaktede {0}. Hvordan klarede vi det? Giv os en karakter fra 1 til 5: {1}", "Din feedback på vores hjælp"),
        ["de"] = new("Wie war Ihre Bestellung {0}?", "Sie möchten keine Umfragen mehr erhalten? Hier abmelden: {0}", "Ihr Feedback zu Bestellung {0}",
            "Danke, dass Sie sich an {0} gewandt haben. Wie gut konnten wir Ihnen helfen? Bewerten Sie uns von 1 bis 5: {1}", "Ihr Feedback zu unserer Hilfe"),
        ["nb"] = new("Hvordan gikk det med bestillingen din {0}?", "Vil du ikke ha flere undersøkelser? Meld deg av her: {0}", "Tilbakemeldingen din på bestilling {0}",
            "Takk for at du kontaktet {0}. Hvordan gjorde vi det? Gi oss en karakter fra 1 til 5: {1}", "Tilbakemeldingen din på hjelpen vår"),
        ["lv"] = new("Kā Jums patika pasūtījums {0}?", "Nevēlaties saņemt aptaujas? Atrakstieties šeit: {0}", "Jūsu atsauksme par pasūtījumu {0}",
            "Paldies, ka sazinājāties ar {0}. Kā mums veicās? Novērtējiet mūs no 1 līdz 5: {1}", "Jūsu atsauksme par mūsu palīdzību"),
    };

    private static Words In(string locale) =>
        ByLanguage.GetValueOrDefault(Languages.Primary(locale)) ?? ByLanguage[Languages.Fallback];

    public static string Subject(string locale, string orderNumber) => string.Format(In(locale).Subject, orderNumber);

    /// <param name="orderNumber">Null for a survey after a resolution.</param>
    public static string FollowUpSubject(string locale, string? orderNumber) =>
        orderNumber is null ? In(locale).AskedFollowUpSubject : string.Format(In(locale).FollowUpSubject, orderNumber);

    /// <summary>
    /// The question after a resolution when the shop has deleted every resolution-survey canned response: a
    /// resolved customer is still asked, in words that exist in the five languages whatever the admins did.
    /// The shipped canned responses (<see cref="DefaultResolutionSurveys"/>) start from these words.
    /// </summary>
    public static string AfterResolution(string locale, string storeName, string surveyUrl) => string.Format(In(locale).Asked, storeName, surveyUrl);

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
    /// <param name="about">"order #1001", or "conversation #42".</param>
    public static string Summary(string about, int? score, int? nps, bool hasComment) =>
        $"Satisfaction survey for {about}: {score}/5" + (nps is { } n ? $", would recommend {n}/10" : "") + (hasComment ? "." : ", no comment.");
}
