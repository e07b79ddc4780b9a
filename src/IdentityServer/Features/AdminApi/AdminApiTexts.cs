namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// What the admin API says to an admin, in the request's language (Japanese by default, English for "en"): the
/// <c>detail</c> of its problems and the <c>Outcome</c> of its actions.
/// </summary>
public static class AdminApiTexts
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

    private static readonly Dictionary<string, string> Japanese = new()
    {
        [CompanyNotFound] = "企業が見つかりません。",
        [EmployeeNotFound] = "従業員が見つかりません。",
        [ClientNotFound] = "アプリ(クライアント)が見つかりません。",
        [OperatorOnly] = "この操作はサポートデスク(オペレーター)のみが行えます。",
        [CompanyCodeTaken] = "この企業コードは既に使用されています。別のコードを入力してください。",
        [EmployeeNumberTaken] = "この社員番号の従業員は、この企業に既に登録されています。",
        [ClientIdTaken] = "このクライアントIDは既に登録されています。",
        [ClientFromConfiguration] = "このアプリはサーバーの設定ファイルで管理されているため、ここでは変更できません。設定ファイルを変更してください。",
        [PublicClientHasNoSecret] = "公開クライアント(ブラウザやモバイルのアプリ)にはシークレットがありません。",
        [ResendPermanent] = "この従業員は既にログインIDとパスワードを本登録しているため、マイページ案内メールは再送できません。新しい仮ログインID・仮パスワードが必要な場合は「再度ご利用開始」を行ってください。",
        [ResendSuspended] = "ご利用停止中のため、マイページ案内メールは再送できません。「再度ご利用開始」を行ってください。",
        [ResendNoAddress] = "メールアドレスが登録されていないため、マイページ案内メールを送信できません。先にメールアドレスを登録してください。",
        [ResendRestricted] = "このメールアドレスは配信エラーが続いたため送信が制限されています。アドレスを確認し、送信制限を解除してから再送してください。",
        [AdminAccountOperatorOnly] = "この従業員は管理者(企業のご担当者またはオペレーター)のアカウントのため、メールアドレスの変更、ご利用停止、再度ご利用開始、マイページ案内メールの再送はサポートデスク(オペレーター)のみが行えます。サポートデスクにご依頼ください。",

        [CompanyDeactivated] = "企業を無効にしました。この企業の従業員はサインインできなくなりました。",
        [CompanyAlreadyInactive] = "この企業は既に無効です。",
        [CompanyActivated] = "企業を有効にしました。この企業の従業員は再びサインインできます。",
        [CompanyAlreadyActive] = "この企業は既に有効です。",
        [EmailChanged] = "メールアドレスを変更しました。",
        [EmailUnchanged] = "メールアドレスは変更されていません(登録済みのアドレスと同じです)。",
        [ResetLinksVoided] = "以前のアドレス宛てにお送りしたパスワード再設定のリンクは使用できなくなりました。",
        [ReissuedToNewAddress] = "仮ログインID・仮パスワードを再発行し、新しいアドレスへのマイページ案内メールの送信を受け付けました。以前のアドレスにお送りした仮ログインID・仮パスワードは使用できなくなりました。",
        [ReissuedButNewAddressRestricted] = "仮ログインID・仮パスワードを再発行したため、以前のものは使用できなくなりました。ただし、新しいアドレスは送信制限中のため、マイページ案内メールは送信されません。送信制限を解除してから案内メールを再送してください。",
        [FormerAddressNotified] = "変更前のアドレスには、変更のお知らせメールを送信します。",
        [InstructionResent] = "新しい仮ログインID・仮パスワードを発行し、マイページ案内メールの送信を受け付けました。以前の仮ログインID・仮パスワードは使用できなくなりました。",
        [Suspended] = "ご利用を停止しました。この従業員はサインインできず、ログイン中のアプリからもサインアウトされます。",
        [AlreadySuspended] = "この従業員は既にご利用停止中です。",
        [Resumed] = "ご利用を再開しました。新しい仮ログインID・仮パスワードを発行し、マイページ案内メールの送信を受け付けました。",
        [ResumedWithoutEmail] = "ご利用を再開し、新しい仮ログインID・仮パスワードを発行しました。ただし、メールアドレスが未登録または送信制限中のため、マイページ案内メールは送信されません。",
        [Unlocked] = "アカウントのロックを解除しました。",
        [NotLocked] = "このアカウントはロックされていません。",
        [RestrictionLifted] = "メール送信の制限を解除しました。",
        [NotRestricted] = "このメールアドレスは送信制限されていません。",
        [NoAddress] = "メールアドレスが登録されていません。",
    };

    private static readonly Dictionary<string, string> English = new()
    {
        [CompanyNotFound] = "The company was not found.",
        [EmployeeNotFound] = "The employee was not found.",
        [ClientNotFound] = "The app (client) was not found.",
        [OperatorOnly] = "Only operators (the support desk) can do this.",
        [CompanyCodeTaken] = "This company code is already in use. Choose a different code.",
        [EmployeeNumberTaken] = "An employee with this employee number is already registered in this company.",
        [ClientIdTaken] = "This client ID is already registered.",
        [ClientFromConfiguration] = "This app is declared in the server's configuration and cannot be changed here. Change the configuration instead.",
        [PublicClientHasNoSecret] = "A public client (a browser or mobile app) has no secret.",
        [ResendPermanent] = "The employee has already chosen a permanent login ID and password, so there is no instruction email to resend. Resume (reissue) access if they need new temporary credentials.",
        [ResendSuspended] = "Access is suspended, so the instruction email cannot be resent. Resume access instead.",
        [ResendNoAddress] = "The employee has no email address, so the instruction email cannot be sent. Register an address first.",
        [ResendRestricted] = "Sending to this address is restricted after repeated delivery failures. Check the address and lift the restriction before resending.",
        [AdminAccountOperatorOnly] = "This account belongs to an administrator (a company representative or an operator), so only operators (the support desk) can change its email address, suspend or resume it, or resend its instruction email. Please ask the support desk.",

        [CompanyDeactivated] = "The company was deactivated. Its employees can no longer sign in.",
        [CompanyAlreadyInactive] = "The company was already inactive.",
        [CompanyActivated] = "The company was activated. Its employees can sign in again.",
        [CompanyAlreadyActive] = "The company was already active.",
        [EmailChanged] = "The email address was changed.",
        [EmailUnchanged] = "The email address was not changed (it is the registered one).",
        [ResetLinksVoided] = "Password reset links sent to the former address no longer work.",
        [ReissuedToNewAddress] = "New temporary credentials were issued and the instruction email is on its way to the new address. The temporary login ID and password sent to the former address no longer work.",
        [ReissuedButNewAddressRestricted] = "New temporary credentials were issued, so the previous ones no longer work, but sending to the new address is restricted and no instruction email will be sent. Lift the restriction, then resend the instruction email.",
        [FormerAddressNotified] = "A notice of the change goes to the former address.",
        [InstructionResent] = "New temporary credentials were issued and the instruction email is on its way. The previous temporary login ID and password no longer work.",
        [Suspended] = "Access was suspended. The employee cannot sign in and is signed out of every app.",
        [AlreadySuspended] = "Access was already suspended.",
        [Resumed] = "Access was resumed. New temporary credentials were issued and the instruction email is on its way.",
        [ResumedWithoutEmail] = "Access was resumed and new temporary credentials were issued, but no instruction email will be sent: the employee has no address, or sending to it is restricted.",
        [Unlocked] = "The account was unlocked.",
        [NotLocked] = "The account was not locked.",
        [RestrictionLifted] = "The email restriction was lifted.",
        [NotRestricted] = "Sending to this address was not restricted.",
        [NoAddress] = "The employee has no email address.",
    };

    /// <summary>The text for <paramref name="key"/>; <paramref name="culture"/> defaults to the request's UI culture.</summary>
    public static string Get(string key, CultureInfo? culture = null)
    {
        var texts = SupportedCultures.IsEnglish(culture) ? English : Japanese;
        return texts.TryGetValue(key, out var text) ? text : throw new ArgumentOutOfRangeException(nameof(key), key, "Not an admin API text.");
    }

    /// <summary>Several texts as one answer: Japanese sentences follow each other directly, English ones after a space.</summary>
    public static string Sentences(IEnumerable<string> keys, CultureInfo? culture = null)
    {
        var english = SupportedCultures.IsEnglish(culture);
        return string.Join(english ? " " : "", keys.Select(key => Get(key, culture)));
    }

    /// <summary>Every key, for tests that check both languages have a text.</summary>
    public static IReadOnlyCollection<string> Keys => Japanese.Keys;
}
