using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Conversations;

public sealed record PostMessageBody(string? ClientMessageId, string? Body, bool IsPrivate);

/// <summary>An agent's reply or private note; the REST API and the inbox hub's Reply both land here.</summary>
public sealed record PostAgentMessage(
    long ConversationId, long AgentId, string AgentName, string? ClientMessageId, string? Body, bool IsPrivate)
    : IRequest<MessageDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/conversations/{id:long}/messages", async (long id, PostMessageBody body, HttpContext http, IMediator m) =>
            {
                var message = await m.Send(new PostAgentMessage(
                    id, http.User.AgentId(), http.User.AgentName(), body.ClientMessageId, body.Body, body.IsPrivate), http.RequestAborted);
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
    }
}

public sealed class PostAgentMessageHandler(MessageWriter writer, IMediator mediator, HelpdeskDbContext db, TimeProvider time)
    : IRequestHandler<PostAgentMessage, MessageDto>
{
    public async Task<MessageDto> Handle(PostAgentMessage r, CancellationToken ct)
    {
        if (!r.IsPrivate) await CheckChannelLimitsAsync(r, ct);
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
