using Helpdesk.Features.CannedResponses;

namespace Helpdesk.Tests.Features.CannedResponses;

public class TemplateTests
{
    private static readonly Dictionary<string, string?> Anna = new()
    {
        [TemplateVariables.CustomerFirstName] = "Anna",
        [TemplateVariables.CustomerName] = "Anna Berg",
        [TemplateVariables.OrderNumber] = "#1042",
        [TemplateVariables.StoreName] = "Nordlys Outdoor",
        [TemplateVariables.AgentName] = "Mikkel",
    };

    [Fact]
    public void Known_variables_are_filled_in()
    {
        var text = Template.Render("Hej {{customer.firstName}}, din ordre {{ order.number }} er på vej.\n{{agent.name}}, {{store.name}}", Anna);

        Assert.Equal("Hej Anna, din ordre #1042 er på vej.\nMikkel, Nordlys Outdoor", text);
    }

    [Theory]
    [InlineData("Hi {{customer.firstName}},\n\nThanks!", "Hi,\n\nThanks!")]
    [InlineData("Sveiki, {{customer.firstName}}!", "Sveiki!")]
    [InlineData("Hei {{customer.firstName}}!", "Hei!")]
    [InlineData("I've looked into your order {{order.number}}. It is on its way.", "I've looked into your order. It is on its way.")]
    [InlineData("{{customer.firstName}} thanks for waiting", "thanks for waiting")]
    [InlineData("Best regards,\n{{agent.name}}\n{{store.name}}", "Best regards,")]
    [InlineData("We're back {{nextOpen}} and will answer then.", "We're back and will answer then.")]
    public void Missing_values_leave_no_trace(string body, string expected) =>
        Assert.Equal(expected, Template.Render(body, new Dictionary<string, string?>()));

    [Fact]
    public void No_braces_ever_reach_a_customer()
    {
        var text = Template.Render("Hi {{customer.firstName}} {{customer.age}} {{oops", new Dictionary<string, string?>
        {
            [TemplateVariables.CustomerFirstName] = "{{survey.url}}",
        });

        Assert.DoesNotContain("{{", text);
        Assert.DoesNotContain("}}", text);
    }

    [Fact]
    public void Unknown_variables_and_stray_braces_are_problems()
    {
        Assert.Empty(Template.Problems("Hi {{customer.firstName}}, {{ nextOpen }} {{survey.url}}"));
        Assert.Contains("{{customer.age}} is not a known variable", Assert.Single(Template.Problems("Hi {{customer.age}}")));
        Assert.Single(Template.Problems("Hi {{customer.firstName"));
        Assert.Single(Template.Problems("Hi }} there"));
    }

    private static readonly DefaultCannedResponses.Text[] Shipped =
        [.. DefaultCannedResponses.All, .. DefaultSurveyInvitations.All, .. DefaultResolutionSurveys.All];

    [Fact]
    public void The_shipped_texts_use_known_variables_only() =>
        Assert.All(Shipped, t => Assert.Empty(Template.Problems(t.Body)));

    [Fact]
    public void Every_shipped_text_exists_in_every_shipped_language() =>
        Assert.All(Shipped.GroupBy(t => t.Shortcut),
            g => Assert.Equal(Languages.Shipped.Order(), g.Select(t => t.Locale).Order()));

    [Fact]
    public void Every_shipped_question_after_a_resolution_ends_with_its_link() =>
        Assert.All(DefaultResolutionSurveys.All, t => Assert.EndsWith("{{survey.url}}", t.Body));

    [Theory]
    [InlineData("en", "Thank you for contacting Nordlys Outdoor. How did we do?")]
    [InlineData("de", "Danke, dass Sie sich an Nordlys Outdoor gewandt haben. Wie gut")]
    [InlineData("lv", "Paldies, ka sazinājāties ar Nordlys Outdoor. Kā mums veicās?")]
    public void The_shipped_question_after_a_resolution_reads_well_for_a_customer_without_a_name(string locale, string start)
    {
        var text = DefaultResolutionSurveys.All.Single(t => t.Locale == locale);
        var values = new Dictionary<string, string?> { [TemplateVariables.StoreName] = "Nordlys Outdoor", [TemplateVariables.SurveyUrl] = "https://x.example/survey/t" };

        Assert.StartsWith(start, Template.Render(text.Body, values));
    }

    [Theory]
    [InlineData("nb-NO", "da", new[] { "nb-NO", "nb", "da", "en" })]
    [InlineData("no", null, new[] { "no", "nb", "en" })]
    [InlineData(null, "de", new[] { "de", "en" })]
    public void Languages_fall_back_from_the_customer_to_the_channel_to_english(string? customer, string? channel, string[] expected) =>
        Assert.Equal(expected, Languages.Candidates(customer, channel).Distinct());
}
