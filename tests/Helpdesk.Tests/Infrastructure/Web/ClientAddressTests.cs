using System.Net;
using Helpdesk.Infrastructure.Web;

namespace Helpdesk.Tests.Infrastructure.Web;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void An_address_is_counted_by_what_one_subscriber_holds(string address, string key) =>
        Assert.Equal(key, ClientAddress.Key(IPAddress.Parse(address)));

    [Fact]
    public void Another_ipv6_network_is_another_key() =>
        Assert.NotEqual(ClientAddress.Key(IPAddress.Parse("2001:db8:1:2::1")), ClientAddress.Key(IPAddress.Parse("2001:db8:1:3::1")));
}
