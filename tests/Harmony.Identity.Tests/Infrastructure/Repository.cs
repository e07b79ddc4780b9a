namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>The repository the tests run from.</summary>
public static class Repository
{
    /// <summary>The folder holding <c>Harmony.Identity.sln</c>, found upwards from the test assembly.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Harmony.Identity.sln"))) return folder.FullName;
        }
        throw new InvalidOperationException($"No Harmony.Identity.sln above {AppContext.BaseDirectory}.");
    }
}
