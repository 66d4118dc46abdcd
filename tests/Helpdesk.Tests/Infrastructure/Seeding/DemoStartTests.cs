using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace Helpdesk.Tests.Infrastructure.Seeding;

/// <summary>A fresh demo opens on a calm queue: recent conversations, a couple overdue to show what that looks like.</summary>
public sealed class DemoStartTests
{
    [Fact]
    public async Task A_fresh_demo_has_only_a_couple_of_overdue_conversations()
    {
        var start = new DateTimeOffset(2026, 12, 8, 10, 30, 0, TimeSpan.Zero);
        await using var app = new HelpdeskApp(settings: new() { ["environment"] = "Development", ["Seed:Demo"] = "true" },
            time: new FakeTimeProvider(start));
        var admin = await app.SignInAsync();

        var open = (await admin.Http.GetFromJsonAsync<JsonElement[]>("/api/conversations?status=open"))!;
        var waiting = open.Select(c => c.GetProperty("priority").GetProperty("dueAt"))
            .Where(d => d.ValueKind == JsonValueKind.String).Select(d => d.GetDateTime()).Where(d => d.Year < 9999).ToList();
        var overdue = waiting.Count(d => d < start.UtcDateTime);

        Assert.True(waiting.Count >= 8, $"{waiting.Count} waiting");
        Assert.True(overdue is >= 1 and <= 3, $"{overdue} of {waiting.Count} overdue: {string.Join(", ", waiting.Select(d => d - start.UtcDateTime))}");
    }
}
