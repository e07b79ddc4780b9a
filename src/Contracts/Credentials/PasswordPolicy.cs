namespace Harmony.Identity.Contracts.Credentials;

/// <summary>Which password rules a company chose (its setting; stored and sent by name, so never rename a value).</summary>
public enum PasswordRuleSet
{
    /// <summary>The FAQ's composition rules (Q10): 8 characters or more with an uppercase letter, a lowercase letter and a symbol.</summary>
    Faq = 0,

    /// <summary>NIST SP 800-63B rev. 4 §3.1.1.2: length first, no composition rules.</summary>
    Nist = 1,
}

/// <summary>
/// The password rules that apply to one person: the rule set of their company and the lengths it implies. Both sets
/// refuse passwords on the common-password list (<see cref="CommonPasswords"/>) and the account's last five passwords.
/// </summary>
public sealed record PasswordPolicy
{
    /// <summary>NIST rev. 4: a password that is the only factor has at least 15 characters.</summary>
    public const int NistSingleFactorMinLength = 15;

    /// <summary>NIST rev. 4: a password that is one of two factors has at least 8 characters.</summary>
    public const int NistMultiFactorMinLength = 8;

    private PasswordPolicy(PasswordRuleSet ruleSet, int minLength, int maxLength)
    {
        RuleSet = ruleSet;
        MinLength = minLength;
        MaxLength = maxLength;
    }

    /// <summary>The FAQ's rules, the default of every company.</summary>
    public static PasswordPolicy Faq { get; } = new(PasswordRuleSet.Faq, CredentialRules.PasswordMinLength, CredentialRules.PasswordMaxLength);

    public PasswordRuleSet RuleSet { get; }

    public int MinLength { get; }

    /// <summary>128 for both sets (NIST asks for at least 64).</summary>
    public int MaxLength { get; }

    /// <summary>Whether an uppercase letter, a lowercase letter and a symbol are required, and spaces and "&amp;&amp;" refused (the FAQ set only).</summary>
    public bool HasCompositionRules => RuleSet == PasswordRuleSet.Faq;

    /// <summary>
    /// The policy of a company's rule set. <paramref name="passwordIsOneOfTwoFactors"/> is true only when the company requires
    /// a second factor that NIST rev. 4 counts (an emailed code does not: §3.1.3.1 excludes email from out-of-band authentication).
    /// </summary>
    public static PasswordPolicy For(PasswordRuleSet ruleSet, bool passwordIsOneOfTwoFactors = false) => ruleSet switch
    {
        PasswordRuleSet.Faq => Faq,
        PasswordRuleSet.Nist => new(PasswordRuleSet.Nist,
            passwordIsOneOfTwoFactors ? NistMultiFactorMinLength : NistSingleFactorMinLength, CredentialRules.PasswordMaxLength),
        _ => throw new ArgumentOutOfRangeException(nameof(ruleSet), ruleSet, "Not a password rule set."),
    };
}
