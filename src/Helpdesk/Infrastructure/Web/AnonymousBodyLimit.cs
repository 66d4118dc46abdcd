using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Helpdesk.Infrastructure.Web;

/// <summary>
/// Anyone may call an anonymous endpoint, so none reads more than 64 KB (the server's own default is 30 MB)
/// unless its route declares a limit of its own (a request size limit in its metadata, or a raw webhook
/// body read by <see cref="RawBody"/> under its channel's limit). Over the limit is a 413.
/// </summary>
public sealed class AnonymousBodyLimit(RequestDelegate next)
{
    public const int MaxBytes = 64 * 1024;

    public Task InvokeAsync(HttpContext http)
    {
        var metadata = http.GetEndpoint()?.Metadata;
        if (metadata is not null && metadata.GetMetadata<IRequestSizeLimitMetadata>() is null
            && (metadata.GetMetadata<IAllowAnonymous>() is not null || metadata.GetMetadata<IAuthorizeData>() is not { } authorize
                // A visitor token is anyone's for the asking: the widget's endpoints are anonymous in all but name.
                || authorize.AuthenticationSchemes == Features.Chat.VisitorAuthenticationHandler.SchemeName)
            && http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBytes;
        return next(http);
    }
}
