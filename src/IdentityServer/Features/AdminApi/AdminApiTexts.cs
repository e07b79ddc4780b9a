namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// What the admin API says to an admin, in the request's language (Japanese by default, English for "en"): the
/// <c>detail</c> of its problems and the <c>Outcome</c> of its actions. The texts are in <c>AdminApiTexts.resx</c>,
/// keyed by the constants below.
/// </summary>
public static partial class AdminApiTexts
{
    public const string CompanyNotFound = nameof(CompanyNotFound);
    public const string EmployeeNotFound = nameof(EmployeeNotFound);
    public const string ClientNotFound = nameof(ClientNotFound);
    public const string OperatorOnly = nameof(OperatorOnly);
    public const string CompanyCodeTaken = nameof(CompanyCodeTaken);
    public const string EmployeeNumberTaken = nameof(EmployeeNumberTaken);
    public const string ClientIdTaken = nameof(ClientIdTaken);
    public const string ClientFromConfiguration = nameof(ClientFromConfiguration);
    public const string PublicClientHasNoSecret = nameof(PublicClientHasNoSecret);
    public const string ResendPermanent = nameof(ResendPermanent);
    public const string ResendSuspended = nameof(ResendSuspended);
    public const string OwnAccount = nameof(OwnAccount);
    public const string ResendNoAddress = nameof(ResendNoAddress);
    public const string ResendRestricted = nameof(ResendRestricted);
    public const string AdminAccountOperatorOnly = nameof(AdminAccountOperatorOnly);

    public const string CompanyDeactivated = nameof(CompanyDeactivated);
    public const string CompanyAlreadyInactive = nameof(CompanyAlreadyInactive);
    public const string CompanyActivated = nameof(CompanyActivated);
    public const string CompanyAlreadyActive = nameof(CompanyAlreadyActive);
    public const string EmailChanged = nameof(EmailChanged);
    public const string EmailUnchanged = nameof(EmailUnchanged);
    public const string ResetLinksVoided = nameof(ResetLinksVoided);
    public const string ReissuedToNewAddress = nameof(ReissuedToNewAddress);
    public const string ReissuedButNewAddressRestricted = nameof(ReissuedButNewAddressRestricted);
    public const string FormerAddressNotified = nameof(FormerAddressNotified);
    public const string InstructionResent = nameof(InstructionResent);
    public const string Suspended = nameof(Suspended);
    public const string AlreadySuspended = nameof(AlreadySuspended);
    public const string Resumed = nameof(Resumed);
    public const string ResumedWithoutEmail = nameof(ResumedWithoutEmail);
    public const string Unlocked = nameof(Unlocked);
    public const string NotLocked = nameof(NotLocked);
    public const string RestrictionLifted = nameof(RestrictionLifted);
    public const string NotRestricted = nameof(NotRestricted);
    public const string NoAddress = nameof(NoAddress);
    public const string ProfileUpdated = nameof(ProfileUpdated);
    public const string ProfileUnchanged = nameof(ProfileUnchanged);

    private static readonly TextResource Texts = new(typeof(AdminApiTexts));

    /// <summary>The text for <paramref name="key"/>; <paramref name="culture"/> defaults to the request's UI culture.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The key is not one of the constants above.</exception>
    public static string Get(string key, CultureInfo? culture = null) => Texts.Get(key, culture);

    /// <summary>Several texts as one answer: Japanese sentences follow each other directly, English ones after a space.</summary>
    public static string Sentences(IEnumerable<string> keys, CultureInfo? culture = null) =>
        string.Join(SupportedCultures.IsEnglish(culture) ? " " : "", keys.Select(key => Get(key, culture)));
}
