using Helpdesk.Features.Orders;

namespace Helpdesk.Tests.Features.Orders;

public sealed class ShipmentTrackingTests
{
    private const string PostNordUrl = "https://tracking.postnord.com/dk/?id=00370712345678901234";

    [Theory]
    [InlineData("javascript:alert(document.cookie)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData(" javascript:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("//evil.example/track")]
    [InlineData("tracking.postnord.com/?id=1")]
    [InlineData("ftp://carrier.example/1")]
    [InlineData("https://tracking.postnord.com@evil.example/?id=1")]
    public void Only_absolute_web_addresses_become_links(string url)
    {
        var entry = ShipmentTracking.Entry("PostNord", "00370712345678901234", url);
        Assert.Equal(new OrderTracking("PostNord", "00370712345678901234", null), entry);
        Assert.False(ShipmentTracking.IsSafeUrl(url));
    }

    [Fact]
    public void A_shipment_with_nothing_to_follow_is_no_entry()
    {
        Assert.Null(ShipmentTracking.Entry("PostNord", " ", "javascript:alert(1)"));
        Assert.Null(ShipmentTracking.Entry("PostNord", null, null));
    }

    [Fact]
    public void Long_values_are_cut_and_an_overlong_address_dropped()
    {
        var entry = ShipmentTracking.Entry(new string('C', 300), new string('7', 300), "https://carrier.example/?id=" + new string('1', 2000))!;
        Assert.Equal(ShipmentTracking.MaxCompany, entry.Company!.Length);
        Assert.Equal(ShipmentTracking.MaxNumber, entry.Number!.Length);
        Assert.Null(entry.Url);
        // Short as sent, too long once escaped as it would be stored and linked.
        Assert.Null(ShipmentTracking.Entry("GLS", "1", "https://carrier.example/?q=" + new string('é', 600))!.Url);
    }

    [Fact]
    public void Thousands_of_numbers_keep_the_newest_twenty()
    {
        var numbers = Enumerable.Range(1, 50_000).Select(i => (string?)i.ToString()).ToList();
        var entries = ShipmentTracking.FromShipment("GLS", null, numbers, null, null);
        Assert.Equal(Enumerable.Range(49_981, 20).Select(i => i.ToString()), entries.Select(e => e.Number));
    }

    [Fact]
    public void Hidden_and_reordering_characters_leave_names_and_numbers()
    {
        var entry = ShipmentTracking.Entry("Post\u202eDroN", "0037\u200b0712", PostNordUrl)!;
        Assert.Equal("PostDroN", entry.Company);
        Assert.Equal("00370712", entry.Number);
    }

    [Fact]
    public void Numbers_and_addresses_pair_by_position_and_the_lists_win_over_the_single_fields()
    {
        var entries = ShipmentTracking.FromShipment("GLS", "111", ["111", "222", "333"], "https://gls.example/111",
            ["https://gls.example/111", "javascript:alert(1)"]);
        Assert.Equal(
        [
            new OrderTracking("GLS", "111", "https://gls.example/111"),
            new OrderTracking("GLS", "222", null),
            new OrderTracking("GLS", "333", null),
        ], entries);
    }

    [Fact]
    public void The_single_fields_count_when_there_are_no_lists()
    {
        Assert.Equal([new OrderTracking("DHL", "JD0146", "https://dhl.example/JD0146")],
            ShipmentTracking.FromShipment("DHL", "JD0146", [], "https://dhl.example/JD0146", null));
    }

    [Fact]
    public void The_same_number_twice_is_one_entry()
    {
        Assert.Single(ShipmentTracking.FromShipment("GLS", null, ["ABC123", "abc123", "ABC123"], null, null));
    }

    [Fact]
    public void An_updated_shipment_replaces_its_entry_and_others_stay()
    {
        IReadOnlyList<OrderTracking> current = [new("PostNord", "1", null), new("GLS", "2", null)];
        var after = ShipmentTracking.Apply(current, new TrackingUpdate([new("PostNord", "1", PostNordUrl)], [], Whole: false));
        Assert.Equal([new OrderTracking("PostNord", "1", PostNordUrl), new OrderTracking("GLS", "2", null)], after);
        Assert.Equal(after, ShipmentTracking.Apply(after, new TrackingUpdate([new("PostNord", "1", PostNordUrl)], [], Whole: false)));
    }

    [Fact]
    public void A_withdrawn_shipment_leaves_and_a_whole_list_replaces()
    {
        IReadOnlyList<OrderTracking> current = [new("PostNord", "1", null), new("GLS", "2", null)];
        Assert.Equal([new OrderTracking("GLS", "2", null)],
            ShipmentTracking.Apply(current, new TrackingUpdate([], [new("PostNord", "1", null)], Whole: false)));
        Assert.Equal([new OrderTracking("DHL", "3", null)],
            ShipmentTracking.Apply(current, TrackingUpdate.Replace([new("DHL", "3", null)])));
    }

    [Fact]
    public void At_most_the_newest_twenty_entries_are_kept()
    {
        var many = Enumerable.Range(1, 30).Select(i => new OrderTracking("GLS", i.ToString(), null)).ToList();
        var kept = ShipmentTracking.Apply([], new TrackingUpdate(many, [], Whole: false));
        Assert.Equal(ShipmentTracking.MaxEntries, kept.Count);
        Assert.Equal("30", kept[^1].Number);
        Assert.Equal("11", kept[0].Number);
    }

    [Fact]
    public void An_unsafe_address_that_reached_the_store_is_not_read_back()
    {
        var read = ShipmentTracking.Read("""[{"company":"X","number":"1","url":"javascript:alert(1)"},{"company":"X","number":null,"url":"data:,x"}]""");
        Assert.Equal([new OrderTracking("X", "1", null)], read);
    }
}
