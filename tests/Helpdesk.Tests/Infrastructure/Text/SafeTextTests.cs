using Helpdesk.Infrastructure.Text;

namespace Helpdesk.Tests.Infrastructure.Text;

/// <summary>Text from outside cannot reorder or hide what an agent reads, and still reads as its writer meant.</summary>
public sealed class SafeTextTests
{
    [Theory]
    // A right-to-left override makes "Invoice‮fdp.exe" show as "Invoiceexe.pdf".
    [InlineData("Invoice\u202Efdp.exe", "Invoicefdp.exe")]
    [InlineData("\u2066Support team\u2069", "Support team")]
    [InlineData("\u200EAnna\u200F \u061CBerg", "Anna Berg")]
    [InlineData("\u202AA\u202BB\u202CC\u202DD", "ABCD")]
    public void A_name_loses_its_bidi_controls(string given, string shown) => Assert.Equal(shown, SafeText.Name(given));

    [Theory]
    // Invisible characters make "admin" and "ad​min" two names that look alike.
    [InlineData("ad\u200Bmin", "admin")]
    [InlineData("ad\u200Dmin", "admin")]
    [InlineData("pay\u200Cpal", "paypal")]
    [InlineData("\uFEFFSupport\u2060", "Support")]
    [InlineData("Mon\u180Egol", "Mongol")]
    [InlineData("soft\u00ADhyphen", "softhyphen")]
    public void A_name_loses_its_invisible_characters(string given, string shown) => Assert.Equal(shown, SafeText.Name(given));

    [Theory]
    [InlineData("Anna\nBerg", "Anna Berg")]
    [InlineData("Anna\t\tBerg\r\n", "Anna Berg")]
    [InlineData("Anna\u0000\u0007\u001B[31mBerg", "Anna[31mBerg")]
    [InlineData("Anna\u0085Berg\u2028", "Anna Berg")]
    [InlineData("  Anna   Berg  ", "Anna Berg")]
    public void A_name_is_one_line_without_control_characters(string given, string shown) => Assert.Equal(shown, SafeText.Name(given));

    [Theory]
    // A family is three people joined by ZWJ; a Persian name may need a ZWNJ between its letters.
    [InlineData("Familie 👨\u200D👩\u200D👧")]
    [InlineData("👩🏽\u200D💻 Ola")]
    [InlineData("🏳️\u200D🌈")]
    [InlineData("مهر\u200Cآرا")]
    [InlineData("क्\u200Dष")]
    [InlineData("Zoë Ødegård")]
    [InlineData("Ana María O'Brien-Núñez")]
    [InlineData("田中 太郎")]
    public void A_name_keeps_what_its_writing_needs(string name) => Assert.Equal(name, SafeText.Name(name));

    [Fact]
    public void A_name_of_nothing_but_invisible_characters_is_empty()
    {
        Assert.Equal("", SafeText.Name("\u200B\u202E\u2066 \u200D"));
        Assert.Null(SafeText.Name(null));
    }

    [Theory]
    [InlineData("Pay at \u202Emoc.live\u202C now", "Pay at moc.live now")]
    [InlineData("Click \u2067here\u2069", "Click here")]
    [InlineData("Zero\u200Bwidth\uFEFF space\u2060", "Zerowidth space")]
    [InlineData("Bell\u0007 and \u001B escape", "Bell and  escape")]
    public void A_body_loses_overrides_isolates_and_zero_width_spaces(string given, string shown) =>
        Assert.Equal(shown, SafeText.Body(given));

    [Theory]
    [InlineData("Hello,\nthe tent arrived.\r\n\r\n\tThanks!")]
    [InlineData("We are 👨\u200D👩\u200D👧 and loved it ❤️")]
    [InlineData("می\u200Cخواهم سفارش بدهم")]
    // A right-to-left mark keeps punctuation on the right side of Hebrew and Arabic text.
    [InlineData("שלום!\u200F")]
    [InlineData("Ich möchte die Rück\u00ADsendung")]
    public void A_body_keeps_lines_joiners_and_marks_its_writing_needs(string body) => Assert.Equal(body, SafeText.Body(body));

    [Fact]
    public void A_joiner_between_latin_letters_in_a_body_is_dropped() =>
        Assert.Equal("paypal.example", SafeText.Body("pay\u200Dpal.example"));
}
