namespace Harmony.Identity.Server.Localization;

/// <summary>
/// Marker for the shared page and message texts: <c>SharedResource.resx</c> holds Japanese (the neutral,
/// primary language), <c>SharedResource.en.resx</c> English.
/// </summary>
public sealed class SharedResource;
