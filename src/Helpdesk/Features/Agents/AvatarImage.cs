using System.Buffers.Binary;

namespace Helpdesk.Features.Agents;

/// <summary>
/// What an uploaded picture really is, judged from its bytes alone: a PNG, JPEG or WebP file whose
/// structure holds from its first byte to its last, or nothing. The name and type the browser sent are
/// not asked: a file called avatar.png may be SVG or HTML. Checking both ends (PNG's IEND chunk, JPEG's
/// end-of-image marker, the length WebP's RIFF header declares) turns away most files that are an image
/// at the front and something else behind it. What is stored is always served as exactly the type found
/// here, with nosniff and a sandboxing policy, so even a polyglot that passes is only ever an image.
/// </summary>
public static class AvatarImage
{
    public const int MaxBytes = 256 * 1024;
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Webp = "image/webp";

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> PngEnd => [0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    /// <summary>The content type of a picture worth keeping; null for anything else (SVG, HTML, a cut-off or padded file).</summary>
    public static string? ContentTypeOf(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length is < 16 or > MaxBytes) return null;
        if (bytes.StartsWith(PngSignature))
            // The first chunk must be the header (13 bytes, "IHDR"); the file ends with the empty IEND chunk.
            return bytes.Slice(8, 8).SequenceEqual("\0\0\0\rIHDR"u8) && bytes.EndsWith(PngEnd) ? Png : null;
        if (bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
            return bytes[^2] == 0xFF && bytes[^1] == 0xD9 ? Jpeg : null;
        if (bytes.StartsWith("RIFF"u8) && bytes.Slice(8, 4).SequenceEqual("WEBP"u8))
        {
            var declared = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(4, 4));
            var chunk = bytes.Slice(12, 4);
            var knownChunk = chunk.SequenceEqual("VP8 "u8) || chunk.SequenceEqual("VP8L"u8) || chunk.SequenceEqual("VP8X"u8);
            return knownChunk && declared == bytes.Length - 8 ? Webp : null;
        }
        return null;
    }
}
