using System.Threading.RateLimiting;
using Helpdesk.Features.Agents;
using Helpdesk.Features.BusinessHours;
using Helpdesk.Features.CannedResponses;
using Helpdesk.Features.Channels;
using Helpdesk.Features.Channels.Email;
using Helpdesk.Features.Channels.Marketplace;
using Helpdesk.Features.Channels.Messenger;
using Helpdesk.Features.Chat;
using Helpdesk.Features.Conversations;
using Helpdesk.Features.Customers;
using Helpdesk.Features.Queue;
using Helpdesk.Features.Surveys;
using Helpdesk.Infrastructure.Mediator;
using Helpdesk.Infrastructure.Nodes;
using Helpdesk.Infrastructure.Outbox;
using Helpdesk.Infrastructure.Seeding;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Helpdesk.Infrastructure;

public static class HelpdeskServices
{
    public static WebApplicationBuilder AddHelpdesk(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;

        services.AddOptions<RateLimitOptions>().Bind(config.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SeedOptions>().Bind(config.GetSection(SeedOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<WidgetOptions>().Bind(config.GetSection(WidgetOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<TierOptions>().Bind(config.GetSection(TierOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.VipOrders >= o.ReturningOrders, "Tiers:VipOrders must be at least Tiers:ReturningOrders.").ValidateOnStart();
        services.AddOptions<CustomerOptions>().Bind(config.GetSection(CustomerOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PriorityOptions>().Bind(config.GetSection(PriorityOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => Validates(o.Chat) && Validates(o.Async), "Every response target must be between 1 minute and 30 days.")
            .ValidateOnStart();

        services.AddOptions<WriteOptions>().Bind(config.GetSection(WriteOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<OutboxOptions>().Bind(config.GetSection(OutboxOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().Bind(config.GetSection(SmtpOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MailOptions>().Bind(config.GetSection(MailOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StoreOptions>().Bind(config.GetSection(StoreOptions.Section)).ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Store:TimeZone must be a time zone such as Europe/Copenhagen.").ValidateOnStart();
        services.AddOptions<SurveyOptions>().Bind(config.GetSection(SurveyOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<InboxOptions>().Bind(config.GetSection(InboxOptions.Section))
            .Validate(o => o.AllowedOrigins.All(SameOriginGuard.IsOrigin), "Inbox:AllowedOrigins must be origins such as https://support.shop.example (no path).")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersSettings>().Bind(config.GetSection(ForwardedHeadersSettings.Section)).ValidateDataAnnotations()
            .Validate(o => o.KnownProxies.All(a => System.Net.IPAddress.TryParse(a, out _)), "ForwardedHeaders:KnownProxies must be IP addresses.")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)), "ForwardedHeaders:KnownNetworks must be CIDR networks such as 10.0.0.0/8.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((o, proxies) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = proxies.Value.ForwardLimit;
            // Only the configured proxies are believed; the framework's default (loopback) is not assumed.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxies.Value.KnownProxies) o.KnownProxies.Add(System.Net.IPAddress.Parse(address));
            foreach (var network in proxies.Value.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(DataDirectory.From(config));
        services.AddHelpdeskDatabase(builder.Configuration, builder.Environment);
        services.AddHelpdeskNodes(config);

        // MediatR 5: handlers, validators and notification handlers are found by scanning this assembly.
        services.AddScoped<ServiceFactory>(p => p.GetRequiredService);
        // Publishing hands a notification to AfterCommit: its listeners run in the background, isolated and retried.
        services.AddScoped<IMediator, AfterCommitMediator>();
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.Scan(scan => scan.FromAssemblyOf<HelpdeskDbContext>()
            .AddClasses(c => c.AssignableToAny(typeof(IRequestHandler<,>), typeof(INotificationHandler<>)))
            .AsImplementedInterfaces().WithScopedLifetime()
            // Validators hold no state and are costly to build (their rules are compiled): one each.
            .AddClasses(c => c.AssignableTo(typeof(IValidator<>)))
            .AsImplementedInterfaces().WithSingletonLifetime());

        services.AddSingleton<PriorityPolicy>();
        services.AddSingleton<Features.Conversations.ConversationLifecycle>();
        services.AddSingleton<TierPolicy>();
        services.AddSingleton<Features.Customers.PhoneNumbers>();
        services.AddSingleton<CustomerResolver>();
        services.AddSingleton<WriteQueue>();
        services.AddSingleton<Features.Channels.ChannelHealth>();
        services.AddHostedService(p => p.GetRequiredService<WriteQueue>());
        services.AddSingleton<ExpectedReply>();
        services.AddSingleton<ChannelSchedules>();
        services.AddSingleton<Features.Reports.ReportRecorder>();
        services.AddSingleton<AfterHoursReplies>();
        services.AddScoped<TemplateValues>();
        services.AddScoped<Features.Mentions.MentionAgents>();
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<InboxConnections>();
        services.AddSingleton<ConversationViewers>();
        services.AddHostedService<CloseRevokedInboxConnections>();
        services.AddSingleton<LiveVisitors>();
        services.AddSingleton<SurveySignal>();
        services.AddSingleton<VisitorTokens>();
        services.AddSingleton<VisitorSessions>();
        services.AddSingleton<HubRateLimitFilter>();
        services.AddSingleton<EndedSessionHubFilter>();
        services.AddSingleton<MessageWriter>();
        services.AddScoped<ChangeConversation>();
        services.AddScoped<Features.Conversations.Search.IConversationSearch>(p => p.GetRequiredService<HelpdeskDbContext>() is var db && db.Database.IsNpgsql()
            ? new Features.Conversations.Search.PostgresConversationSearch(db)
            : new Features.Conversations.Search.SqliteConversationSearch(db));
        services.AddScoped<Features.Conversations.Search.SearchMatches>();
        services.AddSingleton<SnoozeSignal>();
        // After the writers, so stopped before them: the listeners still running can finish their writes.
        services.AddSingleton<AfterCommit>();
        services.AddHostedService(p => p.GetRequiredService<AfterCommit>());
        services.AddSingleton<ConversationFeed>();
        services.AddHostedService(p => p.GetRequiredService<ConversationFeed>());
        services.AddSingleton<OutboxSignal>();
        services.AddHttpClient(OutboundHttp.ClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<MailTransport>();
        services.AddSingleton<IOutboundChannel, SendEmail>();
        services.AddSingleton<IOutboundChannel, SendMessengerMessage>();
        services.AddSingleton<IOutboundChannel, SendMarketplaceReply>();
        services.AddScoped<Seeder>();
        services.AddSingleton<StartupNotice>();
        services.AddHostedService(p => p.GetRequiredService<StartupNotice>());
        services.AddHostedService<DatabaseStartup>();
        // After the database is ready; stopped first, so what it is sending is finished while everything else still runs.
        services.AddHostedService<OutboxDelivery>();
        services.AddHostedService<WakeSnoozedConversations>();
        services.AddHostedService<SendDueSurveys>();
        services.AddSingleton<Features.Reports.RollUpSignal>();
        services.AddSingleton<Features.Reports.RollUpReportDays>();
        services.AddHostedService(p => p.GetRequiredService<Features.Reports.RollUpReportDays>());
        services.AddSingleton<IPasswordHasher<Agent>, PasswordHasher<Agent>>();

        // The key ring lives in the database, so every node reads and writes the same one. It is kept there
        // unencrypted, on purpose (docs/decisions/0018): saying so is what keeps a warning off every first start.
        services.AddDataProtection().SetApplicationName("Helpdesk").PersistKeysToDbContext<HelpdeskDbContext>();
        services.Configure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o =>
            o.XmlEncryptor ??= new Microsoft.AspNetCore.DataProtection.XmlEncryption.NullXmlEncryptor());

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "helpdesk.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                // An API answers 401/403; it never redirects to a sign-in page.
                o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = 401; return Task.CompletedTask; };
                o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = 403; return Task.CompletedTask; };
                o.Events.OnValidatePrincipal = AgentCookie.ValidateAsync;
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, VisitorAuthenticationHandler>(
                VisitorAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AgentRoles.Admin, p => p.RequireRole(AgentRoles.Admin));

        services.AddRateLimiter(o => o.AddHelpdeskPolicies());
        services.AddCors(o => o.AddPolicy(StartWidgetSession.WidgetCors, p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod()
            .WithExposedHeaders("Retry-After"))); // so the widget can say when to try again

        services.AddSignalR(o =>
            {
                o.AddFilter<HubExceptionFilter>();
                // Inside the exception filter, so that a refusal reaches the caller as a HubException.
                o.AddFilter<HubRateLimitFilter>();
                o.MaximumReceiveMessageSize = 64 * 1024;
            })
            // A hub's own filters run inside the global ones: a flood is refused before any session is looked up.
            .AddHubOptions<WidgetHub>(o => o.AddFilter<EndedSessionHubFilter>());
        services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Malformed JSON reaches the one exception handler, which says what is wrong.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddHealthChecks().AddCheck<NodeLifecycleHealthCheck>("node");
        GracefulShutdown.AddTo(services, config);
        return builder;
    }

    private static bool Validates(ResponseTargets t) =>
        new[] { t.Vip, t.Returning, t.FirstTime, t.New }.All(m => m is >= 1 and <= 60 * 24 * 30);

    public static WebApplication MapHelpdesk(this WebApplication app)
    {
        // First: every later step (limits, logs, HTTPS) sees the client's own address. With no proxy
        // configured the middleware would believe anyone, so it runs only when there is one.
        var proxies = app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value;
        if (proxies.KnownProxies.Length + proxies.KnownNetworks.Length > 0) app.UseForwardedHeaders();
        // Only over HTTPS, and never for localhost: the middleware itself looks.
        app.UseHsts();
        app.UseMiddleware<SecurityHeaders>();
        GracefulShutdown.RefuseNewHubConnections(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        // Files first: a route such as /survey/{token} must not swallow /survey/survey.js.
        app.UseRouting();
        app.UseMiddleware<SameOriginGuard>();
        app.UseMiddleware<AnonymousBodyLimit>();
        app.UseCors();
        // Before authentication: a flood of forged tokens or cookies is refused before any is checked.
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapHealthEndpoints();
        app.MapHub<WidgetHub>("/hubs/widget").RequireCors(StartWidgetSession.WidgetCors).RequireRateLimiting(RateLimitPolicies.Hubs);
        app.MapHub<InboxHub>("/hubs/inbox").RequireRateLimiting(RateLimitPolicies.Hubs);

        foreach (var endpoint in typeof(HelpdeskServices).Assembly.GetTypes()
                     .Where(t => t.IsAssignableTo(typeof(IEndpoint)) && !t.IsInterface))
            endpoint.GetMethod(nameof(IEndpoint.Map))!.Invoke(null, [app]);
        return app;
    }
}
