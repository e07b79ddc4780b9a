using System.Text.RegularExpressions;
using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Server.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Harmony.Identity.Tests.Features.Email;

/// <summary>Every message in both languages (PRODUCT §7): what it must say, and values escaped in the HTML part.</summary>
public sealed class EmailTemplatesTests
{
    // 2026-03-01 05:30 UTC is 14:30 in Tokyo.
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 5, 30, 0, TimeSpan.Zero);
    private readonly EmailTemplates templates = new(new PublicUrls(Options.Create(new EmailOptions())), Options.Create(new EmailOptions()), new FakeTimeProvider(Now));

    [TestCase("ja", "認証コード: 135790", "10分間", "2026年3月1日(日) 14:40(日本時間)")]
    [TestCase("en", "Verification code: 135790", "10 minutes", "Sun 1 March 2026, 14:40 Japan time (JST, UTC+9)")]
    public void SecondFactorCode_CarriesTheCode_AndItsTenMinutes(string culture, string code, string validity, string until)
    {
        var email = templates.Render(new SecondFactorCodeEmail("135790", Now.AddMinutes(10)), culture, "山田 太郎");
        Assert.Multiple(() =>
        {
            Assert.That(email.TextBody, Does.Contain(code));
            Assert.That(email.TextBody, Does.Contain(validity));
            Assert.That(email.TextBody, Does.Contain(until));
            Assert.That(email.HtmlBody, Does.Contain("135790"));
        });
    }

    [TestCase("ja", "30分間", "一度だけ", "お心当たりがない場合")]
    [TestCase("en", "30 minutes", "works once only", "If you did not ask for this")]
    public void PasswordReset_CarriesTheLink_ValidThirtyMinutesOnce(string culture, string validity, string once, string notYou)
    {
        var link = new Uri("https://id.example.com/account/reset-password?token=a&b=c");
        var email = templates.Render(new PasswordResetEmail(link, Now.AddMinutes(30)), culture, null);
        Assert.Multiple(() =>
        {
            Assert.That(email.TextBody, Does.Contain(link.AbsoluteUri));
            Assert.That(email.TextBody, Does.Contain(validity).And.Contain(once).And.Contain(notYou));
            Assert.That(email.HtmlBody, Does.Contain("href=\"https://id.example.com/account/reset-password?token=a&amp;b=c\""));
        });
    }

    [TestCase("ja", "ログインID: first-id", "ログインID: second-id")]
    [TestCase("en", "Login ID: first-id", "Login ID: second-id")]
    public void LoginIdReminder_ListsEveryLoginId(string culture, string first, string second)
    {
        var email = templates.Render(new LoginIdReminderEmail(["first-id", "second-id"]), culture, null);
        Assert.That(email.TextBody, Does.Contain(first).And.Contain(second));
        Assert.That(email.TextBody, Does.Contain("http://127.0.0.1:5080/account/login"));
    }

    [TestCase("ja", "パスキーを削除し", "パスワードを変更")]
    [TestCase("en", "remove any passkey you do not recognise", "change your password")]
    public void PasskeyEmails_TellToRemoveAnUnknownPasskey_OnlyWhenOneWasAdded(string culture, string removeIt, string changePassword)
    {
        var added = templates.Render(new PasskeyChangedEmail(Added: true, "Work laptop", Now), culture, null);
        var removed = templates.Render(new PasskeyChangedEmail(Added: false, "Work laptop", Now), culture, null);
        var removedAll = templates.Render(new PasskeyChangedEmail(Added: false, null, Now), culture, null);
        Assert.Multiple(() =>
        {
            Assert.That(added.TextBody, Does.Contain(removeIt).And.Contain(changePassword));
            Assert.That(removed.TextBody, Does.Not.Contain(removeIt).And.Contain(changePassword), "a removed passkey is gone already");
            Assert.That(removedAll.TextBody, Does.Not.Contain(removeIt).And.Contain(changePassword));
        });
    }

    [TestCase("ja", "2026年3月2日(月) 14:30(日本時間)")]
    [TestCase("en", "Mon 2 March 2026, 14:30 Japan time (JST, UTC+9)")]
    public void LockoutNotice_GivesTheReleaseTime_InJapanTime(string culture, string release)
    {
        var email = templates.Render(new LockoutNoticeEmail(new Uri("http://127.0.0.1:5080/account/unlock?token=t"), Now.AddHours(24)), culture, null);
        Assert.That(email.TextBody, Does.Contain(release));
    }

    [TestCase("ja", "ロックを解除する:", "【Harmony】アカウントのロックを解除する")]
    [TestCase("en", "Unlock your account:", "[Harmony] Unlock your account")]
    public void LockoutNotice_CarriesTheUnlockLink_InTextAndHtml(string culture, string label, string subject)
    {
        var unlock = new Uri("http://127.0.0.1:5080/account/unlock?token=abc");
        var email = templates.Render(new LockoutNoticeEmail(unlock, Now.AddHours(24)), culture, null);
        Assert.That(email.Subject, Is.EqualTo(subject));
        Assert.That(email.TextBody, Does.Contain(label + "\n" + unlock.AbsoluteUri));
        Assert.That(email.HtmlBody, Does.Contain($"href=\"{unlock.AbsoluteUri}\""));
    }

    [TestCase("ja", "新しいメールアドレス: n***@example.com", "変更日時: 2026年3月1日(日) 14:30(日本時間)")]
    [TestCase("en", "New email address: n***@example.com", "Changed at: Sun 1 March 2026, 14:30 Japan time (JST, UTC+9)")]
    public void EmailAddressChanged_ShowsTheMaskedAddress_AndWhen(string culture, string address, string when)
    {
        var email = templates.Render(new EmailAddressChangedEmail("n***@example.com", Now), culture, null);
        Assert.That(email.TextBody, Does.Contain(address).And.Contain(when));
    }

    /// <summary>One message of each kind, and the reminder for an address with several login IDs.</summary>
    private static readonly EmailContent[] EveryMessage =
    [
        new InstructionEmail(new Uri("http://127.0.0.1:5080/account/login"), "tmp_abc", "Pass#word12", Now.AddDays(30)),
        new SecondFactorCodeEmail("123456", Now.AddMinutes(10)),
        new PasswordResetEmail(new Uri("http://127.0.0.1:5080/reset"), Now.AddMinutes(30)),
        new LoginIdReminderEmail(["someone"]),
        new LoginIdReminderEmail(["someone", "someone-else"]),
        new LockoutNoticeEmail(new Uri("http://127.0.0.1:5080/account/unlock?token=t"), Now.AddHours(24)),
        new EmailAddressChangedEmail("n***@example.com", Now),
        new PasswordChangedEmail(Now),
        // With and without a configured admin site (decision 0028).
        new ReissueRequestEmail("期限 切子", "E-001", Now, new Uri("http://127.0.0.1:5090/")),
        new ReissueRequestEmail("期限 切子", "E-001", Now, null),
        new ReissueDeclinedEmail(Now),
        new PasskeyChangedEmail(Added: true, "Work laptop", Now),
        new PasskeyChangedEmail(Added: false, "Work laptop", Now),
        new PasskeyChangedEmail(Added: false, null, Now),
        new Server.Features.SignIn.AuthenticatorChangedEmail(Added: true, Now),
        new Server.Features.SignIn.AuthenticatorChangedEmail(Added: false, Now),
    ];

    [Test]
    public void EveryMessage_ExistsInBothLanguages_WithTheSenderDomain_AndWhatToDoIfNotAskedFor()
    {
        foreach (var content in EveryMessage)
        {
            var ja = templates.Render(content, "ja", null);
            var en = templates.Render(content, "en", null);
            Assert.Multiple(() =>
            {
                Assert.That(ja.Subject, Does.StartWith("【Harmony】"), content.Kind);
                Assert.That(en.Subject, Does.StartWith("[Harmony]"), content.Kind);
                Assert.That(ja.TextBody, Does.Contain("@advantage-harmony.com"), content.Kind);
                Assert.That(en.TextBody, Does.Contain("@advantage-harmony.com"), content.Kind);
                Assert.That(ja.TextBody, Does.Contain("覚えがない").Or.Contain("心当たりがない"), content.Kind);
                Assert.That(en.TextBody, Does.Contain("not").And.Contain("If "), content.Kind);
                Assert.That(ja.HtmlBody, Does.StartWith("<!DOCTYPE html>").And.Contain("lang=\"ja\""), content.Kind);
                Assert.That(en.HtmlBody, Does.Contain("lang=\"en\""), content.Kind);
            });
        }
    }

    [TestCase("ja", "EmailTemplates.resx")]
    [TestCase("en", "EmailTemplates.en.resx")]
    public void EveryTextOfTheEmailResx_IsWhatSomeMessageSays(string culture, string resx)
    {
        var texts = SourceTree.ReadResx(Path.Combine("src", "IdentityServer", "Features", "Email", resx));
        var messages = EveryMessage
            .SelectMany(content => new[] { templates.Render(content, culture, null), templates.Render(content, culture, "山田 太郎") })
            .Select(email => email.Subject + "\n" + email.TextBody)
            .ToList();

        // A text is shown when each of its parts between placeholders is; a text no message shows is a dead key.
        var unshown = texts.Where(text => Regex.Split(text.Value, @"\{\d+(?::[^}]*)?\}")
                .Any(part => part.Length > 0 && !messages.Any(message => message.Contains(part, StringComparison.Ordinal))))
            .Select(text => text.Key);
        Assert.That(unshown, Is.Empty, "texts of " + resx + " that no message shows");
    }

    [Test]
    public void UnknownCulture_FallsBackToJapanese()
    {
        var email = templates.Render(new LoginIdReminderEmail(["x"]), "fr-FR", null);
        Assert.That(email.Subject, Is.EqualTo("【Harmony】ログインIDのお知らせ"));
    }

    [Test]
    public void Html_WritesJapaneseAsCharacters_AndLineBreaksAsBreaks_NotAsEntities()
    {
        var email = templates.Render(new LoginIdReminderEmail(["emp-001"]), "ja", "山田 太郎");

        Assert.Multiple(() =>
        {
            Assert.That(email.HtmlBody, Does.Contain("山田 太郎").And.Contain("ログインID"));
            Assert.That(email.HtmlBody, Does.Not.Contain("&#x"), "no character written as an entity, a newline included");
            Assert.That(email.HtmlBody, Does.Contain("ご了承ください。<br>Harmony からのメール"), "the footer's two sentences on two lines");
        });
    }

    [Test]
    public void Html_EncodesEveryValue()
    {
        var email = templates.Render(new LoginIdReminderEmail(["<script>alert(1)</script>"]), "en", "<img src=x onerror=alert(1)>");
        Assert.Multiple(() =>
        {
            Assert.That(email.HtmlBody, Does.Not.Contain("<script>").And.Not.Contain("<img"));
            Assert.That(email.HtmlBody, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));
            Assert.That(email.HtmlBody, Does.Contain("&lt;img src=x onerror=alert(1)&gt;"));
        });
    }
}
