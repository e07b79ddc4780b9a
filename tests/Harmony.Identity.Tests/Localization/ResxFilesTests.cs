using System.Text.RegularExpressions;

namespace Harmony.Identity.Tests.Localization;

/// <summary>
/// Every resx file of both apps and the contracts (Japanese in the neutral file, English in the <c>.en.resx</c>)
/// has the same keys in both languages, no empty text, and the same placeholders, so that a translator who edits one
/// file cannot leave a text missing or drop a value from it.
/// </summary>
public sealed partial class ResxFilesTests
{
    private static IEnumerable<string> NeutralFiles() => SourceTree.NeutralResxFiles();

    [Test]
    public void TheTextsOfEveryArea_AreInResxFiles() =>
        Assert.That(NeutralFiles().Select(path => path.Replace('\\', '/')), Is.SupersetOf(new[]
        {
            "src/Admin/Localization/SharedResource.resx",
            "src/Contracts/ContractTexts.resx",
            "src/IdentityServer/Features/AdminApi/AdminApiTexts.resx",
            "src/IdentityServer/Features/AdminApi/Import/ImportTexts.resx",
            "src/IdentityServer/Features/Email/EmailTemplates.resx",
            "src/IdentityServer/Localization/SharedResource.resx",
        }));

    /// <summary>The texts chosen by a policy value's name: a value added to the enum must bring them (the authenticator page showed a key).</summary>
    [Test]
    public void EverySecondFactorMode_HasItsTexts_OnTheAuthenticatorPage_AndTheAdminForm()
    {
        var employeePages = SourceTree.ReadResx("src/IdentityServer/Localization/SharedResource.resx");
        var adminSite = SourceTree.ReadResx("src/Admin/Localization/SharedResource.resx");
        var modes = Enum.GetNames<Harmony.Identity.Contracts.SecondFactorMode>();

        Assert.Multiple(() =>
        {
            Assert.That(modes.Where(m => !employeePages.ContainsKey("Totp.Policy." + m)), Is.Empty, "Totp.Policy.*");
            Assert.That(modes.Where(m => !adminSite.ContainsKey("SecondFactor." + m)), Is.Empty, "SecondFactor.*");
        });
    }

    [TestCaseSource(nameof(NeutralFiles))]
    public void EveryJapaneseText_HasAnEnglishText_WithTheSamePlaceholders(string neutral)
    {
        var japanese = SourceTree.ReadResx(neutral);
        var english = SourceTree.ReadResx(SourceTree.EnglishOf(neutral));

        Assert.Multiple(() =>
        {
            Assert.That(japanese, Is.Not.Empty);
            Assert.That(english.Keys.Except(japanese.Keys), Is.Empty, "English texts without a Japanese one");
            Assert.That(japanese.Keys.Except(english.Keys), Is.Empty, "Japanese texts without an English one");
            Assert.That(japanese.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key), Is.Empty, "empty Japanese texts");
            Assert.That(english.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key), Is.Empty, "empty English texts");
            foreach (var (key, text) in japanese)
            {
                if (!english.TryGetValue(key, out var translation)) continue;
                Assert.That(Placeholders(translation), Is.EqualTo(Placeholders(text)), $"the placeholders of {key}");
            }
        });
    }

    [TestCase("{0} 様", new[] { 0 })]
    [TestCase("{1:yyyy年M月d日} and {0}, {0}", new[] { 0, 1 })]
    [TestCase("{{0}} is not one", new int[0])]
    public void Placeholders_AreTheNumberedFormatItems(string text, int[] expected) =>
        Assert.That(Placeholders(text), Is.EqualTo(expected));

    /// <summary>The distinct indices of <c>{0}</c>, <c>{1,5}</c>, <c>{2:format}</c> in a text; escaped braces are not placeholders.</summary>
    private static int[] Placeholders(string text) =>
        [.. FormatItem().Matches(text.Replace("{{", "").Replace("}}", "")).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order()];

    [GeneratedRegex(@"\{(\d+)(?:,[^}:]*)?(?::[^}]*)?\}")]
    private static partial Regex FormatItem();
}
