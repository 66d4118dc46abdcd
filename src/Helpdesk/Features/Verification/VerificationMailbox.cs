using Helpdesk.Features.Channels;
using Helpdesk.Features.Channels.Email;

namespace Helpdesk.Features.Verification;

/// <summary>The email channel a storefront's one-time codes leave from: its <c>settings.emailChannelId</c>, else the shop's first mailbox.</summary>
public static class VerificationMailbox
{
    public sealed record Mailbox(long ChannelId, string Address, string? DisplayName, string? DefaultLanguage);

    public static async Task<Mailbox?> FindAsync(HelpdeskDbContext db, Channel storefront, CancellationToken ct)
    {
        var chosen = ChannelSettings.Read<StorefrontSettings>(storefront.SettingsJson).EmailChannelId;
        var mailboxes = await db.Channels.AsNoTracking().Where(c => c.Kind == ChannelKinds.Email)
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.SettingsJson }).ToListAsync(ct);
        var mailbox = mailboxes.FirstOrDefault(m => m.Id == chosen) ?? mailboxes.FirstOrDefault();
        if (mailbox is null || ChannelSettings.Read<EmailSettings>(mailbox.SettingsJson) is not { Address: { } from } settings) return null;
        return new Mailbox(mailbox.Id, from, settings.DisplayName, settings.DefaultLanguage);
    }
}
