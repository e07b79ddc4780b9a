namespace Harmony.Identity.Admin.Features.Roles;

/// <summary>
/// A table of the accounts holding <see cref="Role"/>; with <see cref="MayRevoke"/> (operators) each row links to the
/// confirmation of its removal, returning to <see cref="Back"/>.
/// </summary>
public sealed record RoleHoldersView(IReadOnlyList<EmployeeSummary> Holders, string Role, string Back, bool MayRevoke);
