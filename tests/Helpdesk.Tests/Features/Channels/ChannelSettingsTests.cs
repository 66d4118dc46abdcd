using System.Text.Json.Nodes;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Channels.Email;
using Helpdesk.Features.Channels.Marketplace;
using Helpdesk.Features.Channels.Messenger;

namespace Helpdesk.Tests.Features.Channels;

/// <summary>The typed settings against the JSON that databases already hold.</summary>
public sealed class ChannelSettingsTests
{
    // What earlier versions stored, as the demo seeding and the API wrote it.
    [Theory]
    [InlineData("storefront", """{"defaultLanguage":"en"}""")]
    [InlineData("storefront", """{"defaultLanguage":"da","emailChannelId":3}""")]
    [InlineData("email", """{"address":"support@nordlys-outdoor.example","defaultLanguage":"en"}""")]
    [InlineData("email", """{"address":"support@shop.example","displayName":"Nordlys Outdoor"}""")]
    [InlineData("messenger", """{"pageId":"104811112345678","verifyToken":"demo-verify-token","pageAccessToken":"demo-page-access-token"}""")]
    [InlineData("messenger", """{"verifyToken":"v","pageAccessToken":"t","pageId":"1048","graphApiBaseUrl":"http://127.0.0.1:9/v21.0"}""")]
    [InlineData("marketplace", """{"replyUrl":"https://marketplace-relay.invalid/amazon/replies"}""")]
    [InlineData("shopify", "{}")]
    public void Stored_settings_read_and_are_written_back_in_the_same_shape(string kind, string stored)
    {
        var settings = ChannelSettings.Read(kind, stored);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(settings.ToJson())), settings.ToJson());
    }

    [Fact]
    public void Stored_settings_are_read_by_their_names()
    {
        var messenger = ChannelSettings.Read<MessengerSettings>(
            """{"pageId":"1048","verifyToken":"v","pageAccessToken":"t","graphApiBaseUrl":"https://graph.example/v21.0","defaultLanguage":"nb"}""");
        Assert.Equal(new MessengerSettings
        {
            PageId = "1048", VerifyToken = "v", PageAccessToken = "t", GraphApiBaseUrl = "https://graph.example/v21.0", DefaultLanguage = "nb",
        }, messenger);
        Assert.Equal(7, ChannelSettings.Read<StorefrontSettings>("""{"emailChannelId":7}""").EmailChannelId);
        Assert.Equal("https://relay.example/r", ChannelSettings.Read<MarketplaceSettings>("""{"replyUrl":"https://relay.example/r"}""").ReplyUrl);
    }

    [Theory]
    [InlineData("""{"address":"support@shop.example","signature":"Best, Shop","replyUrl":"https://x.example"}""")] // keys no version of this kind had
    [InlineData("""{"address":"support@shop.example","displayName":42}""")] // a value of the wrong type
    [InlineData("""{"address":"support@shop.example","displayName":null}""")]
    public void What_a_stored_row_holds_beyond_its_kind_is_as_if_unset(string stored)
    {
        Assert.Equal(new EmailSettings { Address = "support@shop.example" }, ChannelSettings.Read<EmailSettings>(stored));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    public void A_row_that_is_not_an_object_reads_as_no_settings(string stored)
    {
        Assert.Equal(new StorefrontSettings(), ChannelSettings.Read<StorefrontSettings>(stored));
    }

    [Fact]
    public void Write_only_settings_are_named_but_never_shown()
    {
        var settings = new MessengerSettings { PageId = "1048", PageAccessToken = "token" };
        Assert.Equal("""{"pageId":"1048"}""", settings.Shown().ToJsonString());
        Assert.Equal(["pageAccessToken"], settings.Secrets().Select(s => s.Key));
    }

    [Theory]
    [InlineData("email", """{"address":"not an address"}""", "settings.address")]
    [InlineData("email", """{"address":7}""", "settings.address")]
    [InlineData("email", """{"displayName":""}""", "settings.displayName")]
    [InlineData("email", """{"adress":"support@shop.example"}""", "settings.adress")]
    [InlineData("storefront", """{"defaultLanguage":"English"}""", "settings.defaultLanguage")]
    [InlineData("storefront", """{"emailChannelId":"3"}""", "settings.emailChannelId")]
    [InlineData("storefront", """{"emailChannelId":0}""", "settings.emailChannelId")]
    [InlineData("storefront", """{"address":"support@shop.example"}""", "settings.address")]
    [InlineData("messenger", """{"graphApiBaseUrl":"ftp://graph.example"}""", "settings.graphApiBaseUrl")]
    [InlineData("messenger", """{"pageAccessToken":{"value":"t"}}""", "settings.pageAccessToken")]
    [InlineData("marketplace", """{"replyUrl":"/replies"}""", "settings.replyUrl")]
    [InlineData("shopify", """{"defaultLanguage":"en"}""", "settings.defaultLanguage")]
    public void Bad_settings_are_named(string kind, string sent, string field)
    {
        var failure = Assert.Single(ChannelSettings.Check(kind, JsonNode.Parse(sent)!.AsObject()));
        Assert.Equal(field, failure.PropertyName);
        Assert.Contains($"'{field}'", failure.ErrorMessage);
    }

    [Fact]
    public void Null_is_unset_and_nothing_is_a_valid_set_of_settings()
    {
        Assert.Equal(new EmailSettings(), ChannelSettings.Parse("email", JsonNode.Parse("""{"address":null}""")!.AsObject()));
        Assert.All(ChannelKinds.All, kind => Assert.Empty(ChannelSettings.Check(kind, null)));
    }
}
