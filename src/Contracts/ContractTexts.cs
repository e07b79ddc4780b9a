namespace Harmony.Identity.Contracts;

/// <summary>
/// The texts of the contracts both apps agree on, in <c>ContractTexts.resx</c> (Japanese) and
/// <c>ContractTexts.en.resx</c> (English): the credential rules (<c>CredentialRule.*</c>, <c>LoginIdRule.*</c>,
/// <c>PasswordRule.*</c>) and the admin field rules (<c>AdminValidation.*</c>), keyed by their error codes. Read through
/// a plain <see cref="System.Resources.ResourceManager"/>, so that this library stays free of ASP.NET.
/// </summary>
internal static class ContractTexts
{
    public static readonly TextResource Resource = new(typeof(ContractTexts));
}
