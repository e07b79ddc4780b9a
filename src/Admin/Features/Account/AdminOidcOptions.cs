using System.ComponentModel.DataAnnotations;

namespace Harmony.Identity.Admin.Features.Account;

/// <summary>How the admin site signs in through the identity server (section <c>Admin:Oidc</c>).</summary>
public sealed class AdminOidcOptions : IValidatableObject
{
    public const string Section = "Admin:Oidc";

    /// <summary>The identity server's issuer URL, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    [Required]
    public Uri? Authority { get; set; }

    [Required]
    public string ClientId { get; set; } = "";

    /// <summary>The confidential client's secret: from a secret store or the environment, never a committed file outside Development.</summary>
    [Required]
    public string ClientSecret { get; set; } = "";

    /// <summary>Refresh the access token when it has less than this left, so an API call never carries an expired one.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")]
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Plain HTTP is accepted only for an identity server on the loopback interface (the embedded default and tests).</summary>
    public bool IsLoopbackHttp => Authority is { Scheme: "http", IsLoopback: true };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Authority is null) yield break;
        if (!Authority.IsAbsoluteUri || (Authority.Scheme != Uri.UriSchemeHttps && !IsLoopbackHttp))
        {
            yield return new ValidationResult(
                "Admin:Oidc:Authority must be an https URL (plain http only on 127.0.0.1 or localhost).", [nameof(Authority)]);
        }
    }
}
