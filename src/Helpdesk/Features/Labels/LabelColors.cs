namespace Helpdesk.Features.Labels;

/// <summary>
/// The fixed palette labels are drawn from. Names, not colour values: the inbox owns the shades and
/// pairs each background with a text colour that keeps WCAG AA contrast, which free colours could not.
/// </summary>
public static class LabelColors
{
    public const string Gray = "gray";
    public static readonly string[] All = [Gray, "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink"];

    /// <summary>A label created by being typed onto a conversation gets a colour of its own, the same one for the same name.</summary>
    public static string For(string name)
    {
        // A stable hash (FNV-1a): string.GetHashCode differs between processes, and every node must agree.
        var hash = 2166136261u;
        foreach (var c in name) hash = (hash ^ c) * 16777619u;
        return All[hash % (uint)All.Length];
    }
}
