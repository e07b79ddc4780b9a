using System.Xml.Linq;

namespace Harmony.Identity.Tests.Admin.Localization;

/// <summary>Japanese first, English complete: every text of the admin site exists in both languages.</summary>
public sealed class AdminSiteTextsTests
{
    [Test]
    public void EveryJapaneseText_HasAnEnglishText_AndNoneIsEmpty()
    {
        var folder = Path.Combine(SolutionFolder(), "src", "Admin", "Localization");
        var japanese = Read(Path.Combine(folder, "SharedResource.resx"));
        var english = Read(Path.Combine(folder, "SharedResource.en.resx"));

        Assert.Multiple(() =>
        {
            Assert.That(english.Keys, Is.EquivalentTo(japanese.Keys));
            Assert.That(japanese.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key), Is.Empty);
            Assert.That(english.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key), Is.Empty);
        });
    }

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    private static string SolutionFolder()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Harmony.Identity.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new AssertionException("The solution folder was not found.");
    }
}
