namespace Harmony.Identity.Server.Data;

/// <summary>
/// Failed attempts against a login ID that does not exist, keyed by a keyed hash of the ID (never the ID itself),
/// so that it locks after the same number of failures as a real account and tells an attacker nothing (FAQ Q3).
/// </summary>
public class UnknownLoginFailure
{
    public required string KeyHash { get; set; }

    public int FailedCount { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }
}

/// <summary>A secret the server generates once and keeps in the database, shared by every node.</summary>
public class ServerSecret
{
    public required string Name { get; set; }

    public required byte[] Value { get; set; }
}
