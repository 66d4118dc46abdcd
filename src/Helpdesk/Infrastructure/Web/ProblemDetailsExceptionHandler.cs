using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Helpdesk.Infrastructure.Web;

/// <summary>The one place that turns exceptions into RFC 7807 responses.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // The client went away; there is nobody to answer and nothing went wrong here.
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested) return true;

        ProblemDetails? details = exception switch
        {
            ValidationException v => new ValidationProblemDetails(ToErrorMap(v))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
            },
            // The server's body limit (see AnonymousBodyLimit) was reached while reading.
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The body is too large.",
            },
            BadHttpRequestException b => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
                Detail = b.InnerException is System.Text.Json.JsonException j ? j.Message : b.Message,
            },
            NotFoundException n => new ProblemDetails { Status = 404, Title = n.Message },
            UnauthorizedException u => new ProblemDetails { Status = 401, Title = u.Message },
            ForbiddenException f => new ProblemDetails { Status = 403, Title = f.Message },
            ConflictException c => new ProblemDetails { Status = 409, Title = c.Message },
            GoneException g => new ProblemDetails { Status = 410, Title = g.Message },
            TooManyRequestsException t => new ProblemDetails { Status = 429, Title = t.Message },
            PayloadTooLargeException p => new ProblemDetails { Status = 413, Title = p.Message },
            BusyException b => new ProblemDetails { Status = 503, Title = b.Message },
            _ => null,
        };
        if (details is null) return false;

        http.Response.StatusCode = details.Status!.Value;
        if (exception is BusyException) http.Response.Headers.RetryAfter = BusyException.RetryAfterSeconds.ToString();
        if (exception is TooManyRequestsException { RetryAfterSeconds: { } wait }) http.Response.Headers.RetryAfter = wait.ToString();
        return await problems.TryWriteAsync(new() { HttpContext = http, ProblemDetails = details, Exception = exception });
    }

    public static Dictionary<string, string[]> ToErrorMap(ValidationException v) =>
        v.Errors.GroupBy(e => ToCamelCase(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    private static string ToCamelCase(string path) =>
        string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}
