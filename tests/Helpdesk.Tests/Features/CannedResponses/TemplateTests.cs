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

    [Fact]
    public void The_shipped_texts_use_known_variables_only() =>
        Assert.All(DefaultCannedResponses.All, t => Assert.Empty(Template.Problems(t.Body)));

    [Fact]
    public void Every_shipped_text_exists_in_every_shipped_language() =>
        Assert.All(DefaultCannedResponses.All.GroupBy(t => t.Shortcut),
            g => Assert.Equal(Languages.Shipped.Order(), g.Select(t => t.Locale).Order()));

    [Theory]
    [InlineData("nb-NO", "da", new[] { "nb-NO", "nb", "da", "en" })]
    [InlineData("no", null, new[] { "no", "nb", "en" })]
    [InlineData(null, "de", new[] { "de", "en" })]
    public void Languages_fall_back_from_the_customer_to_the_channel_to_english(string? customer, string? channel, string[] expected) =>
        Assert.Equal(expected, Languages.Candidates(customer, channel).Distinct());
}
