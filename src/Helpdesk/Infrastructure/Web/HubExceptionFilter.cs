using Microsoft.AspNetCore.SignalR;

namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// The one place that turns a hub method's failure into a HubException the client can read;
/// the connection stays up. A refusal is the caller's business and is not logged (SignalR's own
/// dispatcher log, which would write a stack trace for each, is off in appsettings.json), so a
/// client that is refused a thousand times a second costs no disk; a real fault is logged here.
/// </summary>
public sealed class HubExceptionFilter(ILogger<HubExceptionFilter> log) : IHubFilter
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
        catch (HubException)
        {
            throw;
        }
        catch (OperationCanceledException) when (context.Context.ConnectionAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            log.LogError(e, "Hub method {Hub}.{Method} failed", context.Hub.GetType().Name, context.HubMethodName);
            throw;
        }
    }
}
