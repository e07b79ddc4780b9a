namespace Harmony.Identity.Admin.Features.Shared;

/// <summary>Picks the Japanese or English one of a pair of values (company names) for the page's language.</summary>
public static class Localized
{
    public static string Pick(string japanese, string english) =>
        SupportedCultures.IsEnglish() && !string.IsNullOrWhiteSpace(english) ? english : japanese;
}

/// <summary>Names the server sends (events, reasons, email kinds) in words, or as sent when the site does not know them yet.</summary>
public static class Words
{
    public static string Of(Microsoft.Extensions.Localization.IStringLocalizer text, string prefix, string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        var words = text[prefix + name];
        return words.ResourceNotFound ? name : words.Value;
    }
}
