using System.Net.Http.Json;
using System.Text.Json;
using Helpdesk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Helpdesk.Tests.Features.Surveys;

/// <summary>A shop with a storefront (whose key records orders) and a support mailbox; invitations land as .eml files.</summary>
public sealed class SurveyShop : IAsyncDisposable
{
    public const string StoreKey = "store-api-key-0123456789";
    public const string MarketplaceSecret = "marketplace-secret-0123456789";
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; }
    public HelpdeskApp App { get; }
    public Agent Admin { get; private set; } = null!;
    public string PublicKey { get; private set; } = "";
    public const string MailSecret = "mail-secret-0123456789";
    public long MailChannelId { get; private set; }
    public string MailFolder => Path.Combine(App.DataDirectory, "mail");

    private SurveyShop(HelpdeskApp app, FakeTimeProvider time)
    {
        App = app;
        Time = time;
    }

    public static Dictionary<string, string?> Settings(string folder) => new()
    {
        ["Surveys:PollMilliseconds"] = "50",
        ["Outbox:PollMilliseconds"] = "50",
        ["Smtp:PickupDirectory"] = Path.Combine(folder, "mail"),
        ["Store:PublicUrl"] = "https://help.shop.example",
    };

    public static async Task<SurveyShop> StartAsync(string? folder = null, FakeTimeProvider? time = null, bool create = true)
    {
        folder ??= Directory.CreateTempSubdirectory("helpdesk-surveys-").FullName;
        time ??= new FakeTimeProvider(Start);
        var shop = new SurveyShop(new HelpdeskApp(folder, Settings(folder), time), time);
        shop.Admin = await shop.App.SignInAsync();
        if (create)
        {
            shop.PublicKey = (await shop.App.CreateStorefrontChannelAsync(shop.Admin, StoreKey)).PublicKey;
            shop.MailChannelId = await HelpdeskApp.CreateChannelAsync(shop.Admin, "email", MailSecret, new { address = "support@shop.example" });
        }
        return shop;
    }

    /// <summary>Signs in again: the auth cookie runs on the app's clock, which the tests move.</summary>
    public async Task<Agent> FreshAdminAsync()
    {
        await Admin.DisposeAsync();
        return Admin = await App.SignInAsync();
    }

    public static object Order(string id, string status = "delivered", string customer = "c-1", string email = "mette@example.dk",
        DateTimeOffset? deliveredAt = null) => new
    {
        externalId = id, number = $"#{id}", customer = new { externalId = customer, email, name = "Mette Kristensen" },
        placedAt = Start.AddDays(-4), total = 89.95m, currency = "EUR", status,
        fulfilledAt = Start.AddDays(-3), deliveredAt = status == "delivered" ? deliveredAt ?? Start : (DateTimeOffset?)null,
        lines = new[] { new { sku = "FL-MID", name = "Fleece mid-layer", quantity = 1, price = 89.95m } },
    };

    public Task<JsonElement> OrderAsync(object order) => App.SubmitOrderAsync(StoreKey, order);

    public void Advance(TimeSpan by) => Time.Advance(by);

    public MimeMessage[] Invitations() =>
        Directory.Exists(MailFolder)
            ? Directory.GetFiles(MailFolder, "*.eml").Select(f => MimeMessage.Load(f)).OrderBy(m => m.Date).ToArray()
            : [];

    public Task<MimeMessage[]> InvitationsAsync(int count) =>
        Eventually.Until(() => Task.FromResult(Invitations()), m => m.Length >= count);

    /// <summary>Gives the background loops several rounds, for checking that something did not happen.</summary>
    public static Task QuietAsync() => Task.Delay(600);

    public static string Token(MimeMessage mail) =>
        System.Text.RegularExpressions.Regex.Match(mail.TextBody, @"/survey/([A-Za-z0-9_-]{43})\b").Groups[1].Value;

    public async Task<JsonElement> ResultsAsync() =>
        await (await FreshAdminAsync()).Http.GetFromJsonAsync<JsonElement>(
            $"/api/surveys?from={Uri.EscapeDataString(Start.AddDays(-1).ToString("O"))}&to={Uri.EscapeDataString(Time.GetUtcNow().AddDays(1).ToString("O"))}");

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync();
        await App.DisposeAsync();
    }
}
