using Helpdesk.Features.Agents;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Features.Verification;

/// <summary>
/// An agent about to talk about orders asks the shopper to prove their email first: the widget
/// shows its "verify your email" prompt (now, and on every visit until they do), and the thread
/// keeps a note of who asked.
/// </summary>
public sealed record AskToVerify(long ConversationId, long AgentId, string AgentName) : IRequest, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/conversations/{id:long}/verification-request", async (long id, HttpContext http, IMediator m) =>
            {
                await m.Send(new AskToVerify(id, http.User.AgentId(), http.User.AgentName()), http.RequestAborted);
                return Results.Accepted();
            })
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class AskToVerifyHandler(
    HelpdeskDbContext db, MessageWriter writer, IMediator mediator, IHubContext<WidgetHub, IWidgetClient> widget,
    ConversationFeed feed, TimeProvider time)
    : IRequestHandler<AskToVerify, Unit>
{
    public async Task<Unit> Handle(AskToVerify r, CancellationToken ct)
    {
        var conversation = await db.Conversations.FirstOrDefaultAsync(c => c.Id == r.ConversationId, ct)
            ?? throw new NotFoundException("Conversation");
        if (conversation.VisitorId is not { } visitorId)
            throw new ConflictException("Only a shopper in the chat widget can verify their email there.");
        if (await db.Visitors.AnyAsync(v => v.Id == visitorId && v.VerifiedAt != null, ct))
            throw new ConflictException("This shopper is verified already.");

        conversation.VerificationRequestedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        var note = await writer.AppendAsync(new NewMessage
        {
            ConversationId = conversation.Id, Sender = Senders.System, AuthorName = r.AgentName, IsPrivate = true,
            Body = $"{r.AgentName} asked the customer to verify their email address.",
        }, CancellationToken.None);
        await mediator.Publish(new MessageAdded(note), CancellationToken.None);
        await widget.Clients.Group(HubGroups.Visitor(visitorId)).VerificationRequested(new VerificationRequestedEvent(conversation.Id));
        feed.Changed(conversation.Id);
        return Unit.Value;
    }
}
