using System.Xml.Linq;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>The repository's own files, for tests that check the sources themselves (the resx files).</summary>
public static class SourceTree
{
    private static string Root => Repository.Root;

    /// <summary>Every neutral (Japanese) resx file under <c>src</c>, as paths relative to <see cref="Root"/>.</summary>
    public static IReadOnlyList<string> NeutralResxFiles() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.resx", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Where(path => !Path.GetFileNameWithoutExtension(path).Contains('.'))
            .Select(path => Path.GetRelativePath(Root, path))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The English resx beside a neutral one: <c>X.resx</c> → <c>X.en.resx</c>.</summary>
    public static string EnglishOf(string neutralResx) => Path.ChangeExtension(neutralResx, ".en.resx");

    /// <summary>The texts of a resx file by key, read as XML (what a translator edits), not through a resource manager.</summary>
    public static IReadOnlyDictionary<string, string> ReadResx(string relativePath) =>
        XDocument.Load(Path.Combine(Root, relativePath)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");
}
