using Helpdesk.Features.CannedResponses;
using Helpdesk.Features.Channels.Email;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Helpdesk.Features.Verification;

/// <summary>
/// Mails a one-time code from the storefront's mailbox, in the shopper's language. It runs after
/// the request was answered; a failure is retried a few times (see AfterCommit) and otherwise the
/// shopper asks for a new code. The code is never stored or logged in the clear.
/// </summary>
public sealed class MailVerificationCode(
    HelpdeskDbContext db, MailTransport transport, IOptions<Infrastructure.StoreOptions> store, TimeProvider time)
    : INotificationHandler<VerificationCodeIssued>
{
    public async Task Handle(VerificationCodeIssued n, CancellationToken ct)
    {
        // A code used, expired or replaced meanwhile is not worth a mail.
        var row = await db.VerificationCodes.AsNoTracking().FirstOrDefaultAsync(c => c.Id == n.CodeId, ct);
        if (row is null || row.UsedAt is not null || row.ExpiresAt <= time.GetUtcNow().UtcDateTime) return;
        var storefront = await db.Channels.AsNoTracking().FirstAsync(c => c.Id == n.StorefrontChannelId, ct);
        if (await VerificationMailbox.FindAsync(db, storefront, ct) is not { } mailbox) return;

        // An address the validator let through that MIME cannot carry is given up, not retried.
        if (!MailboxAddress.TryParse(n.Email, out var to)) return;
        var texts = VerificationTexts.In(n.Locale ?? mailbox.DefaultLanguage);
        var shop = store.Value.Name;
        var mail = new MimeMessage();
        mail.From.Add(new MailboxAddress(mailbox.DisplayName ?? shop, mailbox.Address));
        mail.To.Add(to);
        mail.Subject = string.Format(texts.Subject, shop);
        var at = mailbox.Address.LastIndexOf('@');
        mail.MessageId = $"helpdesk.verification.{n.CodeId}@{(at >= 0 ? mailbox.Address[(at + 1)..] : "helpdesk.invalid")}";
        mail.Date = time.GetUtcNow();
        mail.Headers.Add("Auto-Submitted", "auto-generated");
        mail.Body = new TextPart("plain") { Text = string.Format(texts.Body, n.Code, (int)VerificationCode.Lifetime.TotalMinutes, shop) };
        await transport.SendAsync(mail, ct);
    }
}

/// <summary>The code mail's words in each shipped language.</summary>
public static class VerificationTexts
{
    /// <param name="Subject">{0} the shop.</param>
    /// <param name="Body">{0} the code, {1} minutes it is valid, {2} the shop.</param>
    public sealed record Words(string Subject, string Body);

    private static readonly Dictionary<string, Words> ByLanguage = new()
    {
        ["en"] = new("Your code for {0}",
            "Your code is {0}\n\nEnter it in the chat on {2} to see your orders. It is valid for {1} minutes.\n\nIf you did not ask for it, you can ignore this mail."),
        ["da"] = new("Din kode til {0}",
            "Din kode er {0}\n\nIndtast den i chatten hos {2} for at se dine ordrer. Den gælder i {1} minutter.\n\nHar du ikke bedt om den, kan du se bort fra denne mail."),
        ["de"] = new("Ihr Code für {0}",
            "Ihr Code lautet {0}\n\nGeben Sie ihn im Chat von {2} ein, um Ihre Bestellungen zu sehen. Er ist {1} Minuten gültig.\n\nWenn Sie ihn nicht angefordert haben, können Sie diese E-Mail ignorieren."),
        ["nb"] = new("Koden din til {0}",
            "Koden din er {0}\n\nSkriv den inn i chatten hos {2} for å se bestillingene dine. Den gjelder i {1} minutter.\n\nHar du ikke bedt om den, kan du se bort fra denne e-posten."),
        ["lv"] = new("Jūsu kods veikalam {0}",
            "Jūsu kods ir {0}\n\nIevadiet to {2} tērzēšanā, lai redzētu savus pasūtījumus. Tas ir derīgs {1} minūtes.\n\nJa to nepieprasījāt, šo e-pastu varat neņemt vērā."),
    };

    public static Words In(string? locale)
    {
        foreach (var candidate in Languages.Candidates(locale, null))
            if (ByLanguage.TryGetValue(Languages.Primary(candidate), out var words)) return words;
        return ByLanguage[Languages.Fallback];
    }
}
