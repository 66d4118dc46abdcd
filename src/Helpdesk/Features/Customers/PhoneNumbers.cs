using Helpdesk.Infrastructure;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace Helpdesk.Features.Customers;

/// <summary>Phone numbers in one form (E.164), so that "+45 12 34 56 78" and "12345678" are the same person.</summary>
public sealed class PhoneNumbers(IOptions<CustomerOptions> options)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>The number in E.164, or null when it is not a phone number at all.</summary>
    public string? Normalize(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 40) return null;
        try
        {
            var number = Util.Parse(raw, options.Value.DefaultPhoneRegion);
            return Util.IsValidNumber(number) ? Util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
