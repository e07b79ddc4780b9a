namespace Harmony.Identity.Server.Data;

/// <summary>
/// An employee's request, from the expired-credentials page (FAQ Q11), that their company reissue their temporary
/// credentials; a representative approves (the reissue) or declines it (decision 0028).
/// </summary>
public class ReissueRequest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CompanyId { get; set; }

    public Guid UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public ReissueRequestState State { get; set; } = ReissueRequestState.Pending;

    /// <summary>
    /// The account while the request is pending, null once decided: a unique index on it allows at most one pending
    /// request per employee on every database (a unique index ignores nulls).
    /// </summary>
    public Guid? PendingUserId { get; set; }

    /// <summary>The actor who decided (<c>admin:…</c>, <c>job:reissue-auto-approve</c>), as the audit log names them.</summary>
    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The reason a representative gave when declining, if any.</summary>
    public string? DeclineReason { get; set; }
}

public enum ReissueRequestState
{
    Pending,
    Approved,
    Declined,
    /// <summary>Closed without a decision: the credentials were renewed another way, or the account is no longer temporary.</summary>
    Cancelled,
}
