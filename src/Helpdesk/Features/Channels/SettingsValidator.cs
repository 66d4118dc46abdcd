using System.Linq.Expressions;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Helpdesk.Features.Channels;

/// <summary>
/// The rules a kind's settings are checked by, each naming the setting as the API spells it
/// (<c>settings.replyUrl</c>). Settings are optional: an unset one is not checked.
/// </summary>
public abstract partial class SettingsValidator<T> : AbstractValidator<T> where T : ChannelSettings
{
    protected void MailAddress(Expression<Func<T, string?>> setting) =>
        Rule(setting, a => a.Length <= 320 && MimeKit.MailboxAddress.TryParse(a, out var mailbox) && mailbox.Address == a && a.Contains('@'),
            "must be a mail address such as support@shop.example");

    protected void WebAddress(Expression<Func<T, string?>> setting) =>
        Rule(setting, u => u.Length <= 2000 && Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
            "must be an absolute http or https address");

    protected void Text(Expression<Func<T, string?>> setting) =>
        Rule(setting, t => t.Length is > 0 and <= 2000, "must be text of 1 to 2,000 characters");

    protected void Language(Expression<Func<T, string?>> setting) =>
        Rule(setting, l => LanguageTag().IsMatch(l), "must be a language such as en, da, de, nb or lv");

    protected void Id(Expression<Func<T, long?>> setting, string of) =>
        Rule(setting, id => id > 0, $"must be the id of {of}");

    private void Rule<TValue>(Expression<Func<T, TValue?>> setting, Func<TValue, bool> valid, string must)
    {
        var field = "settings." + JsonNamingPolicy.CamelCase.ConvertName(((MemberExpression)setting.Body).Member.Name);
        RuleFor(setting).Must(v => v is null || valid(v)).OverridePropertyName(field).WithMessage($"'{field}' {must}.");
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LanguageTag();
}
