namespace Helpdesk.Features.Conversations;

/// <summary>
/// A file a customer sent, for agents. Always a download except for plain images: a customer's
/// HTML or SVG must never run in the inbox's origin.
/// </summary>
public sealed record GetAttachment(long Id) : IRequest<GetAttachment.File>, IEndpoint
{
    public sealed record File(string FileName, string ContentType, byte[] Content);

    private static readonly HashSet<string> ShownInline = ["image/png", "image/jpeg", "image/gif", "image/webp"];

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/attachments/{id:long}", async (long id, HttpContext http, IMediator m) =>
            {
                var file = await m.Send(new GetAttachment(id), http.RequestAborted);
                var inline = ShownInline.Contains(file.ContentType);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
                return Results.File(file.Content, inline ? file.ContentType : "application/octet-stream",
                    inline ? null : file.FileName);
            })
            .RequireAuthorization().WithTags("Conversations");
}

public sealed class GetAttachmentHandler(HelpdeskDbContext db) : IRequestHandler<GetAttachment, GetAttachment.File>
{
    public async Task<GetAttachment.File> Handle(GetAttachment r, CancellationToken ct) =>
        await db.Attachments.AsNoTracking()
            .Where(a => a.Id == r.Id && a.Content != null)
            .Select(a => new GetAttachment.File(a.FileName, a.ContentType, a.Content!))
            .FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException("Attachment");
}
