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

public sealed class PostAgentMessageHandler(MessageWriter writer, IMediator mediator)
    : IRequestHandler<PostAgentMessage, MessageDto>
{
    public async Task<MessageDto> Handle(PostAgentMessage r, CancellationToken ct)
    {
        var stored = await writer.AppendAsync(new NewMessage
        {
            ConversationId = r.ConversationId,
            Sender = Senders.Agent,
            AgentId = r.AgentId,
            AuthorName = r.AgentName,
            Body = r.Body!.Trim(),
            IsPrivate = r.IsPrivate,
            ClientMessageId = r.ClientMessageId,
        }, CancellationToken.None); // once queued it will be stored: announce it even if the sender has gone
        if (stored.IsNew) await mediator.Publish(new MessageAdded(stored), CancellationToken.None);
        return MessageDto.From(stored.Message);
    }
}
