namespace Harmony.Identity.Admin.Localization;

public static class LocalizationExtensions
{
    /// <summary>The two-letter language of the current request, "ja" unless English was chosen.</summary>
    public static string CurrentLanguage() => SupportedCultures.Of();
}
