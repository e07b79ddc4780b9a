namespace Harmony.Identity.Server.Data;

/// <summary>Where the server keeps its files: the SQLite database, development keys, the email pickup folder.</summary>
public sealed class StorageOptions
{
    public const string Section = "Harmony:Storage";

    /// <summary>The data folder; relative paths are resolved against the content root.</summary>
    public string DataPath { get; set; } = "App_Data";
}

/// <summary>Resolves <see cref="StorageOptions.DataPath"/> once and creates the folder.</summary>
public sealed class HarmonyPaths
{
    public HarmonyPaths(IOptions<StorageOptions> options, IHostEnvironment environment)
        : this(options.Value.DataPath, environment.ContentRootPath)
    {
    }

    public HarmonyPaths(string dataPath, string contentRoot)
    {
        DataFolder = Path.GetFullPath(dataPath, contentRoot);
        Directory.CreateDirectory(DataFolder);
    }

    public string DataFolder { get; }

    /// <summary>A folder under the data folder, created on first use.</summary>
    public string Folder(string name)
    {
        var path = Path.Combine(DataFolder, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
