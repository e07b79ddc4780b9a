using System.Globalization;
using Harmony.Identity.Admin.Hosting;

namespace Harmony.Identity.Admin.Features.Audit;

/// <summary>
/// An audit entry in the reader's language (decision 0022): who acted, by name and role, and what happened, as a sentence
/// written from the entry's facts (<see cref="AuditEntryDto.Facts"/>), with instants in the display time zone. An entry
/// whose details the API could not read shows the stored text.
/// </summary>
public static class AuditText
{
    /// <summary>"伊藤 美咲 (企業のご担当者)", "Harmony app (app)", "Email sending (automatic)"; the stored actor when it is of no known kind.</summary>
    public static string Actor(IStringLocalizer text, AuditEntryDto entry)
    {
        var name = entry.ActorName;
        return entry.ActorRole switch
        {
            null => name ?? "",
            ActorRoles.Job => Words.Of(text, "History.Job.", name),
            ActorRoles.Provider => text["History.Provider", Words.Of(text, "History.ProviderName.", name)],
            var role when name is null => text["History.Role." + role],
            var role => $"{name} ({text["History.Role." + role]})",
        };
    }

    /// <summary>The entry's details as a sentence; the stored text when there are no facts to write one from.</summary>
    public static string Details(IStringLocalizer text, DisplayTime time, AuditEntryDto entry)
    {
        if (entry.Facts is not { } facts) return entry.Details ?? "";
        string Fact(string name) => facts.GetValueOrDefault(name, "");
        string At(string name) => DateTimeOffset.TryParse(Fact(name), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? time.Format(at) : Fact(name);

        string? sentence = entry.Event switch
        {
            "TemporaryCredentialsIssued" => text["History.Detail.ExpiresAt", At("expiresAt")],
            "EmailChanged" => EmailChanged(text, facts),
            "ProfileUpdated" => ProfileChange(text, facts),
            "SignInSucceeded" => text["History.Detail.Methods", List(Fact("methods").Split(' ').Select(m => Words.Of(text, "History.Method.", m)))],
            "SecondFactorCodeSent" => Words.Of(text, "History.Detail.Code.", Fact("sent")),
            "SecondFactorFailed" => text["History.Detail.WrongCode", Fact("attempt"), Fact("max")],
            "LockedOut" => text["History.Detail.LockedOut", Fact("threshold")],
            "EmailFailed" => Sentences(text["History.Detail.EmailFailed", Words.Of(text, "EmailKind.", Fact("kind"))],
                Words.Of(text, "History.Problem.", Fact("problem"))),
            "EmailRestricted" => Sentences(text["History.Detail.Restricted", Fact("address"), Fact("failures"),
                Words.Of(text, "History.DeliveryEvent.", Fact("lastEvent"))], text["History.NextStep.CheckThenLift"]),
            "EmailRestrictionLifted" => text["History.Detail.Lifted", Fact("address")],
            "LoginIdReminderRequested" => text["History.Detail.Reminder", Fact("accounts")],
            "EmployeesImported" => text["History.Detail.Imported", Fact("file"), Fact("total"), Fact("imported")],
            "TokensPruned" => text["History.Detail.Pruned", Fact("tokens"), Fact("authorizations"), At("before")],
            "CompanyCreated" => text["History.Detail.CompanyCode", Fact("code")],
            "CompanyUpdated" => CompanyChange(text, facts),
            "RoleGranted" => text["History.Detail.RoleGranted", text["Role." + Fact("role")]],
            "RoleRevoked" => text["History.Detail.RoleRevoked", text["Role." + Fact("role")]],
            _ => null,
        };
        return sentence ?? entry.Details ?? "";
    }

    /// <summary>What kept an email from its recipient, with the next step (<see cref="DeliveryProblems"/>); empty when nothing did.</summary>
    public static string Problem(IStringLocalizer text, string? problem) =>
        problem is null ? "" : Words.Of(text, "History.Problem.", problem);

    private static string EmailChanged(IStringLocalizer text, IReadOnlyDictionary<string, string> facts)
    {
        var change = facts.TryGetValue("from", out var from)
            ? text["History.Detail.EmailChanged", from, facts.GetValueOrDefault("to", "")]
            : text["History.Detail.EmailAdded", facts.GetValueOrDefault("to", "")];
        return Sentences(change, facts.GetValueOrDefault("letterCaseOnly") == "true"
            ? text["History.Detail.EmailCaseOnly"]
            : text["History.Detail.EmailVoided"]);
    }

    private static string ProfileChange(IStringLocalizer text, IReadOnlyDictionary<string, string> facts)
    {
        string Value(string field, string key) =>
            field == "locale" ? Words.Of(text, "History.Locale.", facts.GetValueOrDefault(key)) : facts.GetValueOrDefault(key, "");
        var fields = facts.Keys.Where(k => k.EndsWith(".from", StringComparison.Ordinal)).Select(k => k[..^".from".Length]);
        return List(fields.Select(field => text["History.Detail.FieldChange", Words.Of(text, "History.Field.", field),
            Value(field, field + ".from"), Value(field, field + ".to")].Value));
    }

    private static string? CompanyChange(IStringLocalizer text, IReadOnlyDictionary<string, string> facts)
    {
        var parts = new List<string>();
        if (facts.TryGetValue("code.from", out var from)) parts.Add(text["History.Detail.FieldChange", text["History.Field.code"], from, facts.GetValueOrDefault("code.to", "")]);
        if (facts.ContainsKey("names")) parts.Add(text["History.Field.names"]);
        if (facts.ContainsKey("policy")) parts.Add(text["History.Field.policy"]);
        if (facts.TryGetValue("passwordRules.from", out var rulesFrom))
        {
            parts.Add(text["History.Detail.FieldChange", text["History.Field.passwordRules"],
                Words.Of(text, "History.PasswordRules.", rulesFrom), Words.Of(text, "History.PasswordRules.", facts.GetValueOrDefault("passwordRules.to"))]);
        }
        if (facts.TryGetValue("apps", out var apps))
        {
            parts.Add(apps == "restricted" ? text["History.Detail.AppsRestricted", facts.GetValueOrDefault("apps.list", "")] : text["History.Detail.AppsUnrestricted"]);
        }
        return parts.Count == 0 ? null : text["History.Detail.CompanyChanged", List(parts)].Value;
    }

    /// <summary>Japanese sentences follow each other directly, English ones after a space.</summary>
    private static string Sentences(params string[] sentences) =>
        string.Join(SupportedCultures.IsEnglish() ? " " : "", sentences.Where(s => s.Length > 0));

    private static string List(IEnumerable<string> items) => string.Join(SupportedCultures.IsEnglish() ? "; " : "、", items);
}
