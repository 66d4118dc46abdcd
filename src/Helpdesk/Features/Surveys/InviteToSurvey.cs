using Helpdesk.Features.CannedResponses;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Features.Surveys;

/// <summary>
/// A claimed, due survey: judged by the rules, then sent through the customer's best channel — live
/// in the widget if they are on the shop now, else by email, else on Messenger if that is all we
/// have. The invitation is a message in a conversation, so it leaves through the outbox with retries
/// and agents see it in the customer's history. The channel is recorded before the message is
/// written and the message has a fixed key, so a node dying half-way never sends it twice.
/// </summary>
public sealed record InviteToSurvey(long SurveyId, string Node) : IRequest<Unit>;

public sealed class InviteToSurveyHandler(
    HelpdeskDbContext db, MessageWriter writer, ConversationLifecycle lifecycle, TemplateValues values, LiveVisitors live, IMediator mediator,
    IOptions<StoreOptions> store, IOptions<SurveyOptions> options, TimeProvider time, ILogger<InviteToSurveyHandler> log)
    : IRequestHandler<InviteToSurvey, Unit>
{
    public const string KeyPrefix = "survey:";

    public static string MessageKey(long surveyId) => KeyPrefix + surveyId;

    public static long? SurveyOf(Message message) =>
        message.ClientMessageId is { } key && key.StartsWith(KeyPrefix, StringComparison.Ordinal)
        && long.TryParse(key.AsSpan(KeyPrefix.Length), out var id) ? id : null;

    public async Task<Unit> Handle(InviteToSurvey r, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var survey = await db.Surveys.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == r.SurveyId && s.LockedBy == r.Node && s.LockedUntil > now, ct);
        if (survey is null) return Unit.Value; // the claim ran out and another node has it
        if (survey.Attempts > SurveyRules.MaxAttempts)
            return await SkipAsync(survey, r.Node, SkipReasons.Failed, ct);
        if (survey.Kind == SurveyKinds.Conversation) return await AfterResolutionAsync(survey, r.Node, now, ct);
        var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == survey.OrderId, ct);
        var customer = await db.Customers.AsNoTracking().Include(c => c.Identities).FirstAsync(c => c.Id == survey.CustomerId, ct);
        var step = TimeSpan.FromMinutes(options.Value.PostponeMinutes);

        if (survey.InvitationConversationId is null)
        {
            var settings = await SurveySettingsStore.GetAsync(db, ct);
            var circumstances = new SurveyCircumstances(
                order.Status,
                customer.SurveysUnsubscribedAt is not null,
                await db.Surveys.Where(s => s.CustomerId == survey.CustomerId && s.Id != survey.Id && s.Kind == SurveyKinds.Purchase && s.SentAt != null)
                    .MaxAsync(s => s.SentAt, ct),
                await db.Conversations.AnyAsync(c => c.CustomerId == survey.CustomerId
                    && (c.Status == ConversationStatuses.Open || c.Status == ConversationStatuses.Pending), ct),
                survey.ScheduledFor);
            var decision = SurveyRules.Decide(settings, circumstances, now, step);
            if (decision is SurveyDecision.Postpone postpone) return await PostponeAsync(survey, r.Node, postpone.Until, ct);
            if (decision is SurveyDecision.Skip skip) return await SkipAsync(survey, r.Node, skip.Reason, ct);

            // The channel (and a new conversation for it) is recorded before anything is sent, by the node
            // that still holds the claim: a second holder after a lapsed lease finds the choice made.
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var held = await db.Surveys
                .Where(s => s.Id == survey.Id && s.LockedBy == r.Node && s.LockedUntil > now && s.InvitationConversationId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LockedUntil, now.AddSeconds(options.Value.LeaseSeconds)), ct);
            if (held == 0) return Unit.Value;
            var target = await ChooseAsync(order.Number, customer, now, ct);
            if (target is null)
            {
                // A shopper known only from the widget may be back on the shop within the hour.
                var mayVisit = await db.Visitors.AnyAsync(v => v.CustomerId == customer.Id, ct) && now - survey.ScheduledFor < SurveyRules.MaxPostponement;
                if (mayVisit) await PostponeAsync(survey, r.Node, now + step, ct);
                else await SkipAsync(survey, r.Node, SkipReasons.NoChannel, ct);
                await tx.CommitAsync(ct);
                return Unit.Value;
            }
            (survey.Channel, survey.InvitationConversationId, survey.Locale) = target.Value;
            await db.Surveys.Where(s => s.Id == survey.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Channel, survey.Channel).SetProperty(x => x.InvitationConversationId, survey.InvitationConversationId)
                .SetProperty(x => x.Locale, survey.Locale).SetProperty(x => x.SentAt, now), ct);
            await tx.CommitAsync(ct);
        }

        var body = await BodyAsync(survey, order.Number, customer, ct);
        return await SendAsync(survey, r.Node, body, $"order {order.Number}");
    }

    /// <summary>
    /// A survey after a resolution goes into the resolved conversation itself, by its own channel:
    /// inline in the widget, as a mail in the thread, on Messenger only within its 24 hours (after
    /// that Messenger allows no automatic message). A conversation reopened since is not asked about:
    /// its next resolution asks. The auto message answers nobody, so it leaves the conversation resolved.
    /// </summary>
    private async Task<Unit> AfterResolutionAsync(Survey survey, string node, DateTime now, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == survey.ConversationId, ct);
        var customer = await db.Customers.AsNoTracking().FirstAsync(c => c.Id == survey.CustomerId, ct);
        if (survey.InvitationConversationId is null)
        {
            var settings = await SurveySettingsStore.GetAsync(db, ct);
            if (!settings.AfterResolutionEnabled) return await SkipAsync(survey, node, SkipReasons.Disabled, ct);
            if (conversation.Status != ConversationStatuses.Resolved || conversation.ResolvedAt != survey.ResolvedAt)
                return await SkipAsync(survey, node, SkipReasons.Reopened, ct);
            if (customer.SurveysUnsubscribedAt is not null) return await SkipAsync(survey, node, SkipReasons.Unsubscribed, ct);
            var channel = await db.Channels.AsNoTracking().Where(ch => ch.Id == conversation.ChannelId)
                .Select(ch => new { ch.Kind, ch.SettingsJson }).FirstAsync(ct);
            string? by = channel.Kind switch
            {
                ChannelKinds.Storefront => SurveyChannels.Widget,
                ChannelKinds.Email when conversation.ContactAddress is not null => SurveyChannels.Email,
                ChannelKinds.Messenger => SurveyChannels.Messenger,
                _ => null,
            };
            if (by is null) return await SkipAsync(survey, node, SkipReasons.NoChannel, ct);
            if (by == SurveyChannels.Messenger)
            {
                var lastFromCustomer = await db.Messages.Where(m => m.ConversationId == conversation.Id && m.Sender == Senders.Customer)
                    .MaxAsync(m => (DateTime?)m.CreatedAt, ct);
                if (lastFromCustomer is not { } last || now >= last + ReplyLimits.MessengerStandardWindow)
                    return await SkipAsync(survey, node, SkipReasons.MessengerWindow, ct);
            }
            // As for a purchase, the admins' texts decide the language; with none left, the built-in words' languages do.
            var channelLanguage = TemplateValues.DefaultLanguage(channel.Kind, channel.SettingsJson);
            var locale = (await TextAsync(Purposes.ResolutionSurvey, customer.Locale, channelLanguage, ct))?.Locale
                ?? Languages.Pick(Languages.Shipped, l => l, customer.Locale, channelLanguage) ?? Languages.Fallback;

            // As for a purchase: the choice is recorded by the node still holding the claim, before anything is sent.
            var held = await db.Surveys
                .Where(s => s.Id == survey.Id && s.LockedBy == node && s.LockedUntil > now && s.InvitationConversationId == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.LockedUntil, now.AddSeconds(options.Value.LeaseSeconds))
                    .SetProperty(x => x.Channel, by).SetProperty(x => x.InvitationConversationId, conversation.Id)
                    .SetProperty(x => x.Locale, locale).SetProperty(x => x.SentAt, now), ct);
            if (held == 0) return Unit.Value;
            (survey.Channel, survey.InvitationConversationId, survey.Locale) = (by, conversation.Id, locale);
        }

        var url = SurveyLinks.Page(store.Value, survey.Token);
        var language = survey.Locale ?? Languages.Fallback;
        var body = SurveyTexts.Invitation(await QuestionAsync(survey, conversation.Id, language, url, ct), language, url,
            SurveyLinks.Unsubscribe(store.Value, survey.Token));
        return await SendAsync(survey, node, body, $"conversation {conversation.Id}");
    }

    /// <summary>
    /// The resolution-survey text in the survey's language, filled in for this conversation, with the
    /// agent who resolved it as {{agent.name}}; the built-in words if the shop has deleted every such text.
    /// </summary>
    private async Task<string> QuestionAsync(Survey survey, long conversationId, string locale, string url, CancellationToken ct)
    {
        if (await TextAsync(Purposes.ResolutionSurvey, locale, null, ct) is not { } text)
            return SurveyTexts.AfterResolution(locale, store.Value.Name, url);
        var context = (await values.ForConversationAsync(conversationId, ct))! with { SurveyUrl = url };
        var agentName = survey.AgentId is { } agentId
            ? await db.Agents.Where(a => a.Id == agentId).Select(a => a.Name).FirstOrDefaultAsync(ct)
            : null;
        return Template.Render(text.Body, await values.ForAsync(context, text.Locale, agentName, ct));
    }

    /// <summary>The invitation as an auto message under the survey's fixed key, then the survey marked sent.</summary>
    private async Task<Unit> SendAsync(Survey survey, string node, string body, string about)
    {
        var stored = await writer.AppendAsync(new NewMessage
        {
            ConversationId = survey.InvitationConversationId, Sender = Senders.Auto, Body = body, ClientMessageId = MessageKey(survey.Id),
        }, CancellationToken.None);
        if (stored.IsNew) await mediator.Publish(new MessageAdded(stored, FromMachine: true), CancellationToken.None);

        var sentAt = stored.Message.CreatedAt;
        await db.Surveys.Where(s => s.Id == survey.Id && s.LockedBy == node).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, SurveyStatuses.Sent).SetProperty(x => x.SentAt, sentAt)
            .SetProperty(x => x.LockedBy, (string?)null).SetProperty(x => x.LockedUntil, (DateTime?)null));
        log.LogInformation("Survey {SurveyId} for {About} sent by {Channel}", survey.Id, about, survey.Channel);
        return Unit.Value;
    }

    private async Task<Unit> PostponeAsync(Survey survey, string node, DateTime until, CancellationToken ct)
    {
        await db.Surveys.Where(s => s.Id == survey.Id && s.LockedBy == node).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, SurveyStatuses.Scheduled).SetProperty(x => x.DueAt, until).SetProperty(x => x.Attempts, 0)
            .SetProperty(x => x.LockedBy, (string?)null).SetProperty(x => x.LockedUntil, (DateTime?)null), ct);
        return Unit.Value;
    }

    private async Task<Unit> SkipAsync(Survey survey, string node, string reason, CancellationToken ct)
    {
        await db.Surveys.Where(s => s.Id == survey.Id && s.LockedBy == node).ExecuteUpdateAsync(s => s
            .SetProperty(x => x.Status, SurveyStatuses.Skipped).SetProperty(x => x.SkipReason, reason)
            .SetProperty(x => x.LockedBy, (string?)null).SetProperty(x => x.LockedUntil, (DateTime?)null), ct);
        log.LogInformation("Survey {SurveyId} skipped: {Reason}", survey.Id, reason);
        return Unit.Value;
    }

    private sealed record Language(string Locale, string Body);

    private readonly Dictionary<string, List<CannedResponse>> _texts = [];

    /// <summary>The text of a survey purpose in the customer's language (else the channel's, else English).</summary>
    private async Task<Language?> TextAsync(string purpose, string? customerLocale, string? channelLanguage, CancellationToken ct)
    {
        if (!_texts.TryGetValue(purpose, out var texts))
            _texts[purpose] = texts = await db.CannedResponses.AsNoTracking().Where(c => c.Purpose == purpose).OrderBy(c => c.Id).ToListAsync(ct);
        return Languages.Pick(texts, t => t.Locale, customerLocale, channelLanguage) is { } text ? new Language(text.Locale, text.Body) : null;
    }

    /// <summary>The widget if the customer is on the shop now, then email, then Messenger within its 24 hours.</summary>
    private async Task<(string Channel, long ConversationId, string Locale)?> ChooseAsync(
        string orderNumber, Customer customer, DateTime now, CancellationToken ct)
    {
        var visitors = await db.Visitors.Where(v => v.CustomerId == customer.Id)
            .OrderByDescending(v => v.LastSeenAt).Select(v => new { v.Id, v.ChannelId }).ToListAsync(ct);
        var online = await live.AmongAsync(visitors.Select(v => v.Id).ToList());
        if (online.Count > 0)
        {
            // Into the chat the widget shows (the visitor's latest), or a new one if they never chatted there.
            var visitor = visitors.First(v => v.Id == online[0]);
            var locale = await LocaleAsync(customer, visitor.ChannelId, ct);
            var chat = await db.Conversations.Where(c => c.VisitorId == visitor.Id).OrderByDescending(c => c.Id)
                .Select(c => (long?)c.Id).FirstOrDefaultAsync(ct)
                ?? await StartAsync(visitor.ChannelId, customer, SurveyTexts.Subject(locale, orderNumber), now, ct, visitorId: visitor.Id);
            return (SurveyChannels.Widget, chat, locale);
        }

        var email = customer.Email ?? customer.Identities.FirstOrDefault(i => i.Kind == IdentityKinds.Email)?.Value;
        if (email is not null && await MailChannelAsync(customer.Id, ct) is { } mailChannel)
        {
            var locale = await LocaleAsync(customer, mailChannel, ct);
            return (SurveyChannels.Email, await StartAsync(mailChannel, customer, SurveyTexts.Subject(locale, orderNumber), now, ct, email: email), locale);
        }

        // Messenger lets a business write first only within 24 hours of the customer's last message.
        var since = now - ReplyLimits.MessengerStandardWindow;
        var messenger = await db.Conversations.AsNoTracking()
            .Where(c => c.CustomerId == customer.Id && c.ContactAddress != null
                && db.Channels.Any(ch => ch.Id == c.ChannelId && ch.Kind == ChannelKinds.Messenger)
                && db.Messages.Any(m => m.ConversationId == c.Id && m.Sender == Senders.Customer && m.CreatedAt > since))
            .OrderByDescending(c => c.Id).Select(c => new { c.Id, c.ChannelId }).FirstOrDefaultAsync(ct);
        if (messenger is not null) return (SurveyChannels.Messenger, messenger.Id, await LocaleAsync(customer, messenger.ChannelId, ct));
        return null;
    }

    /// <summary>A conversation for the invitation alone: resolved, since nobody waits in it.</summary>
    private async Task<long> StartAsync(
        long channelId, Customer customer, string subject, DateTime now, CancellationToken ct, long? visitorId = null, string? email = null)
    {
        var conversation = new Conversation
        {
            ChannelId = channelId, CustomerId = customer.Id, CustomerVerified = true, VisitorId = visitorId, ContactAddress = email, Subject = subject,
        };
        var kind = await db.Channels.Where(ch => ch.Id == channelId).Select(ch => ch.Kind).FirstAsync(ct);
        lifecycle.Start(conversation, kind, PriorityFacts.Of(customer), now);
        lifecycle.Apply(conversation, kind, new Transition.Resolve(now));
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(ct);
        return conversation.Id;
    }

    /// <summary>The mailbox the customer last wrote to, else the first one the shop has.</summary>
    private async Task<long?> MailChannelAsync(long customerId, CancellationToken ct)
    {
        var mailboxes = db.Channels.Where(ch => ch.Kind == ChannelKinds.Email).Select(ch => ch.Id);
        return await db.Conversations.Where(c => c.CustomerId == customerId && mailboxes.Contains(c.ChannelId))
                .OrderByDescending(c => c.LastMessageAt).Select(c => (long?)c.ChannelId).FirstOrDefaultAsync(ct)
            ?? await mailboxes.OrderBy(id => id).Select(id => (long?)id).FirstOrDefaultAsync(ct);
    }

    private async Task<string> LocaleAsync(Customer customer, long channelId, CancellationToken ct)
    {
        var channel = await db.Channels.Where(ch => ch.Id == channelId).Select(ch => new { ch.Kind, ch.SettingsJson }).FirstAsync(ct);
        return (await TextAsync(Purposes.SurveyInvitation, customer.Locale, TemplateValues.DefaultLanguage(channel.Kind, channel.SettingsJson), ct))?.Locale
            ?? Languages.Fallback;
    }

    private async Task<string> BodyAsync(Survey survey, string orderNumber, Customer customer, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().FirstAsync(c => c.Id == survey.InvitationConversationId, ct);
        var locale = survey.Locale ?? Languages.Fallback;
        var text = await TextAsync(Purposes.SurveyInvitation, locale, null, ct);
        var url = SurveyLinks.Page(store.Value, survey.Token);
        var context = new TemplateContext(conversation.ChannelId, customer.Name, customer.Locale, customer.TimeZone, orderNumber, null)
        {
            SurveyUrl = url,
        };
        var rendered = text is null ? url : Template.Render(text.Body, await values.ForAsync(context, text.Locale, agentName: null, ct));
        return SurveyTexts.Invitation(rendered, locale, url, SurveyLinks.Unsubscribe(store.Value, survey.Token));
    }
}

public static class SurveyLinks
{
    public static string Page(StoreOptions store, string token) => $"{store.PublicUrl.TrimEnd('/')}/survey/{token}";
    public static string Unsubscribe(StoreOptions store, string token) => Page(store, token) + "?unsubscribe=1";
    /// <summary>RFC 8058's one-click address: a POST unsubscribes, with nothing to confirm.</summary>
    public static string OneClickUnsubscribe(StoreOptions store, string token) => $"{store.PublicUrl.TrimEnd('/')}/api/surveys/{token}/unsubscribe";
}
