using Harmony.Identity.Contracts.Admin;

namespace Harmony.Identity.Server.Features.AdminApi.Bulk;

/// <summary>
/// What the bulk actions say to an admin, in the request's language: per employee why they were skipped or what was
/// done, and why a request was refused. The texts are in <c>BulkTexts.resx</c>.
/// </summary>
public static class BulkTexts
{
    private static readonly TextResource Texts = new(typeof(BulkTexts));

    /// <summary>Why an employee was left alone (<see cref="BulkSkipReasons"/>).</summary>
    public static string Skipped(string reason) => reason == BulkSkipReasons.RecentlySent
        ? Texts.Format("Skipped." + reason, (int)EmployeeBulk.ResendInterval.TotalMinutes)
        : Texts.Get("Skipped." + reason);

    /// <summary>What was done to an employee (<paramref name="withoutEmail"/>: new credentials, but no email can reach them).</summary>
    public static string Done(string action, bool withoutEmail = false) => Texts.Get("Done." + action + (withoutEmail ? ".no-email" : ""));

    /// <summary>What a preview says will be done.</summary>
    public static string Ready(string action) => Texts.Get("Ready." + action);

    public static string ActionUnknown() => Texts.Format(nameof(ActionUnknown), string.Join(", ", BulkActions.All));

    public static string TargetRequired() => Texts.Get(nameof(TargetRequired));

    public static string CompanyRequired() => Texts.Get(nameof(CompanyRequired));

    public static string TooMany(int count) => Texts.Format(nameof(TooMany), count, BulkActions.MaxEmployees);
}
