using Helpdesk.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddHelpdesk();
var app = builder.Build();
app.MapHelpdesk();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
