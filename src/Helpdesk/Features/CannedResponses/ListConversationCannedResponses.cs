using System.Security.Claims;
using Helpdesk.Features.Agents;

namespace Helpdesk.Features.CannedResponses;

/// <summary>
/// The macros an agent can use in one conversation: one per shortcut, in the customer's language
/// where there is one, each already filled in for this customer, order and agent. Those in the
/// customer's own language come first, so the first pick is one they can read.
/// </summary>
public sealed record ListConversationCannedResponses(long ConversationId, string AgentName)
    : IRequest<List<CannedResponseDto>>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/conversations/{id:long}/canned-responses", (long id, ClaimsPrincipal user, IMediator m, CancellationToken ct) =>
                m.Send(new ListConversationCannedResponses(id, user.AgentName()), ct))
            .RequireAuthorization().WithTags("Canned responses");
}

public sealed class ListConversationCannedResponsesHandler(HelpdeskDbContext db, TemplateValues values)
    : IRequestHandler<ListConversationCannedResponses, List<CannedResponseDto>>
{
    public async Task<List<CannedResponseDto>> Handle(ListConversationCannedResponses r, CancellationToken ct)
    {
        var context = await values.ForConversationAsync(r.ConversationId, ct) ?? throw new NotFoundException("Conversation");
        var macros = await db.CannedResponses.AsNoTracking().Where(c => c.Purpose == Purposes.Macro).ToListAsync(ct);
        var rendered = new List<(int Rank, CannedResponseDto Dto)>();
        var preference = Languages.Candidates(context.CustomerLocale, context.ChannelLanguage).ToList();
        // The values differ only by the language they are written in: filled once per language.
        var byLocale = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.OrdinalIgnoreCase);
        foreach (var variants in macros.GroupBy(m => m.Shortcut).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // A macro written only in other languages is still offered: the agent can translate it.
            var best = Languages.Pick(variants, v => v.Locale, context.CustomerLocale, context.ChannelLanguage)
                ?? variants.OrderBy(v => v.Locale, StringComparer.Ordinal).First();
            if (!byLocale.TryGetValue(best.Locale, out var filled))
                byLocale[best.Locale] = filled = await values.ForAsync(context, best.Locale, r.AgentName, ct);
            var rank = preference.FindIndex(l => l.Equals(best.Locale, StringComparison.OrdinalIgnoreCase));
            rendered.Add((rank < 0 ? int.MaxValue : rank, CannedResponseDto.From(best) with { Body = Template.Render(best.Body, filled) }));
        }
        // Stable: within a language, still by shortcut.
        return rendered.OrderBy(r => r.Rank).Select(r => r.Dto).ToList();
    }
}
