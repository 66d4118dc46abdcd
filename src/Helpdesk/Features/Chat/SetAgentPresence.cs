using Helpdesk.Features.Agents;

namespace Helpdesk.Features.Chat;

public sealed record SetAgentPresence(long AgentId, string? Presence) : IRequest;

public sealed class SetAgentPresenceValidator : AbstractValidator<SetAgentPresence>
{
    public SetAgentPresenceValidator() =>
        RuleFor(r => r.Presence).Must(p => p is not null && Presence.All.Contains(p))
            .WithMessage("'presence' must be online, away or offline.");
}

public sealed class SetAgentPresenceHandler(AgentPresence presence) : IRequestHandler<SetAgentPresence, Unit>
{
    public async Task<Unit> Handle(SetAgentPresence r, CancellationToken ct)
    {
        await presence.ChooseAsync(r.AgentId, r.Presence!);
        return Unit.Value;
    }
}
