namespace Helpdesk.Infrastructure.Web;

/// <summary>Webhook bodies exactly as sent: signatures are computed over these bytes.</summary>
public static class RawBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes) throw new PayloadTooLargeException(maxBytes);
        // This webhook's own limit replaces the server's and the anonymous default, larger or smaller.
        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = maxBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw new PayloadTooLargeException(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

public sealed class PayloadTooLargeException(int maxBytes) : Exception($"The body is larger than {maxBytes} bytes.");
