namespace Harmony.Identity.Tests.Admin.Localization;

/// <summary>Japanese first, English complete: every text of the admin site exists in both languages.</summary>
public sealed class AdminSiteTextsTests
{
    [Test]
    public void EveryJapaneseText_HasAnEnglishText_AndNoneIsEmpty()
    {
        var japanese = SourceTree.ReadResx(Path.Combine("src", "Admin", "Localization", "SharedResource.resx"));
        var english = SourceTree.ReadResx(Path.Combine("src", "Admin", "Localization", "SharedResource.en.resx"));

        Assert.Multiple(() =>
        {
            Assert.That(english.Keys, Is.EquivalentTo(japanese.Keys));
            Assert.That(japanese.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key), Is.Empty);
            Assert.That(english.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key), Is.Empty);
        });
    }
}
