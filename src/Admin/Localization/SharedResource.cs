namespace Harmony.Identity.Admin.Localization;

/// <summary>
/// Marker for the admin site's texts: <c>SharedResource.resx</c> holds Japanese (the neutral, primary language),
/// <c>SharedResource.en.resx</c> English.
/// </summary>
public sealed class SharedResource;
