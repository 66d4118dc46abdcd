using System.Net;
using System.Net.Http.Json;
using Helpdesk.Tests.Infrastructure;

namespace Helpdesk.Tests.Features.Queue;

public sealed class ChatAssignmentTests : IAsyncLifetime
{
    private readonly HelpdeskApp _app = new();
    private Agent _admin = null!;
    private string _publicKey = null!;

    public async Task InitializeAsync()
    {
        _admin = await _app.SignInAsync();
        _publicKey = (await _app.CreateStorefrontChannelAsync(_admin)).PublicKey;
    }

    public async Task DisposeAsync()
    {
        await _admin.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task<Agent> AgentAsync(string name, int capacity)
    {
        var email = $"{name.ToLowerInvariant()}@shop.example";
        (await _admin.Http.PostAsJsonAsync("/api/agents",
            new { name, email, password = "a-long-password", role = "agent", chatCapacity = capacity })).EnsureSuccessStatusCode();
        return await _app.SignInAsync(email, "a-long-password");
    }

    private async Task<long> NewChatAsync(string text)
    {
        await using var shopper = await _app.ShopperAsync(_publicKey);
        return (await shopper.SendAsync(text)).ConversationId;
    }

    [Fact]
    public async Task New_chats_go_to_the_least_loaded_online_agent_with_room()
    {
        var anna = await AgentAsync("Anna", 2);
        var lukas = await AgentAsync("Lukas", 1);
        await anna.ConnectAsync();
        await lukas.ConnectAsync();

        var first = await NewChatAsync("first");
        var firstOwner = (await anna.Changes.WaitForAsync(c => c.Id == first && c.Assignee is not null)).Assignee!.Id;
        var second = await NewChatAsync("second");
        var secondOwner = (await anna.Changes.WaitForAsync(c => c.Id == second && c.Assignee is not null)).Assignee!.Id;
        Assert.NotEqual(firstOwner, secondOwner);

        // Lukas is full with one chat; Anna has room for one more; then nobody has room and the chat waits.
        var third = await NewChatAsync("third");
        Assert.Equal(anna.Id, (await anna.Changes.WaitForAsync(c => c.Id == third && c.Assignee is not null)).Assignee!.Id);
        var fourth = await NewChatAsync("fourth");
        await anna.Changes.WaitForAsync(c => c.Id == fourth);
        await Task.Delay(300);
        var detail = await _admin.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/conversations/{fourth}");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, detail.GetProperty("assignee").ValueKind);

        await anna.DisposeAsync();
        await lukas.DisposeAsync();
    }

    [Fact]
    public async Task An_agent_at_chat_capacity_gets_no_more_chats_from_take_next()
    {
        var sofie = await AgentAsync("Sofie", 1);
        await NewChatAsync("one");
        await NewChatAsync("two");

        Assert.Equal(HttpStatusCode.OK, (await sofie.Http.PostAsync("/api/queue/next", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await sofie.Http.PostAsync("/api/queue/next", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.Http.PostAsync("/api/queue/next", null)).StatusCode);
    }
}
