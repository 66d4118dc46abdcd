using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Conversations;

/// <param name="Mentions">Agents a private note mentions (their ids); a reply to the customer mentions nobody.</param>
public sealed record PostMessageBody(string? ClientMessageId, string? Body, bool IsPrivate, long[]? Mentions = null);

/// <summary>An agent's reply or private note; the REST API and the inbox hub's Reply both land here.</summary>
public sealed record PostAgentMessage(
    long ConversationId, long AgentId, string AgentName, string? ClientMessageId, string? Body, bool IsPrivate, long[]? Mentions = null)
    : IRequest<MessageDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/conversations/{id:long}/messages", async (long id, PostMessageBody body, HttpContext http, IMediator m) =>
            {
                var message = await m.Send(new PostAgentMessage(
                    id, http.User.AgentId(), http.User.AgentName(), body.ClientMessageId, body.Body, body.IsPrivate, body.Mentions), http.RequestAborted);
                return Results.Created($"/api/conversations/{id}", message);
            })
            .RequireAuthorization().WithTags("Conversations").Produces<MessageDto>(StatusCodes.Status201Created);
}

public sealed class PostAgentMessageValidator : AbstractValidator<PostAgentMessage>
{
    public PostAgentMessageValidator()
    {
        RuleFor(r => r.ConversationId).GreaterThan(0).WithName("conversationId");
        RuleFor(r => r.ClientMessageId).ClientMessageId();
        RuleFor(r => r.Body).MessageBody();
        RuleFor(r => r.Mentions).Must(m => m is null || m.Length == 0).When(r => !r.IsPrivate)
            .OverridePropertyName("mentions").WithMessage("Only a private note may mention agents: the customer never sees mentions.");
        RuleFor(r => r.Mentions!.Length).LessThanOrEqualTo(Mentions.MentionAgents.Max).When(r => r.Mentions is not null)
            .OverridePropertyName("mentions").WithMessage($"A note may mention at most {Mentions.MentionAgents.Max} agents.");
        RuleFor(r => r.Mentions).Must(m => m!.All(id => id > 0)).When(r => r.Mentions is not null)
            .OverridePropertyName("mentions").WithMessage("Agent ids are positive numbers.");
    }
}

public sealed class PostAgentMessageHandler(
    MessageWriter writer, IMediator mediator, HelpdeskDbContext db, TimeProvider time, Mentions.MentionAgents mentions)
    : IRequestHandler<PostAgentMessage, MessageDto>
{
    public async Task<MessageDto> Handle(PostAgentMessage r, CancellationToken ct)
    {
        if (!r.IsPrivate) await CheckChannelLimitsAsync(r, ct);
        var mentioned = await mentions.CheckAsync(r.Mentions, r.AgentId, ct);
        var stored = await writer.AppendAsync(new NewMessage
        {
            ConversationId = r.ConversationId,
            Sender = Senders.Agent,
            AgentId = r.AgentId,
            AuthorName = r.IsPrivate ? r.AgentName : await PublicNameAsync(r, ct),
            Body = r.Body!.Trim(),
            IsPrivate = r.IsPrivate,
            ClientMessageId = r.ClientMessageId,
        }, CancellationToken.None); // once queued it will be stored: announce it even if the sender has gone
        if (stored.IsNew) await mediator.Publish(new MessageAdded(stored), CancellationToken.None);
        // Also when the note was stored before: a first try that stopped in between recorded it but not its mentions.
        if (stored.Message.IsPrivate) await mentions.RecordAsync(stored.Message, r.AgentName, mentioned);
        return MessageDto.From(stored.Message, stored.Delivery);
    }

    /// <summary>
    /// A reply is signed with the name the agent shows customers (their display name), read when it is
    /// written so that a change applies to the very next reply; a note, for colleagues, with their name.
    /// </summary>
    private async Task<string> PublicNameAsync(PostAgentMessage r, CancellationToken ct) =>
        await db.Agents.Where(a => a.Id == r.AgentId).Select(a => a.DisplayName ?? a.Name).FirstOrDefaultAsync(ct) ?? r.AgentName;

    /// <summary>A reply the channel would refuse (too long for Messenger, past its window) is refused here, before it is stored.</summary>
    private async Task CheckChannelLimitsAsync(PostAgentMessage r, CancellationToken ct)
    {
        var kind = await db.Conversations.Where(c => c.Id == r.ConversationId)
            .Join(db.Channels, c => c.ChannelId, ch => ch.Id, (c, ch) => ch.Kind).FirstOrDefaultAsync(ct);
        if (kind != Channels.ChannelKinds.Messenger) return;
        var lastCustomerMessageAt = await db.Messages
            .Where(m => m.ConversationId == r.ConversationId && m.Sender == Senders.Customer)
            .MaxAsync(m => (DateTime?)m.CreatedAt, ct);
        var limits = ReplyLimits.For(kind, lastCustomerMessageAt, time.GetUtcNow().UtcDateTime);
        var body = r.Body!.Trim();
        string? problem = limits.Refusal
            ?? (body.Length > limits.MaxLength
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"'body' must be at most {limits.MaxLength:N0} characters: {ReplyLimits.ChannelLabel(kind)} allows no more (this one has {body.Length:N0}).")
                : null);
        if (problem is not null) throw new ValidationException([new FluentValidation.Results.ValidationFailure("body", problem)]);
    }
}
