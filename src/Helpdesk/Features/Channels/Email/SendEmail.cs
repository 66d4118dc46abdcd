using Helpdesk.Features.Conversations;
using Helpdesk.Infrastructure.Outbox;
using Microsoft.Extensions.Options;
using Helpdesk.Infrastructure;

namespace Helpdesk.Features.Channels.Email;

/// <summary>Sends an email conversation's replies, threaded, through the <see cref="MailTransport"/>.</summary>
public sealed class SendEmail(MailTransport transport, IOptions<Infrastructure.StoreOptions> store)
    : IOutboundChannel
{
    public string Kind => ChannelKinds.Email;

    public async Task<string?> SendAsync(Outgoing o, CancellationToken ct)
    {
        var settings = ChannelSettings.Read<EmailSettings>(o.Channel.SettingsJson);
        var fromAddress = settings.Address
            ?? throw new DeliveryException("The email channel has no address to send from (settings.address).", permanent: true);
        var fromName = OutgoingMail.SenderName(o.Message, settings.DisplayName ?? store.Value.Name);
        var to = o.Conversation.ContactAddress
            ?? throw new DeliveryException("The conversation has no address to reply to.", permanent: true);
        // A sender only claiming the customer's address is not greeted by the customer's name.
        var toName = o.Conversation.CustomerVerified
            ? await o.Db.Customers.Where(c => c.Id == o.Conversation.CustomerId).Select(c => c.Name).FirstOrDefaultAsync(ct)
            : null;

        var mail = OutgoingMail.Build(o.Message, fromName, fromAddress, to, Customers.CustomerNames.Real(toName),
            await ThreadAsync(o, ct), await UnsubscribeAsync(o, ct));
        await transport.SendAsync(mail, ct);
        return mail.MessageId;
    }

    /// <summary>A survey invitation carries its unsubscribe links in the headers too, for the mail program's button.</summary>
    private async Task<(string, string)?> UnsubscribeAsync(Outgoing o, CancellationToken ct)
    {
        if (Surveys.InviteToSurveyHandler.SurveyOf(o.Message) is not { } surveyId) return null;
        var token = await o.Db.Surveys.Where(s => s.Id == surveyId).Select(s => s.Token).FirstOrDefaultAsync(ct);
        return token is null ? null
            : (Surveys.SurveyLinks.Unsubscribe(store.Value, token), Surveys.SurveyLinks.OneClickUnsubscribe(store.Value, token));
    }

    private static async Task<MailThread> ThreadAsync(Outgoing o, CancellationToken ct)
    {
        var earlier = await o.Db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == o.Conversation.Id && m.Id < o.Message.Id && m.ProviderMessageId != null && !m.IsPrivate)
            .OrderBy(m => m.Id)
            .Select(m => new { m.ProviderMessageId, m.Sender, m.Body, m.CreatedAt })
            .ToListAsync(ct);
        var references = new List<string>();
        if (o.Conversation.ThreadId is { } root) references.Add(root);
        references.AddRange(earlier.Select(m => m.ProviderMessageId!).Where(id => !references.Contains(id)));
        var lastCustomer = earlier.LastOrDefault(m => m.Sender == Senders.Customer);
        return new MailThread(o.Conversation.Subject, references.Count > 0 ? references[^1] : null, references,
            lastCustomer?.Body, lastCustomer?.CreatedAt);
    }
}
