using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Helpdesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ResolutionSurveyTexts : Migration
    {
        // The shipped question after a resolution as it was on the day, frozen here: later changes to
        // DefaultResolutionSurveys reach new helpdesks through their own migration, not by rewriting this one.
        private static readonly (string Locale, string Title, string Body)[] Texts =
        [
            ("en", "How did we do?",
                "Thank you for contacting {{store.name}}, {{customer.firstName}}. How did we do? Rate us from 1 to 5: {{survey.url}}"),
            ("da", "Hvordan klarede vi det?",
                "Tak fordi du kontaktede {{store.name}}, {{customer.firstName}}. Hvordan klarede vi det? Giv os en karakter fra 1 til 5: {{survey.url}}"),
            ("de", "Wie gut konnten wir helfen?",
                "Danke, {{customer.firstName}}, dass Sie sich an {{store.name}} gewandt haben. Wie gut konnten wir Ihnen helfen? Bewerten Sie uns von 1 bis 5: {{survey.url}}"),
            ("nb", "Hvordan gjorde vi det?",
                "Takk for at du kontaktet {{store.name}}, {{customer.firstName}}. Hvordan gjorde vi det? Gi oss en karakter fra 1 til 5: {{survey.url}}"),
            ("lv", "Kā mums veicās?",
                "Paldies, ka sazinājāties ar {{store.name}}, {{customer.firstName}}. Kā mums veicās? Novērtējiet mūs no 1 līdz 5: {{survey.url}}"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Written once, so texts an admin deletes stay deleted; a text an admin already keeps under
            // the same shortcut and language stays theirs.
            foreach (var (locale, title, body) in Texts)
                migrationBuilder.Sql($"""
                    INSERT INTO cannedresponses (shortcut, title, locale, body, purpose, updatedat)
                    VALUES ('resolution-survey', {Quote(title)}, {Quote(locale)}, {Quote(body)}, 'resolution-survey', '2026-12-05 00:00:00+00')
                    ON CONFLICT (shortcut, locale) DO NOTHING
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Without the purpose the texts could be neither sent nor edited: they go, edited or not.
            migrationBuilder.Sql("DELETE FROM cannedresponses WHERE shortcut = 'resolution-survey' AND purpose = 'resolution-survey'");
        }

        private static string Quote(string value) => "'" + value.Replace("'", "''") + "'";
    }
}
