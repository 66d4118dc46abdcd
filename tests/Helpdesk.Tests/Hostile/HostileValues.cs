using System.Text.Json.Nodes;

namespace Helpdesk.Tests.Hostile;

/// <summary>What an attacker puts where a value is expected: wrong types, nulls, huge and unicode-edge values.</summary>
public static class HostileValues
{
    private static readonly string Huge = new('A', 100_000);

    /// <summary>Unicode that breaks naive code: a right-to-left override, zero-width and byte-order marks, astral characters, NUL.</summary>
    public const string UnicodeEdge = "\u202Egnp.exe\u200B\uFEFF\U0001D518\U0001F468\u200D\U0001F469\u0000\u0301";

    /// <summary>Path segments, already escaped for a URL.</summary>
    public static readonly string[] PathSegments =
    [
        "0", "-1", "99999999999999999999", "9223372036854775807", "abc", "1.5", "%E2%80%AE%00", "%F0%9F%92%A9",
        new string('9', 5000), "..%2F..%2Fetc%2Fpasswd", "%00",
    ];

    /// <summary>Query values, already escaped.</summary>
    public static readonly string[] QueryValues =
    [
        "", "-1", "99999999999999999999", "abc", "null", "%E2%80%AE%00", new string('z', 20_000), "2026-13-45T99:99:99Z", "%F0%9F%92%A9",
    ];

    /// <summary>JSON values to put in place of one property, as raw JSON text.</summary>
    public static IEnumerable<string> JsonValues()
    {
        yield return "null";
        yield return "\"\"";
        yield return "-1";
        yield return "0";
        yield return "99999999999999999999999999999";
        yield return "1e308";
        yield return "-9223372036854775809";
        yield return "true";
        yield return "\"not-a-number\"";
        yield return "[]";
        yield return "{}";
        yield return "[1,\"two\",{\"three\":null}]";
        yield return JsonValue.Create(Huge).ToJsonString();
        yield return JsonValue.Create(UnicodeEdge).ToJsonString();
        yield return "\"\\ud800\\udfff\\udc00\"";
        yield return "\"2026-02-30T25:61:00Z\"";
        yield return Nested(200);
    }

    /// <summary>Whole bodies that are not the object an endpoint expects.</summary>
    public static IEnumerable<string> Bodies()
    {
        yield return "";
        yield return "null";
        yield return "[]";
        yield return "\"just a string\"";
        yield return "{";
        yield return "{\"a\":1,}";
        yield return "{\"a\":\"\\ud800\"}";
        yield return Nested(10_000);
        yield return "{" + string.Join(",", Enumerable.Range(0, 20_000).Select(i => $"\"p{i}\":{i}")) + "}";
        yield return "[" + string.Join(",", Enumerable.Range(0, 200_000).Select(_ => "0")) + "]";
    }

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);
}
