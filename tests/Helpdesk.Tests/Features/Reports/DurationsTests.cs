using Helpdesk.Features.Reports;

namespace Helpdesk.Tests.Features.Reports;

public class DurationsTests
{
    private static Durations Of(params double[] seconds)
    {
        var d = new Durations();
        foreach (var s in seconds) d.Add(s);
        return d;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0.4, 0)]
    [InlineData(59.9, 59)]
    [InlineData(61, 61)]
    [InlineData(599.99, 599)]
    [InlineData(-3, 0)]
    public void Below_ten_minutes_a_duration_is_kept_to_the_second(double seconds, double kept)
    {
        Assert.Equal(kept, Of(seconds).Percentile(0.5));
    }

    [Fact]
    public void From_ten_minutes_on_a_duration_is_kept_within_one_percent()
    {
        for (var seconds = 600.0; seconds < 90 * 24 * 3600; seconds *= 1.037)
        {
            var kept = Of(seconds).Percentile(0.5)!.Value;
            Assert.InRange(kept, seconds * 0.99, seconds * 1.01);
        }
        // Neighbouring durations a few percent apart stay apart.
        Assert.True(Of(3600).Percentile(0.5) < Of(3700).Percentile(0.5));
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        // 3, 5, 10 and 20 minutes: the median is the 2nd (ceil(0.5 × 4)), the 90th percentile the 4th.
        var d = Of(180, 300, 600, 1200);
        Assert.Equal(300, d.Percentile(0.5));
        Assert.InRange(d.Percentile(0.9)!.Value, 1200 * 0.99, 1200 * 1.01);

        // 1 to 10 seconds, added out of order: the median is the 5th, the 90th percentile the 9th.
        var ten = Of(7, 1, 10, 3, 5, 2, 9, 4, 8, 6);
        Assert.Equal(5, ten.Percentile(0.5));
        Assert.Equal(9, ten.Percentile(0.9));
        Assert.Equal(1, ten.Percentile(0));
        Assert.Equal(10, ten.Percentile(1));
        Assert.Equal(10, ten.Count);

        // An odd count: the middle one.
        Assert.Equal(40, Of(50, 40, 30).Percentile(0.5));
        // Repeated values count each time.
        Assert.Equal(20, Of(10, 20, 20, 20, 90).Percentile(0.5));
    }

    [Fact]
    public void Without_data_there_is_no_percentile()
    {
        var empty = new Durations();
        Assert.Null(empty.Percentile(0.5));
        Assert.Null(empty.Percentile(0.9));
        Assert.Equal(0, empty.Count);
        Assert.Equal("", empty.ToString());
    }

    [Fact]
    public void The_text_form_gives_back_the_same_histogram()
    {
        var d = Of(0, 5, 5, 599, 600, 601, 3600, 86_400, 86_400 * 30);

        var back = new Durations();
        back.AddText(d.ToString());

        Assert.Equal(d.ToString(), back.ToString());
        Assert.Equal(d.Count, back.Count);
        foreach (var p in new[] { 0, 0.1, 0.5, 0.9, 1 }) Assert.Equal(d.Percentile(p), back.Percentile(p));
        Assert.Equal("0:1;5:2;599:1", Of(5, 0, 599, 5.5).ToString());
        // Read under any culture: the text is invariant.
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("da-DK");
            var danish = new Durations();
            danish.AddText(Of(1_000_000).ToString());
            Assert.Equal(Of(1_000_000).Percentile(0.5), danish.Percentile(0.5));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }
    }

    [Fact]
    public void Merged_histograms_are_the_histogram_of_all_their_durations()
    {
        double[] monday = [30, 90, 700, 5000], tuesday = [10, 90, 90, 12_000, 40];
        var merged = Of(monday);
        merged.Add(Of(tuesday));
        var fromText = new Durations();
        fromText.AddText(Of(monday).ToString());
        fromText.AddText(Of(tuesday).ToString());

        var all = Of([.. monday, .. tuesday]);
        Assert.Equal(all.ToString(), merged.ToString());
        Assert.Equal(all.ToString(), fromText.ToString());
        Assert.Equal(9, merged.Count);
        Assert.Equal(90, merged.Percentile(0.5));
        Assert.InRange(merged.Percentile(0.9)!.Value, 12_000 * 0.99, 12_000 * 1.01);
    }
}
