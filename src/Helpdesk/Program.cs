using Helpdesk.Infrastructure;
using Helpdesk.Infrastructure.Seeding;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppFolder.ContentRoot(args) });
builder.AddHelpdesk();
var app = builder.Build();
if (args.Contains(ResetAdminPassword.Command))
{
    await ResetAdminPassword.RunAsync(app.Services, CancellationToken.None);
    return;
}
app.MapHelpdesk();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
