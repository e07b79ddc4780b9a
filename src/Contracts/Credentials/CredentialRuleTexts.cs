using System.Globalization;
using static Harmony.Identity.Contracts.Credentials.CredentialRules;
using Codes = Harmony.Identity.Contracts.Credentials.CredentialRuleCodes;

namespace Harmony.Identity.Contracts.Credentials;

/// <summary>
/// What the credential rules say to an employee, in Japanese (default) and English: one message per failed rule, and
/// the full rule lists shown beside the form fields. The texts are in <c>ContractTexts.resx</c>; the limits they quote
/// come from <see cref="CredentialRules"/> and the person's <see cref="PasswordPolicy"/>, so a rule and its text cannot drift apart.
/// </summary>
public static class CredentialRuleTexts
{
    private static TextResource Texts => ContractTexts.Resource;

    /// <summary>
    /// The message for a failed rule; <paramref name="culture"/> defaults to the current UI culture, <paramref name="policy"/>
    /// (whose lengths the length message quotes) to the FAQ's rules.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is not one of <see cref="CredentialRuleCodes"/>.</exception>
    public static string Message(string code, CultureInfo? culture = null, PasswordPolicy? policy = null) =>
        Texts.Format("CredentialRule." + code, culture, code switch
        {
            Codes.LoginIdLength => [LoginIdMinLength, LoginIdMaxLength],
            Codes.PasswordLength => [(policy ?? PasswordPolicy.Faq).MinLength, (policy ?? PasswordPolicy.Faq).MaxLength],
            Codes.PasswordHistory => [PasswordHistoryCount],
            _ => [],
        });

    /// <summary>The login ID rules as bullet texts, for display beside the field.</summary>
    public static IReadOnlyList<string> LoginIdRuleList(CultureInfo? culture = null) =>
    [
        Texts.Get("LoginIdRule.Characters", culture),
        Texts.Format("LoginIdRule.Length", culture, LoginIdMinLength, LoginIdMaxLength),
        Texts.Get("LoginIdRule.Unique", culture),
    ];

    /// <summary>
    /// The password rules of <paramref name="policy"/> (the FAQ's by default) as bullet texts, the common-password screen
    /// and the history rule included, for display beside the field. The FAQ's list quotes Q10 and adds the screen.
    /// </summary>
    public static IReadOnlyList<string> PasswordRuleList(CultureInfo? culture = null, PasswordPolicy? policy = null)
    {
        policy ??= PasswordPolicy.Faq;
        var length = Texts.Format("PasswordRule.Length", culture, policy.MinLength, policy.MaxLength);
        var common = Texts.Get("PasswordRule.Common", culture);
        var history = Texts.Format("PasswordRule.History", culture, PasswordHistoryCount);
        return policy.HasCompositionRules
            ?
            [
                length,
                Texts.Get("PasswordRule.Uppercase", culture),
                Texts.Get("PasswordRule.Lowercase", culture),
                Texts.Format("PasswordRule.Symbol", culture, PasswordSymbols),
                Texts.Get("PasswordRule.FullWidth", culture),
                Texts.Get("PasswordRule.Space", culture),
                Texts.Get("PasswordRule.DoubleAmpersand", culture),
                common,
                history,
            ]
            : [length, Texts.Get("PasswordRule.NistCharacters", culture), Texts.Get("PasswordRule.FullWidth", culture), common, history];
    }
}
