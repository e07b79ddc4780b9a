namespace Harmony.Identity.Server.Hosting;

/// <summary>
/// The support desk block that Japanese pages show where the FAQ says to call (section <c>Harmony:Support</c>).
/// The desk answers in Japanese only, so English pages send the employee to their company representative instead.
/// </summary>
public sealed class SupportOptions
{
    public const string Section = "Harmony:Support";

    public string CompanyName { get; set; } = "";

    public string FreeCall { get; set; } = "";

    public string Hours { get; set; } = "";

    public string Note { get; set; } = "";
}
