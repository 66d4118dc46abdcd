using Helpdesk.Features.BusinessHours;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Customers;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.CannedResponses;

/// <summary>Who a conversation is with, as far as a canned response needs to know.</summary>
public sealed record TemplateContext(
    long ChannelId, string? CustomerName, string? CustomerLocale, string? CustomerTimeZone, string? OrderNumber, string? ChannelLanguage)
{
    public string? SurveyUrl { get; init; }
}

/// <summary>Fills the template variables for one conversation from its customer, their latest order and its channel.</summary>
public sealed class TemplateValues(HelpdeskDbContext db, ChannelSchedules schedules, IOptions<StoreOptions> store, TimeProvider time)
{
    /// <remarks>
    /// A customer only claimed (an address typed in the widget, a mail its relay did not vouch for)
    /// is not who the words go to: a chat speaks to the shopper as they introduced themselves, a
    /// mail by no name, and neither names an order, so nothing of the claimed customer's reaches a stranger.
    /// </remarks>
    public async Task<TemplateContext?> ForConversationAsync(long conversationId, CancellationToken ct)
    {
        var found = await db.Conversations.AsNoTracking().Where(c => c.Id == conversationId)
            .Select(c => new
            {
                c.ChannelId,
                c.CustomerVerified,
                Channel = db.Channels.Where(ch => ch.Id == c.ChannelId).Select(ch => new { ch.Kind, ch.SettingsJson }).First(),
                Customer = db.Customers.Where(cu => cu.Id == c.CustomerId).Select(cu => new { cu.Name, cu.Locale, cu.TimeZone }).First(),
                Shopper = db.Visitors.Where(v => v.Id == c.VisitorId).Join(db.Customers, v => v.CustomerId, cu => cu.Id,
                    (v, cu) => new { cu.Name, cu.Locale, cu.TimeZone }).FirstOrDefault(),
                OrderNumber = db.Orders.Where(o => o.CustomerId == c.CustomerId).OrderByDescending(o => o.PlacedAt)
                    .Select(o => o.Number).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(ct);
        if (found is null) return null;
        var language = DefaultLanguage(found.Channel.Kind, found.Channel.SettingsJson);
        if (found.CustomerVerified)
            return new TemplateContext(found.ChannelId, found.Customer.Name, found.Customer.Locale, found.Customer.TimeZone, found.OrderNumber, language);
        return found.Shopper is { } shopper
            ? new TemplateContext(found.ChannelId, shopper.Name, shopper.Locale, shopper.TimeZone, null, language)
            : new TemplateContext(found.ChannelId, null, null, null, null, language);
    }

    /// <summary>The values in <paramref name="locale"/>, the language of the text they go into.</summary>
    public async Task<IReadOnlyDictionary<string, string?>> ForAsync(TemplateContext c, string locale, string? agentName, CancellationToken ct)
    {
        var schedule = await schedules.ForChannelAsync(c.ChannelId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var zone = c.CustomerTimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var own) ? own : schedule.Zone;
        return new Dictionary<string, string?>
        {
            [TemplateVariables.CustomerFirstName] = CustomerNames.First(c.CustomerName),
            [TemplateVariables.CustomerName] = CustomerNames.Real(c.CustomerName),
            [TemplateVariables.OrderNumber] = c.OrderNumber,
            [TemplateVariables.StoreName] = store.Value.Name,
            [TemplateVariables.AgentName] = agentName,
            [TemplateVariables.SurveyUrl] = c.SurveyUrl,
            [TemplateVariables.NextOpen] = schedule.StatusAt(now).NextOpenAt is { } opens ? ReopeningTime.Format(opens, now, zone, locale) : null,
        };
    }

    /// <summary>A channel's <c>settings.defaultLanguage</c>: the language its customers write in when they do not say.</summary>
    public static string? DefaultLanguage(string kind, string settingsJson) =>
        ChannelSettings.Read(kind, settingsJson) is ConversationalSettings settings ? settings.DefaultLanguage : null;
}
