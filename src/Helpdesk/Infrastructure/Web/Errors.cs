namespace Helpdesk.Infrastructure.Web;

/// <summary>Not found, or not yours: the caller is never told which.</summary>
public sealed class NotFoundException(string what) : Exception($"{what} was not found.");

/// <summary>The caller could not be authenticated (bad signature, forged or expired token).</summary>
public sealed class UnauthorizedException(string reason) : Exception(reason);

/// <summary>The request is valid but clashes with what is stored.</summary>
public sealed class ConflictException(string reason) : Exception(reason);

/// <summary>The caller is sending faster than its limit allows; when known, how long until it may try again.</summary>
public sealed class TooManyRequestsException(string reason, int? retryAfterSeconds = null) : Exception(reason)
{
    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}

/// <summary>The caller is known and may not do this (a webhook handshake with the wrong token).</summary>
public sealed class ForbiddenException(string reason) : Exception(reason);

/// <summary>It existed, and its time is over (an expired survey link).</summary>
public sealed class GoneException(string reason) : Exception(reason);

/// <summary>The helpdesk is too busy to take this now; nothing was stored, and the caller should try again shortly.</summary>
public sealed class BusyException(string reason) : Exception(reason)
{
    /// <summary>A writer's queue drains in well under a second.</summary>
    public const int RetryAfterSeconds = 1;
}
