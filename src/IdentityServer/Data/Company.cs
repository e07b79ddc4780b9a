namespace Harmony.Identity.Server.Data;

/// <summary>A client company of the Harmony service; every employee account belongs to one.</summary>
public class Company
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Short unique code that operators and CSV files use to name the company.</summary>
    public required string Code { get; set; }

    public required string NameJa { get; set; }

    public required string NameEn { get; set; }

    /// <summary>An inactive company's employees cannot sign in (FAQ Q2).</summary>
    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; }
}
