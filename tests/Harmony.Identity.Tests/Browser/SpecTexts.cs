namespace Harmony.Identity.Tests.Browser;

/// <summary>
/// The texts PRODUCT.md §3 and the FAQ quote, by language: written out here, not read from the server's resources,
/// so that a changed message fails the scenario that shows it.
/// </summary>
internal static class SpecTexts
{
    public const string FailedToConnect = "Failed to connect to harmony server";

    /// <summary>The support desk's free call number (FAQ), shown on Japanese pages only.</summary>
    public const string FreeCall = "0120-695-405";

    public static string InvalidCredentials(string language) => Pick(language, "無効なログインIDまたはパスワードです。", "Invalid login ID or password.");

    public static string Locked(string language) => Pick(language, "アカウントがロックされています", "Login ID is locked");

    public static string TemporaryExpired(string language) =>
        Pick(language, "仮ログインID/パスワードの有効期限が切れました", "Your temporary ID and password have expired");

    public static string ForgotLoginId(string language) => Pick(language, "ログインIDをお忘れですか?", "Forgot your login ID?");

    public static string ForgotPassword(string language) => Pick(language, "パスワードをお忘れですか?", "Forgot your password?");

    /// <summary>FAQ A5 and A7.</summary>
    public static string TemporaryCannotReset(string language) =>
        Pick(language, "仮ログインIDのままではパスワードをリセットできません", "You cannot reset your password while using a temporary login ID");

    /// <summary>FAQ A8 and A1 cause 2: who to ask.</summary>
    public static string CompanyRepresentative(string language) => Pick(language, "所属企業のご担当者", "company representative");

    /// <summary>FAQ A4 cause 1: the domain the emails come from.</summary>
    public const string MailDomain = "@advantage-harmony.com";

    private static string Pick(string language, string japanese, string english) => language == "ja" ? japanese : english;
}
