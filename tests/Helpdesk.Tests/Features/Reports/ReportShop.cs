using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Helpdesk.Features.Reports;
using Helpdesk.Infrastructure.Data;
using Helpdesk.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Features.Reports;

/// <summary>A running helpdesk on a clock the test moves, with a storefront, its admin answering in the inbox, and the reports read as agents read them.</summary>
public sealed class ReportShop : IAsyncDisposable
{
    public const string StoreKey = "store-api-key-0123456789";
    /// <summary>Monday 23 November 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    public FakeTimeProvider Time { get; }
    public HelpdeskApp App { get; }
    public Agent Admin { get; private set; } = null!;
    public long ChannelId { get; private set; }
    public string PublicKey { get; private set; } = "";
    public DateTimeOffset Now => Time.GetUtcNow();

    private ReportShop(HelpdeskApp app, FakeTimeProvider time)
    {
        App = app;
        Time = time;
    }

    public static async Task<ReportShop> StartAsync(DateTimeOffset? start = null, string timeZone = "UTC")
    {
        var folder = Directory.CreateTempSubdirectory("helpdesk-reports-").FullName;
        var time = new FakeTimeProvider(start ?? Monday);
        var shop = new ReportShop(new HelpdeskApp(folder, new()
        {
            ["Store:TimeZone"] = timeZone,
            ["Store:PublicUrl"] = "https://help.shop.example",
            ["Surveys:PollMilliseconds"] = "50",
            ["Outbox:PollMilliseconds"] = "50",
            ["Smtp:PickupDirectory"] = Path.Combine(folder, "mail"),
        }, time), time);
        shop.Admin = await shop.App.SignInAsync();
        (shop.ChannelId, shop.PublicKey) = await shop.App.CreateStorefrontChannelAsync(shop.Admin, StoreKey);
        await shop.Admin.ConnectAsync();
        return shop;
    }

    public void Advance(TimeSpan by) => Time.Advance(by);

    /// <summary>Another agent, signed in and connected to the inbox.</summary>
    public async Task<Agent> AgentAsync(string name)
    {
        var email = $"agent-{Guid.NewGuid():N}@example.com";
        await using var admin = await FreshAsync();
        (await admin.Http.PostAsJsonAsync("/api/agents", new { name, email, password = "agent-password-1", role = "agent", chatCapacity = 5 }))
            .EnsureSuccessStatusCode();
        var agent = await App.SignInAsync(email, "agent-password-1");
        await agent.ConnectAsync();
        return agent;
    }

    /// <summary>The admin signed in afresh, for HTTP only: the clock may have moved past an older sign-in's 12 hours.</summary>
    public Task<Agent> FreshAsync() => App.SignInAsync();

    /// <summary>A shopper who asks something; the conversation's id.</summary>
    public async Task<(Shopper Shopper, long ConversationId)> AskAsync(string name, string question, object? identity = null)
    {
        var shopper = await App.ShopperAsync(new { publicKey = PublicKey, name, locale = "en", identity });
        var asked = await shopper.SendAsync(question);
        return (shopper, asked.ConversationId);
    }

    public static async Task SetStatusAsync(Agent agent, long conversationId, string status) =>
        (await agent.Http.PostAsJsonAsync($"/api/conversations/{conversationId}/status", new { status })).EnsureSuccessStatusCode();

    /// <summary>The admin changes a conversation's status, whenever the clock says it is.</summary>
    public async Task SetStatusAsync(long conversationId, string status)
    {
        await using var admin = await FreshAsync();
        await SetStatusAsync(admin, conversationId, status);
    }

    public static string Iso(DateTimeOffset at) => Uri.EscapeDataString(at.ToUniversalTime().ToString("O"));

    public async Task<JsonElement> SummaryAsync(DateTimeOffset from, DateTimeOffset to, string filters = "")
    {
        await using var admin = await FreshAsync();
        var response = await admin.Http.GetAsync($"/api/reports/summary?from={Iso(from)}&to={Iso(to)}{filters}");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A conversation's reporting events, oldest first.</summary>
    public async Task<List<ReportEvent>> EventsAsync(long conversationId)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HelpdeskDbContext>();
        return await db.ReportEvents.AsNoTracking().Where(e => e.ConversationId == conversationId).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>The token of the survey the shopper was asked in the chat after a resolution.</summary>
    public static async Task<string> SurveyTokenAsync(Shopper shopper, long conversationId)
    {
        var invitation = await shopper.Messages.WaitForAsync(m => m.Sender == "auto" && m.ConversationId == conversationId && m.Body.Contains("/survey/"));
        return Regex.Match(invitation.Body, @"/survey/([A-Za-z0-9_-]{43})\b").Groups[1].Value;
    }

    public async Task AnswerSurveyAsync(string token, int score)
    {
        using var http = App.Http();
        (await http.PostAsJsonAsync($"/api/surveys/{token}", new { score })).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync();
        await App.DisposeAsync();
    }
}
