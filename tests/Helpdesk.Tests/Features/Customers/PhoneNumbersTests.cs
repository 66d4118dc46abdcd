using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;

namespace Helpdesk.Tests.Features.Customers;

public sealed class PhoneNumbersTests
{
    private readonly Helpdesk.Features.Customers.PhoneNumbers _phones = new(Options.Create(new CustomerOptions { DefaultPhoneRegion = "DK" }));

    [Theory]
    [InlineData("+45 20 12 34 56", "+4520123456")]
    [InlineData("20123456", "+4520123456")]
    [InlineData("0045-20123456", "+4520123456")]
    [InlineData("+47 912 34 567", "+4791234567")]
    [InlineData("+371 2000 0000", "+37120000000")]
    public void Numbers_are_written_one_way(string raw, string e164) => Assert.Equal(e164, _phones.Normalize(raw));

    [Theory]
    [InlineData("")]
    [InlineData("call me")]
    [InlineData("12")]
    public void What_is_not_a_number_is_not_an_identity(string raw) => Assert.Null(_phones.Normalize(raw));
}
