using System.Text.RegularExpressions;
using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Features.Email;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// Reads what an audit entry's stored <c>Details</c> say as named facts, per event, so that the admin site can write
/// each entry as a sentence in the reader's language (decision 0022). The writers keep their English text, so entries
/// written before this reader existed are read too; a text in no known shape gives no facts (the site then shows the
/// stored text). New events (the profile edit) store their facts as JSON from the start.
/// </summary>
public static partial class AuditDetails
{
    /// <summary>The facts in <paramref name="details"/> of an entry of <paramref name="event"/>, or null when it holds none that are known.</summary>
    public static Dictionary<string, string>? Read(string @event, string? details)
    {
        if (string.IsNullOrEmpty(details)) return null;
        return @event switch
        {
            AuditEvents.ProfileUpdated => AuditFacts.Read(details),
            AuditEvents.TemporaryCredentialsIssued => Match(Expires(), details, "expiresAt"),
            AuditEvents.EmailChanged => EmailChange(details),
            AuditEvents.SignInSucceeded => Match(Methods(), details, "methods"),
            AuditEvents.SecondFactorCodeSent => details switch
            {
                "new challenge" => new() { ["sent"] = "new" },
                "resend" => new() { ["sent"] = "resend" },
                _ => null,
            },
            AuditEvents.SecondFactorFailed => Match(WrongCode(), details, "attempt", "max"),
            AuditEvents.LockedOut => Match(Threshold(), details, "threshold"),
            AuditEvents.EmailFailed => EmailFailed(details),
            AuditEvents.EmailRestricted => Match(Restricted(), details, "address", "failures", "lastEvent"),
            AuditEvents.EmailRestrictionLifted => Match(Lifted(), details, "address"),
            AuditEvents.LoginIdReminderRequested => Match(Accounts(), details, "accounts"),
            AuditEvents.EmployeesImported => Match(Imported(), details, "imported", "total", "file"),
            AuditEvents.TokensPruned => Match(Pruned(), details, "tokens", "authorizations", "before"),
            CompanyAuditEvents.CompanyCreated => Match(CompanyCode(), details, "code"),
            CompanyAuditEvents.CompanyUpdated => CompanyChange(details),
            AdminRoleAuditEvents.RoleGranted or AdminRoleAuditEvents.RoleRevoked =>
                details is HarmonyRoles.Operator or HarmonyRoles.CompanyAdmin ? new() { ["role"] = details } : null,
            _ => null,
        };
    }

    /// <summary>The facts an operator sees only: the provider's own words.</summary>
    public static readonly IReadOnlySet<string> OperatorOnlyFacts = new HashSet<string> { "error" };

    private static Dictionary<string, string>? Match(Regex pattern, string details, params string[] names)
    {
        var match = pattern.Match(details);
        if (!match.Success) return null;
        var facts = new Dictionary<string, string>();
        for (var i = 0; i < names.Length; i++) facts[names[i]] = match.Groups[i + 1].Value;
        return facts;
    }

    private static Dictionary<string, string>? EmailChange(string details)
    {
        var facts = Match(Change(), details, "from", "to", "rest");
        if (facts is null) return null;
        if (facts["from"] == "(none)") facts.Remove("from");
        facts["letterCaseOnly"] = facts["rest"] == " (letter case only)" ? "true" : "false";
        facts.Remove("rest");
        return facts;
    }

    private static Dictionary<string, string>? EmailFailed(string details)
    {
        var facts = Match(Failed(), details, "kind", "messageId", "error");
        if (facts is not null) facts["problem"] = DeliveryViews.ProblemOf(OutboxStatus.Failed, facts["error"]) ?? DeliveryProblems.Refused;
        return facts;
    }

    /// <summary><c>code a -> b; names; policy; apps restricted to [x, y]</c>: which parts of the company changed.</summary>
    private static Dictionary<string, string>? CompanyChange(string details)
    {
        var facts = new Dictionary<string, string>();
        foreach (var part in details.Split("; "))
        {
            if (CodeChange().Match(part) is { Success: true } code)
            {
                facts["code.from"] = code.Groups[1].Value;
                facts["code.to"] = code.Groups[2].Value;
            }
            else if (part is "names" or "policy") facts[part] = "true";
            else if (part == "apps unrestricted") facts["apps"] = "unrestricted";
            else if (PasswordRulesChange().Match(part) is { Success: true } rules)
            {
                facts["passwordRules.from"] = rules.Groups[1].Value;
                facts["passwordRules.to"] = rules.Groups[2].Value;
            }
            else if (AppsRestricted().Match(part) is { Success: true } apps)
            {
                facts["apps"] = "restricted";
                facts["apps.list"] = apps.Groups[1].Value;
            }
            else return null;
        }
        return facts.Count == 0 ? null : facts;
    }

    [GeneratedRegex(@"^expires (\S+)$")]
    private static partial Regex Expires();

    [GeneratedRegex(@"^(.+?) -> (\S+)((?: \(letter case only\))|(?:; security stamp renewed))$")]
    private static partial Regex Change();

    [GeneratedRegex(@"^amr ([a-z ]+)$")]
    private static partial Regex Methods();

    [GeneratedRegex(@"^wrong code (\d+) of (\d+)$")]
    private static partial Regex WrongCode();

    [GeneratedRegex(@"^threshold (\d+)$")]
    private static partial Regex Threshold();

    [GeneratedRegex(@"^(\w+) email \(outbox message (\d+)\) not delivered: (.*)$", RegexOptions.Singleline)]
    private static partial Regex Failed();

    [GeneratedRegex(@"^address (\S+) after (\d+) delivery failures \(last: ([\w-]+)\)$")]
    private static partial Regex Restricted();

    [GeneratedRegex(@"^address (\S+)$")]
    private static partial Regex Lifted();

    [GeneratedRegex(@"^(\d+) account\(s\)$")]
    private static partial Regex Accounts();

    [GeneratedRegex("""^(\d+) of (\d+) rows imported from "(.*)" \(sha256 \w+\)$""")]
    private static partial Regex Imported();

    [GeneratedRegex(@"^tokens=(\d+); authorizations=(\d+); created before (\S+);")]
    private static partial Regex Pruned();

    [GeneratedRegex(@"^code (\S+)$")]
    private static partial Regex CompanyCode();

    [GeneratedRegex(@"^code (\S+) -> (\S+)$")]
    private static partial Regex CodeChange();

    [GeneratedRegex(@"^password rules (\w+) -> (\w+)$")]
    private static partial Regex PasswordRulesChange();

    [GeneratedRegex(@"^apps restricted to \[(.*)\]$")]
    private static partial Regex AppsRestricted();
}
