using Harmony.Identity.Contracts.Admin;
using Harmony.Identity.Server.Features.Email;

namespace Harmony.Identity.Server.Features.AdminApi;

/// <summary>
/// An account's emails as an admin sees them: why one did not go, named (<see cref="DeliveryProblems"/>) for the site to
/// explain with the next step; the provider's own text (status codes, encodings) for operators only (decision 0022).
/// </summary>
public static class DeliveryViews
{
    public static EmailDeliveryDto ToDto(OutboxMessage message, AdminCaller caller) => new(
        message.Id,
        message.Kind,
        message.Status.ToString(),
        message.Attempts,
        message.CreatedAt,
        message.SentAt,
        caller.IsOperator ? message.LastError : null,
        ProblemOf(message.Status, message.LastError));

    /// <summary>What kept a message from its recipient, from its status and the error the outbox recorded; null when nothing did.</summary>
    public static string? ProblemOf(OutboxStatus status, string? error)
    {
        if (status == OutboxStatus.Sent || string.IsNullOrEmpty(error)) return null;
        if (status == OutboxStatus.Pending) return DeliveryProblems.Retrying;
        return error switch
        {
            EmailOutbox.InvalidAddressError => DeliveryProblems.InvalidAddress,
            EmailOutbox.RestrictedError => DeliveryProblems.Restricted,
            OutboxDispatchJob.UnreadableBodiesError => DeliveryProblems.Internal,
            _ when error.StartsWith(OutboxDispatchJob.GaveUpPrefix, StringComparison.Ordinal) => DeliveryProblems.GaveUp,
            _ => DeliveryProblems.Refused,
        };
    }
}
