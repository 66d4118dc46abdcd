using System.Text.Json.Serialization;
using FluentValidation.Results;

namespace Helpdesk.Features.Agents;

/// <summary>
/// A picture for an agent: the body is the image file itself (PNG, JPEG or WebP, at most 256 KB), judged
/// by its bytes, never by its name or Content-Type. An admin sets anyone's, an agent their own.
/// </summary>
public sealed record SetAgentAvatar(long Id, long CallerId, bool CallerIsAdmin, byte[] Image) : IRequest<AgentDto>, IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/agents/{id:long}/avatar", async (long id, HttpContext http, IMediator m) =>
            {
                var image = await RawBody.ReadAsync(http.Request, AvatarImage.MaxBytes);
                return await m.Send(new SetAgentAvatar(id, http.User.AgentId(), http.User.IsInRole(AgentRoles.Admin), image), http.RequestAborted);
            })
            .RequireAuthorization().WithTags("Agents").Produces<AgentDto>();

    /// <summary>An admin may change anyone's picture; everyone else only their own, and learns nothing of others.</summary>
    public static void EnsureAllowed(long id, long callerId, bool callerIsAdmin)
    {
        if (!callerIsAdmin && id != callerId) throw new NotFoundException("Agent");
    }
}

public sealed class SetAgentAvatarValidator : AbstractValidator<SetAgentAvatar>
{
    public SetAgentAvatarValidator() =>
        RuleFor(r => r.Image).Must(image => AvatarImage.ContentTypeOf(image) is not null).OverridePropertyName("image")
            .WithMessage($"The picture must be a PNG, JPEG or WebP file of at most {AvatarImage.MaxBytes / 1024} KB.");
}

public sealed class SetAgentAvatarHandler(HelpdeskDbContext db, TimeProvider time) : IRequestHandler<SetAgentAvatar, AgentDto>
{
    public async Task<AgentDto> Handle(SetAgentAvatar r, CancellationToken ct)
    {
        SetAgentAvatar.EnsureAllowed(r.Id, r.CallerId, r.CallerIsAdmin);
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == r.Id, ct) ?? throw new NotFoundException("Agent");
        var contentType = AvatarImage.ContentTypeOf(r.Image)
            ?? throw new ValidationException([new ValidationFailure("image", "The picture must be a PNG, JPEG or WebP file.")]);
        var avatar = await db.AgentAvatars.FirstOrDefaultAsync(a => a.AgentId == r.Id, ct);
        if (avatar is null) db.AgentAvatars.Add(avatar = new AgentAvatar { AgentId = r.Id, ContentType = contentType, Image = r.Image });
        avatar.ContentType = contentType;
        avatar.Image = r.Image;
        avatar.UpdatedAt = time.GetUtcNow().UtcDateTime;
        agent.AvatarVersion = (agent.AvatarVersion ?? 0) + 1;
        await db.SaveChangesAsync(ct);
        return AgentDto.Of(agent);
    }
}
