using Harmony.Identity.Web;

namespace Harmony.Identity.Admin.Features.Api;

/// <summary>Where the admin API is (section <c>Admin:Api</c>); by default the identity server named by <c>Admin:Oidc:Authority</c>.</summary>
public sealed class AdminApiOptions
{
    public const string Section = "Admin:Api";

    public Uri? BaseAddress { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public static IEnumerable<string> Problems(AdminApiOptions options, string section) =>
    [
        .. ValidatedOptions.AbsoluteHttp(options.BaseAddress, $"{section}:BaseAddress"),
        .. ValidatedOptions.Positive(options.Timeout, $"{section}:Timeout"),
    ];
}
