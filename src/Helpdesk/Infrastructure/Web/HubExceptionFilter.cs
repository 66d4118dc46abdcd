using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// The one place that turns a hub method's failure into a HubException the client can read;
/// the connection stays up.
/// </summary>
public sealed class HubExceptionFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(context);
        }
        catch (ValidationException v)
        {
            var fields = ProblemDetailsExceptionHandler.ToErrorMap(v)
                .Select(e => $"{e.Key}: {string.Join(" ", e.Value)}");
            throw new HubException("The request is not valid. " + string.Join("; ", fields));
        }
        catch (Exception e) when (e is NotFoundException or UnauthorizedException or ConflictException or TooManyRequestsException or BusyException)
        {
            throw new HubException(e.Message);
        }
    }
}
