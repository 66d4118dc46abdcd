using Helpdesk.Features.Chat;

namespace Helpdesk.Tests.Features.Conversations;

public sealed class MessageRulesTests
{
    private readonly SendVisitorMessageValidator _validator = new();

    [Theory]
    [InlineData("c-1", "Hello", true)]
    [InlineData("c-1", "", false)]
    [InlineData("c-1", " \n ", false)]
    [InlineData("", "Hello", false)]
    [InlineData("has space", "Hello", false)]
    public void Messages_need_a_body_and_a_plain_client_id(string clientId, string body, bool valid) =>
        Assert.Equal(valid, _validator.Validate(new SendVisitorMessage(1, clientId, body)).IsValid);

    [Fact]
    public void A_body_may_be_5000_characters_but_not_more()
    {
        Assert.True(_validator.Validate(new SendVisitorMessage(1, "c", new string('a', 5000))).IsValid);
        var result = _validator.Validate(new SendVisitorMessage(1, "c", new string('a', 5001)));
        Assert.Contains(result.Errors, e => e.PropertyName == "Body");
    }
}
