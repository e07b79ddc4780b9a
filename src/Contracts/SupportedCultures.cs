using System.Globalization;

namespace Harmony.Identity.Contracts;

/// <summary>
/// The languages every page and email exists in; Japanese first. Every "which language?" of both apps is answered
/// here, so that a page, an API answer and an email never disagree about a culture such as "en-US" or "fr".
/// </summary>
public static class SupportedCultures
{
    public const string Japanese = "ja";
    public const string English = "en";

    public const string Default = Japanese;

    public static readonly IReadOnlyList<string> All = [Japanese, English];

    /// <summary>Maps a BCP 47 tag ("en-US", "ja-JP", "EN") to a supported culture, or null.</summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return null;
        var primary = tag.Trim().Split('-', '_')[0];
        return All.FirstOrDefault(c => string.Equals(c, primary, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The language of <paramref name="culture"/> (the current UI culture by default): "en" if English, else "ja".</summary>
    public static string Of(CultureInfo? culture = null) => Match((culture ?? CultureInfo.CurrentUICulture).Name) ?? Default;

    /// <summary>The language of a stored or requested tag ("en-US", "ja", null): "en" if English, else "ja".</summary>
    public static string OfTag(string? tag) => Match(tag) ?? Default;

    /// <summary>The one way to ask "is this English?" (the current UI culture by default).</summary>
    public static bool IsEnglish(CultureInfo? culture = null) => Of(culture) == English;

    /// <summary>
    /// The culture texts are read and formatted in: exactly "ja" or "en", so that a resx lookup falls back to Japanese
    /// for any other language (as the pages do) instead of following the culture's own parents.
    /// </summary>
    public static CultureInfo TextCulture(CultureInfo? culture = null) => CultureInfo.GetCultureInfo(Of(culture));

    /// <inheritdoc cref="TextCulture(CultureInfo?)"/>
    public static CultureInfo TextCultureOfTag(string? tag) => CultureInfo.GetCultureInfo(OfTag(tag));
}
