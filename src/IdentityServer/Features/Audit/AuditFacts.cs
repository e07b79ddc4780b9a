using System.Text.Encodings.Web;
using System.Text.Json;

namespace Harmony.Identity.Server.Features.Audit;

/// <summary>
/// Details stored as named facts (a JSON object of strings) by the events that are written that way, so that a reader can
/// put them into a sentence of its own language (decision 0022). Non-ASCII stays as it is, so that names fit the column.
/// </summary>
public static class AuditFacts
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<KeyValuePair<string, string>> facts) => JsonSerializer.Serialize(facts.ToDictionary(), Json);

    /// <summary>The facts, or null when <paramref name="details"/> is not an object of strings.</summary>
    public static Dictionary<string, string>? Read(string details)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(details, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
