using System.Collections;
using System.Resources;
using Harmony.Identity.Server.Localization;

namespace Harmony.Identity.Tests.Localization;

/// <summary>The page texts the FAQ quotes, as the built resources serve them (that every resx pair is complete: <see cref="ResxFilesTests"/>).</summary>
public sealed class TextResourceTests
{
    private static readonly ResourceManager Resources = new(typeof(SharedResource).FullName!, typeof(SharedResource).Assembly);

    [Test]
    public void FaqQuotedTexts_MatchTheFaq()
    {
        var japanese = Read(CultureInfo.InvariantCulture);
        var english = Read(new CultureInfo("en"));
        Assert.Multiple(() =>
        {
            Assert.That(japanese["Error.InvalidCredentials"], Is.EqualTo("無効なログインIDまたはパスワードです。"));
            Assert.That(english["Error.InvalidCredentials"], Is.EqualTo("Invalid login ID or password."));
            Assert.That(japanese["Error.Locked"], Is.EqualTo("アカウントがロックされています"));
            Assert.That(english["Error.Locked"], Is.EqualTo("Login ID is locked"));
            Assert.That(japanese["Error.TemporaryExpired"], Is.EqualTo("仮ログインID/パスワードの有効期限が切れました"));
            Assert.That(english["Error.TemporaryExpired"], Is.EqualTo("Your temporary ID and password have expired"));
            Assert.That(japanese["Login.ForgotLoginId"], Is.EqualTo("ログインIDをお忘れですか?"));
            Assert.That(japanese["Login.ForgotPassword"], Is.EqualTo("パスワードをお忘れですか?"));
            Assert.That(english["Login.ForgotLoginId"], Is.EqualTo("Forgot your login ID?"));
            Assert.That(english["Login.ForgotPassword"], Is.EqualTo("Forgot your password?"));
        });
    }

    private static Dictionary<string, string> Read(CultureInfo culture)
    {
        var set = Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
                  ?? throw new AssertionException($"No resources for '{culture.Name}'.");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
    }
}
