using System.Text;

namespace Helpdesk.Features.Channels.Email;

/// <summary>
/// Cuts header fields longer than any mail program writes before MimeKit reads them: a field of a
/// megabyte, or References naming ten thousand messages, costs the parser seconds. Address fields
/// and the thread's ids keep their end (the address, the newest ids), the others their start.
/// </summary>
public static class HeaderLimits
{
    /// <summary>Longest header field kept whole, folded lines included (RFC 5322 lines are at most 998 characters).</summary>
    public const int MaxFieldBytes = 16 * 1024;
    /// <summary>Fields beyond this many are dropped.</summary>
    public const int MaxFields = 1_000;

    private static readonly string[] KeepEnd = ["from", "sender", "reply-to", "to", "cc", "references", "in-reply-to"];

    /// <returns>The mail unchanged when every field is within the limits, else a copy with the long fields cut.</returns>
    public static byte[] Bounded(byte[] raw, out bool cut)
    {
        cut = false;
        var fields = new List<(int Start, int End)>();
        var i = 0;
        // One pass over the header block: a field is a line and the folded lines (starting with a space or tab) after it.
        while (i < raw.Length && raw[i] is not ((byte)'\r' or (byte)'\n'))
        {
            var start = i;
            do
            {
                var lineEnd = Array.IndexOf(raw, (byte)'\n', i);
                i = lineEnd < 0 ? raw.Length : lineEnd + 1;
            } while (i < raw.Length && raw[i] is (byte)' ' or (byte)'\t');
            fields.Add((start, i));
        }
        if (fields.Count <= MaxFields && fields.All(f => f.End - f.Start <= MaxFieldBytes)) return raw;

        cut = true;
        using var bounded = new MemoryStream(raw.Length);
        foreach (var (start, end) in fields.Take(MaxFields))
        {
            if (end - start <= MaxFieldBytes)
            {
                bounded.Write(raw, start, end - start);
                continue;
            }
            var colon = Array.IndexOf(raw, (byte)':', start, Math.Min(end - start, 200));
            if (colon < 0) continue; // not a header field: nothing to keep
            var name = Encoding.ASCII.GetString(raw, start, colon - start).Trim().ToLowerInvariant();
            bounded.Write(raw, start, colon + 1 - start);
            var keep = MaxFieldBytes - (colon + 1 - start) - 2;
            if (KeepEnd.Contains(name))
            {
                // From the first separator in the kept end on, so an address or id is not cut in half.
                var from = end - keep;
                var separator = Array.FindIndex(raw, from, end - from, b => b is (byte)',' or (byte)' ' or (byte)'\t' or (byte)'\n');
                from = separator < 0 ? from : separator + 1;
                bounded.WriteByte((byte)' ');
                bounded.Write(Unfolded(raw, from, end));
            }
            else
            {
                bounded.Write(Unfolded(raw, colon + 1, colon + 1 + keep));
            }
            bounded.Write("\r\n"u8);
        }
        bounded.Write(raw, i, raw.Length - i);
        return bounded.ToArray();
    }

    /// <summary>The bytes on one line: line breaks inside the kept part become spaces.</summary>
    private static byte[] Unfolded(byte[] raw, int start, int end)
    {
        var bytes = raw[start..end];
        for (var b = 0; b < bytes.Length; b++)
            if (bytes[b] is (byte)'\r' or (byte)'\n') bytes[b] = (byte)' ';
        return bytes;
    }
}
