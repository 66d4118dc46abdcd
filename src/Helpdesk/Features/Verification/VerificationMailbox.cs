using System.Text.Json.Nodes;
using Helpdesk.Features.Channels;

namespace Helpdesk.Features.Verification;

/// <summary>The email channel a storefront's one-time codes leave from: its <c>settings.emailChannelId</c>, else the shop's first mailbox.</summary>
public static class VerificationMailbox
{
    public sealed record Mailbox(long ChannelId, string Address, string? DisplayName, string? DefaultLanguage);

    public static async Task<Mailbox?> FindAsync(HelpdeskDbContext db, Channel storefront, CancellationToken ct)
    {
        var chosen = Settings(storefront.SettingsJson)?["emailChannelId"] is JsonValue v && v.TryGetValue<long>(out var id) ? id : (long?)null;
        var mailboxes = await db.Channels.AsNoTracking().Where(c => c.Kind == ChannelKinds.Email)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.SettingsJson }).ToListAsync(ct);
        var mailbox = mailboxes.FirstOrDefault(m => m.Id == chosen) ?? mailboxes.FirstOrDefault();
        if (mailbox is null || Settings(mailbox.SettingsJson) is not { } settings
            || settings["address"] is not JsonValue address || !address.TryGetValue<string>(out var from)) return null;
        return new Mailbox(mailbox.Id, from, Text(settings["displayName"]), Text(settings["defaultLanguage"]));
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static JsonObject? Settings(string json)
    {
        try { return JsonNode.Parse(json) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
