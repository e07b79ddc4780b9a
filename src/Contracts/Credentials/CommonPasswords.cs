using System.Collections.Frozen;

namespace Harmony.Identity.Contracts.Credentials;

/// <summary>
/// The screen against common and breached passwords: the 30,000 most frequent passwords of zxcvbn's list (taken from
/// zxcvbn-core 1.1.17, MIT; see decision 0024), shipped as <c>CommonPasswords.txt</c> inside this assembly.
/// A password is common when, lowercased, it is on the list, or when it is once its decoration is taken off (the digits
/// and symbols people add at either end to satisfy composition rules: <c>Password1!</c> → <c>password</c>) or its
/// leetspeak undone (<c>P@ssw0rd</c> → <c>password</c>). Only whole strings are compared, never substrings, so a long
/// passphrase that contains a common word is still accepted.
/// </summary>
public static class CommonPasswords
{
    /// <summary>Shorter stripped forms are not compared: too many short strings would match by chance.</summary>
    public const int MinComparedLength = 4;

    private const string Decoration = "0123456789!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";
    private const string Symbols = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ";

    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    /// <summary>How many passwords the list holds.</summary>
    public static int Count => List.Value.Count;

    /// <summary>Whether <paramref name="password"/> is on the list, lowercased, undecorated or with its leetspeak undone, or is one character repeated.</summary>
    public static bool Contains(string? password) =>
        !string.IsNullOrEmpty(password) && (IsOneCharacterRepeated(password) || ComparedForms(password).Any(List.Value.Contains));

    // "aaaaaaaaaaaaaaa" or fifteen spaces: long enough for any length rule, and the first thing a guesser tries.
    private static bool IsOneCharacterRepeated(string password) => password.AsSpan().TrimStart(password[0]).IsEmpty;

    /// <summary>The forms of a password that are looked up: lowercased; without trailing symbols; without decoration at
    /// either end; and each of these with leetspeak undone. Forms shorter than <see cref="MinComparedLength"/> are left out.</summary>
    public static IEnumerable<string> ComparedForms(string password)
    {
        var lower = password.ToLowerInvariant();
        string[] plain = [lower, lower.TrimEnd(Symbols.ToCharArray()), lower.TrimEnd(Decoration.ToCharArray()), lower.Trim(Decoration.ToCharArray())];
        return plain.Concat(plain.Select(UndoLeetspeak))
            .Where(form => form.Length >= MinComparedLength)
            .Distinct(StringComparer.Ordinal);
    }

    private static string UndoLeetspeak(string form) => string.Create(form.Length, form, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] switch
            {
                '@' or '4' => 'a',
                '3' => 'e',
                '1' or '!' => 'i',
                '0' => 'o',
                '$' or '5' => 's',
                '7' => 't',
                var c => c,
            };
        }
    });

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream(typeof(CommonPasswords).Namespace + ".CommonPasswords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>(30_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) passwords.Add(line);
        }
        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
