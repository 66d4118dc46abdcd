using Helpdesk.Features.Conversations.Search;

namespace Helpdesk.Tests.Features.Conversations;

public sealed class SearchTermsTests
{
    [Fact]
    public void Query_syntax_is_only_ever_searched_for()
    {
        var terms = SearchTerms.Parse("\"NEAR(tent* -stove)\" OR 'x'; DROP");

        Assert.Equal(["near", "tent", "stove", "or", "x", "drop"], terms.Words);
        Assert.Equal("(\"near\") AND (\"tent\") AND (\"stove\") AND (\"or\") AND (\"x\") AND (\"drop\" OR \"drop\"*)", terms.ToFts5());
        Assert.Equal("('near') & ('tent') & ('stove') & ('or') & ('x') & ('drop' | 'drop':*)", terms.ToTsQuery());
    }

    [Fact]
    public void A_single_letter_is_not_looked_for_as_the_start_of_every_word()
    {
        Assert.Equal("(\"tent\") AND (\"a\")", SearchTerms.Parse("tent a").ToFts5());
    }

    [Fact]
    public void Both_spellings_of_sharp_s_are_asked_for()
    {
        Assert.Equal("(\"straße\" OR \"straße\"* OR \"strasse\" OR \"strasse\"*)", SearchTerms.Parse("Straße").ToFts5());
        Assert.Equal("(\"strasse\" OR \"strasse\"* OR \"straße\" OR \"straße\"*)", SearchTerms.Parse("STRASSE").ToFts5());
    }

    [Fact]
    public void A_phone_number_is_searched_by_its_digits_and_in_international_form()
    {
        var terms = SearchTerms.Parse("20 12 34 56", _ => "+4520123456");

        Assert.Equal(["20123456", "4520123456"], terms.PhoneDigits);
        Assert.Contains("Phones : (\"20123456\"* OR \"4520123456\"*)", terms.ToFts5Customer());
        Assert.Empty(SearchTerms.Parse("#1042").PhoneDigits);
        Assert.Equal(["4520123456"], SearchTerms.Parse("0045 20123456").PhoneDigits);
    }

    [Fact]
    public void Nothing_but_punctuation_searches_for_nothing() => Assert.True(SearchTerms.Parse(" *-\"() ").IsEmpty);

    [Fact]
    public void Words_are_marked_ignoring_case_and_accents_the_last_one_as_a_start()
    {
        var text = "Mans PASŪTĪJUMS nav pienācis, the Strasse.";
        var ranges = SearchHighlighter.Find(text, SearchTerms.Parse("pasutijums straße pie"));

        Assert.Equal(["PASŪTĪJUMS", "pienācis", "Strasse"], ranges.Select(r => text.Substring(r.Start, r.Length)));
    }

    [Fact]
    public void A_long_text_is_cut_around_its_first_hit_with_the_marks_moved_along()
    {
        var text = new string('x', 300) + " the tent broke " + new string('y', 300);
        var match = SearchHighlighter.Excerpt("message", text, SearchHighlighter.Find(text, SearchTerms.Parse("tent")));

        Assert.StartsWith("…", match.Snippet);
        Assert.EndsWith("…", match.Snippet);
        Assert.True(match.Snippet.Length <= SearchHighlighter.MaxSnippet + 2);
        Assert.Equal("tent", match.Snippet.Substring(match.Highlights[0].Start, match.Highlights[0].Length));
    }

    [Fact]
    public void A_customer_hit_outranks_a_subject_hit_which_outranks_any_number_of_mentions()
    {
        var ranked = SearchRanking.Rank(
        [
            new SearchCandidate(1, SearchSource.Message, 0.9, 10), new SearchCandidate(1, SearchSource.Message, 0.9, 11),
            new SearchCandidate(1, SearchSource.Message, 0.9, 12), new SearchCandidate(1, SearchSource.Message, 0.9, 13),
            new SearchCandidate(2, SearchSource.Subject, 0.1),
            new SearchCandidate(3, SearchSource.Customer, 0.1),
            new SearchCandidate(4, SearchSource.Message, 0.5, 14),
        ], 10);

        Assert.Equal([3L, 2, 1, 4], ranked.Select(h => h.ConversationId));
        Assert.Equal(10, ranked[2].MessageId);
    }
}
