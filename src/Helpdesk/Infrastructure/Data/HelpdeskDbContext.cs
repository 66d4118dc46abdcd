using Helpdesk.Features.Agents;
using Helpdesk.Features.BusinessHours;
using Helpdesk.Features.CannedResponses;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Labels;
using Helpdesk.Features.Orders;
using Helpdesk.Features.Surveys;
using Helpdesk.Features.Reports;
using Helpdesk.Features.Verification;
using Helpdesk.Infrastructure.Outbox;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Helpdesk.Infrastructure.Data;

/// <summary>
/// The one model of the helpdesk. On SQLite it is used as it is; on PostgreSQL through
/// <see cref="PostgresDbContext"/>, which keeps its own migrations and names things as PostgreSQL does.
/// </summary>
public class HelpdeskDbContext : DbContext, IDataProtectionKeyContext
{
    public HelpdeskDbContext(DbContextOptions<HelpdeskDbContext> options) : base(options) { }

    protected HelpdeskDbContext(DbContextOptions options) : base(options) { }

    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerIdentity> CustomerIdentities => Set<CustomerIdentity>();
    public DbSet<Visitor> Visitors => Set<Visitor>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<WebhookReceipt> WebhookReceipts => Set<WebhookReceipt>();
    public DbSet<ChannelHours> ChannelHours => Set<ChannelHours>();
    public DbSet<CannedResponse> CannedResponses => Set<CannedResponse>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<OutboxItem> Outbox => Set<OutboxItem>();
    public DbSet<Survey> Surveys => Set<Survey>();
    public DbSet<ReportEvent> ReportEvents => Set<ReportEvent>();
    public DbSet<ReportRollup> ReportRollups => Set<ReportRollup>();
    public DbSet<ReportDay> ReportDays => Set<ReportDay>();
    public DbSet<SurveySettings> SurveySettings => Set<SurveySettings>();
    public DbSet<VerificationCode> VerificationCodes => Set<VerificationCode>();
    public DbSet<Label> Labels => Set<Label>();
    public DbSet<ConversationLabel> ConversationLabels => Set<ConversationLabel>();
    public DbSet<Features.Mentions.Mention> Mentions => Set<Features.Mentions.Mention>();

    /// <summary>The data-protection key ring, shared by every node: cookies and visitor tokens of one work on all.</summary>
    public DbSet<AgentAvatar> AgentAvatars => Set<AgentAvatar>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no time zone: every time is UTC and comes back marked as such.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Agent>(e =>
        {
            e.HasIndex(a => a.Email).IsUnique();
            e.Property(a => a.Email).HasMaxLength(320);
            e.Property(a => a.Name).HasMaxLength(200);
            e.Property(a => a.SecurityStamp).HasMaxLength(64);
            e.Property(a => a.DisplayName).HasMaxLength(200);
            e.Property(a => a.InvitationHash).HasMaxLength(32);
            e.HasIndex(a => a.InvitationHash);
        });
        b.Entity<AgentAvatar>(e =>
        {
            e.HasKey(a => a.AgentId);
            e.Property(a => a.ContentType).HasMaxLength(20);
            e.HasOne<Agent>().WithOne().HasForeignKey<AgentAvatar>(a => a.AgentId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Channel>(e =>
        {
            e.HasIndex(c => c.PublicKey).IsUnique();
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.LastDeliveryError).HasMaxLength(ChannelHealth.MaxErrorChars);
            e.Property(c => c.LastRejectedReason).HasMaxLength(40);
        });

        b.Entity<Customer>(e =>
        {
            e.HasMany(c => c.Identities).WithOne().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<CustomerIdentity>(e =>
        {
            e.HasIndex(i => new { i.Kind, i.Value }).IsUnique();
            e.HasIndex(i => i.CustomerId);
        });

        // History is never deleted by a cascade: deleting what still has conversations or messages fails.
        b.Entity<Visitor>(e =>
        {
            e.HasOne<Channel>().WithMany().HasForeignKey(v => v.ChannelId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(v => v.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.Property(v => v.Address).HasMaxLength(64);
            e.Property(v => v.PageUrl).HasMaxLength(Features.Chat.ShopperContext.MaxUrl);
            e.Property(v => v.Referrer).HasMaxLength(Features.Chat.ShopperContext.MaxUrl);
            e.Property(v => v.PageTitle).HasMaxLength(Features.Chat.ShopperContext.MaxTitle);
            e.Property(v => v.Browser).HasMaxLength(40);
            e.Property(v => v.OperatingSystem).HasMaxLength(40);
            e.Property(v => v.DeviceKind).HasMaxLength(16);
            e.HasOne<Customer>().WithMany().HasForeignKey(v => v.ClaimedCustomerId).OnDelete(DeleteBehavior.SetNull);
        });

        b.Entity<VerificationCode>(e =>
        {
            e.HasOne<Visitor>().WithMany().HasForeignKey(v => v.VisitorId).OnDelete(DeleteBehavior.Cascade);
            e.Property(v => v.Email).HasMaxLength(320);
            // The limits count a visitor's and an address's codes of the last hour.
            e.HasIndex(v => new { v.VisitorId, v.CreatedAt });
            e.HasIndex(v => new { v.Email, v.CreatedAt });
        });

        b.Entity<Conversation>(e =>
        {
            e.HasOne<Channel>().WithMany().HasForeignKey(c => c.ChannelId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Agent>().WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.SetNull);
            e.HasOne<Visitor>().WithMany().HasForeignKey(c => c.VisitorId).OnDelete(DeleteBehavior.Restrict);
            // The queue: open conversations by due time, an agent's own by due time.
            e.HasIndex(c => new { c.Status, c.DueAt });
            e.HasIndex(c => new { c.Status, c.AssigneeId, c.DueAt });
            // Take-next reads the first unassigned one of each channel, so that an agent at chat capacity skips
            // the waiting chats without reading them; it also counts an agent's open chats from the index alone.
            e.HasIndex(c => new { c.Status, c.AssigneeId, c.ChannelId, c.DueAt });
            e.HasIndex(c => new { c.VisitorId, c.Id });
            e.HasIndex(c => new { c.CustomerId, c.Status });
            // Snoozes whose time has come.
            e.HasIndex(c => new { c.Status, c.SnoozedUntil });
            // One conversation per thread of a channel, so a mail thread's replies find it again.
            e.HasIndex(c => new { c.ChannelId, c.ThreadId }).IsUnique().HasFilter("ThreadId IS NOT NULL");
        });

        b.Entity<Features.Mentions.Mention>(e =>
        {
            e.HasOne<Message>().WithMany().HasForeignKey(m => m.MessageId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Agent>().WithMany().HasForeignKey(m => m.AgentId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Agent>().WithMany().HasForeignKey(m => m.ByAgentId).OnDelete(DeleteBehavior.Restrict);
            // Once per agent and note, however often the note is sent again.
            e.HasIndex(m => new { m.MessageId, m.AgentId }).IsUnique();
            // An agent's unread mentions, newest first.
            e.HasIndex(m => new { m.AgentId, m.ReadAt, m.Id });
        });

        b.Entity<Order>(e =>
        {
            e.HasOne<Channel>().WithMany().HasForeignKey(o => o.ChannelId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(o => new { o.ChannelId, o.ExternalId }).IsUnique();
            e.HasIndex(o => new { o.CustomerId, o.PlacedAt });
            // Retention reads who ordered in a period, and counts only some statuses: answered from the index alone.
            e.HasIndex(o => new { o.PlacedAt, o.Status, o.CustomerId });
        });

        b.Entity<WebhookReceipt>(e => e.HasIndex(w => new { w.ChannelId, w.DeliveryId }).IsUnique());

        b.Entity<ChannelHours>(e =>
        {
            e.HasKey(h => h.ChannelId);
            e.HasOne<Channel>().WithOne().HasForeignKey<ChannelHours>(h => h.ChannelId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<CannedResponse>(e =>
        {
            e.HasIndex(c => new { c.Shortcut, c.Locale }).IsUnique();
            e.Property(c => c.Shortcut).HasMaxLength(40);
            e.Property(c => c.Title).HasMaxLength(100);
            e.Property(c => c.Locale).HasMaxLength(35);
        });

        b.Entity<Message>(e =>
        {
            e.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Restrict);
            // Catch-up reads "messages after id N" of one conversation.
            e.HasIndex(m => new { m.ConversationId, m.Id });
            e.HasIndex(m => new { m.ConversationId, m.Sender, m.ClientMessageId }).IsUnique()
                .HasFilter("ClientMessageId IS NOT NULL");
            e.HasIndex(m => new { m.ChannelId, m.ProviderMessageId }).IsUnique()
                .HasFilter("ProviderMessageId IS NOT NULL");
            e.HasMany(m => m.Attachments).WithOne().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<Attachment>(e =>
        {
            e.HasIndex(a => a.MessageId);
            e.Property(a => a.FileName).HasMaxLength(255);
            e.Property(a => a.ContentType).HasMaxLength(255);
        });

        b.Entity<OutboxItem>(e =>
        {
            e.ToTable("Outbox");
            e.HasOne<Message>().WithOne().HasForeignKey<OutboxItem>(o => o.MessageId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(o => o.MessageId).IsUnique();
            // Delivery claims the earliest due rows of a status.
            e.HasIndex(o => new { o.Status, o.NextAttemptAt });
        });

        b.Entity<Survey>(e =>
        {
            e.HasOne<Order>().WithOne().HasForeignKey<Survey>(s => s.OrderId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Conversation>().WithMany().HasForeignKey(s => s.InvitationConversationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Conversation>().WithMany().HasForeignKey(s => s.FollowUpConversationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(s => s.OrderId).IsUnique();
            e.HasOne<Conversation>().WithMany().HasForeignKey(s => s.ConversationId).OnDelete(DeleteBehavior.Restrict);
            // Once per resolution, whichever node hears of it.
            e.HasIndex(s => new { s.ConversationId, s.ResolvedAt }).IsUnique();
            e.Property(s => s.Kind).HasMaxLength(20);
            e.HasIndex(s => s.Token).IsUnique();
            // Reports count the invitations sent in a period, by kind.
            e.HasIndex(s => new { s.SentAt, s.Kind });
            e.Property(s => s.Token).HasMaxLength(64);
            e.Property(s => s.Comment).HasMaxLength(SurveyRules.MaxCommentLength);
            // The survey loop claims the earliest due rows; the cooldown reads a customer's latest invitation; results read by time sent.
            e.HasIndex(s => new { s.Status, s.DueAt });
            e.HasIndex(s => new { s.CustomerId, s.SentAt });
            e.HasIndex(s => s.SentAt);
        });

        b.Entity<SurveySettings>(e => e.Property(s => s.Id).ValueGeneratedNever());

        b.Entity<ReportEvent>(e =>
        {
            e.Property(r => r.Kind).HasMaxLength(20);
            e.Property(r => r.Tier).HasMaxLength(20);
            e.Property(r => r.SurveyKind).HasMaxLength(20);
            // Reports read a period's events of a kind; a resolution looks up its conversation's last reopening.
            e.HasIndex(r => new { r.Kind, r.At });
            e.HasIndex(r => new { r.ConversationId, r.Kind });
            // A day's roll-up reads every event of the day, whatever its kind.
            e.HasIndex(r => r.At);
        });

        b.Entity<ReportRollup>(e =>
        {
            e.Property(r => r.Kind).HasMaxLength(20);
            e.Property(r => r.Tier).HasMaxLength(20);
            e.Property(r => r.SurveyKind).HasMaxLength(20);
            e.HasIndex(r => new { r.Kind, r.Day, r.ChannelId, r.AgentId, r.Tier, r.SurveyKind }).IsUnique();
        });

        b.Entity<ReportDay>(e => e.HasKey(d => d.Day));

        b.Entity<Label>(e =>
        {
            e.HasIndex(l => l.Name).IsUnique();
            e.Property(l => l.Name).HasMaxLength(LabelRules.MaxLength);
            e.Property(l => l.Color).HasMaxLength(20);
        });
        b.Entity<ConversationLabel>(e =>
        {
            // A conversation's labels by the key; the filter "conversations with label L" by the label's side.
            e.HasKey(cl => new { cl.ConversationId, cl.LabelId });
            e.HasIndex(cl => new { cl.LabelId, cl.ConversationId });
            e.HasOne<Conversation>().WithMany().HasForeignKey(cl => cl.ConversationId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Label>().WithMany().HasForeignKey(cl => cl.LabelId).OnDelete(DeleteBehavior.Cascade);
        });
    }

    /// <summary>For `dotnet ef migrations add … --context HelpdeskDbContext`: SQLite's migrations, from the model only.</summary>
    public sealed class DesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<HelpdeskDbContext>
    {
        public HelpdeskDbContext CreateDbContext(string[] args) =>
            new(new DbContextOptionsBuilder<HelpdeskDbContext>().UseSqlite("Data Source=design-time.db").Options);
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
