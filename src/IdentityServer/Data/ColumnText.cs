namespace Harmony.Identity.Server.Data;

/// <summary>Text cut to the length of the column that keeps it.</summary>
public static class ColumnText
{
    public static string Truncate(this string value, int maxLength) => value.Length <= maxLength ? value : value[..maxLength];
}
