using System.Globalization;
using System.Resources;

namespace Harmony.Identity.Contracts;

/// <summary>
/// The texts of one area read from its resx files: Japanese in the neutral <c>.resx</c>, English in the <c>.en.resx</c>,
/// in the language <see cref="SupportedCultures"/> picks. Code that is not a Razor view reads its texts through this
/// (views use <c>IStringLocalizer</c> over the same kind of file), so that a translator only ever edits resx files.
/// </summary>
/// <param name="resource">
/// The type the resx files sit beside and are named after; it must be the first type in its .cs file, which is what
/// the build names a resx after.
/// </param>
public sealed class TextResource(Type resource)
{
    private readonly ResourceManager resources = new(resource);

    /// <summary>The text of <paramref name="key"/>; <paramref name="culture"/> defaults to the current UI culture.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No text has this key: a wrong key must fail, not show nothing.</exception>
    public string Get(string key, CultureInfo? culture = null) =>
        resources.GetString(key, SupportedCultures.TextCulture(culture))
        ?? throw new ArgumentOutOfRangeException(nameof(key), key, $"No text with this key in {resources.BaseName}.");

    /// <summary>
    /// The text of <paramref name="key"/> with its placeholders (<c>{0}</c>, <c>{1}</c>…) filled in; numbers and dates
    /// are formatted in the text's language.
    /// </summary>
    public string Format(string key, CultureInfo? culture, params object?[] arguments) =>
        string.Format(SupportedCultures.TextCulture(culture), Get(key, culture), arguments);

    /// <summary>The text of <paramref name="key"/> in the current UI culture, its placeholders filled in.</summary>
    public string Format(string key, params object?[] arguments) => Format(key, CultureInfo.CurrentUICulture, arguments);
}
