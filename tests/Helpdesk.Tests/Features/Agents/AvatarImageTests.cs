using System.Buffers.Binary;
using System.Text;
using Helpdesk.Features.Agents;

namespace Helpdesk.Tests.Features.Agents;

public sealed class AvatarImageTests
{
    private static byte[] Webp(int payload, int? declared = null)
    {
        var bytes = new byte[20 + payload];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)(declared ?? bytes.Length - 8));
        Encoding.ASCII.GetBytes("WEBPVP8L").CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void A_webp_whose_length_matches_its_header_is_a_webp_and_one_with_bytes_behind_it_is_nothing()
    {
        Assert.Equal(AvatarImage.Webp, AvatarImage.ContentTypeOf(Webp(10)));
        Assert.Null(AvatarImage.ContentTypeOf(Webp(10, declared: 12)));
    }

    [Fact]
    public void A_png_is_a_png_only_from_its_signature_to_its_end_chunk()
    {
        var png = TeamTests.TinyPng();
        Assert.Equal(AvatarImage.Png, AvatarImage.ContentTypeOf(png));
        Assert.Null(AvatarImage.ContentTypeOf(png[..^1]));
        Assert.Null(AvatarImage.ContentTypeOf([.. png, 0x3C]));
    }

    [Fact]
    public void Nothing_over_the_size_limit_is_a_picture_whatever_it_holds()
    {
        var jpeg = new byte[AvatarImage.MaxBytes + 1];
        jpeg[0] = 0xFF; jpeg[1] = 0xD8; jpeg[2] = 0xFF; jpeg[^2] = 0xFF; jpeg[^1] = 0xD9;
        Assert.Null(AvatarImage.ContentTypeOf(jpeg));
        Assert.Equal(AvatarImage.Jpeg, AvatarImage.ContentTypeOf(jpeg.AsSpan(0, 100).ToArray().Concat(new byte[] { 0xFF, 0xD9 }).ToArray()));
    }
}
