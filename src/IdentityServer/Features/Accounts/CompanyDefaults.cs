namespace Harmony.Identity.Server.Features.Accounts;

/// <summary>The policy new companies start with, and the one applied to login IDs that match no account.</summary>
public sealed class CompanyDefaultsOptions
{
    public const string Section = "Harmony:CompanyDefaults";

    public CompanyPolicy Policy { get; set; } = new();
}
