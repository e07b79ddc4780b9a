using System.Text;
using System.Text.Encodings.Web;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>A message ready for the outbox: subject, plain text and HTML.</summary>
public sealed record RenderedEmail(string Subject, string TextBody, string HtmlBody);

/// <summary>
/// Writes each <see cref="EmailContent"/> in Japanese (the default) or English, as plain text and HTML built from the
/// same blocks, so both parts always say the same. Every text that goes into the HTML, the values above all, passes
/// through <see cref="HtmlEncoder.Default"/>. Times are shown in Japan time with the zone named.
/// </summary>
public sealed class EmailTemplates(PublicUrls urls, IOptions<EmailOptions> options, TimeProvider time)
{
    private static readonly CultureInfo JapaneseCulture = CultureInfo.GetCultureInfo("ja-JP");
    private static readonly CultureInfo EnglishCulture = CultureInfo.GetCultureInfo("en-GB");
    private static readonly TimeZoneInfo JapanTime = FindJapanTime();

    public RenderedEmail Render(EmailContent content, string culture, string? recipientName)
    {
        var english = SupportedCultures.Match(culture) == SupportedCultures.English;
        var message = (content, english) switch
        {
            (InstructionEmail instruction, false) => InstructionJa(instruction),
            (InstructionEmail instruction, true) => InstructionEn(instruction),
            (SecondFactorCodeEmail code, false) => CodeJa(code),
            (SecondFactorCodeEmail code, true) => CodeEn(code),
            (PasswordResetEmail reset, false) => ResetJa(reset),
            (PasswordResetEmail reset, true) => ResetEn(reset),
            (LoginIdReminderEmail reminder, false) => ReminderJa(reminder),
            (LoginIdReminderEmail reminder, true) => ReminderEn(reminder),
            (LockoutNoticeEmail lockout, false) => LockoutJa(lockout),
            (LockoutNoticeEmail lockout, true) => LockoutEn(lockout),
            (EmailAddressChangedEmail changed, false) => AddressChangedJa(changed),
            (EmailAddressChangedEmail changed, true) => AddressChangedEn(changed),
            _ => throw new ArgumentOutOfRangeException(nameof(content), content.Kind, "No template for this kind of message."),
        };

        var greeting = english
            ? string.IsNullOrWhiteSpace(recipientName) ? "Hello," : $"Dear {recipientName.Trim()},"
            : string.IsNullOrWhiteSpace(recipientName) ? "Harmony マイページをご利用のお客様" : $"{recipientName.Trim()} 様";
        var footer = english ? FooterEn() : FooterJa();
        return new RenderedEmail(
            message.Subject,
            Text(greeting, message.Blocks, footer),
            Html(english ? SupportedCultures.English : SupportedCultures.Japanese, message.Subject, greeting, message.Blocks, footer));
    }

    // ---- The messages ----------------------------------------------------------------------------------------------

    private Message InstructionJa(InstructionEmail m) => new("【Harmony】マイページのご案内(仮ログインID・仮パスワード)",
    [
        new Paragraph("Harmony マイページをご利用いただくための仮ログインIDと仮パスワードを発行いたしました。" +
                      "下記のログインページから、有効期限までにログインしてください。"),
        new Facts([
            ("仮ログインID", m.TemporaryLoginId),
            ("仮パスワード", m.TemporaryPassword),
            ("有効期限", JapaneseTime(m.ExpiresAt)),
        ]),
        new Link("ログインページを開く", m.LoginUrl),
        new Paragraph("初回ログインの際に、ご自身で決めたログインIDとパスワードに変更していただきます。" +
                      "変更後は、仮ログインIDと仮パスワードではログインできなくなります。"),
        new Paragraph("有効期限を過ぎた場合は、所属企業のご担当者に再発行をご依頼ください。"),
        new Paragraph("このメールにお心当たりがない場合は、お手数ですがメールを破棄し、所属企業のご担当者にご連絡ください。"),
    ]);

    private Message InstructionEn(InstructionEmail m) => new("[Harmony] Your My Page sign-in details (temporary login ID and password)",
    [
        new Paragraph("A temporary login ID and password have been issued for you to use Harmony My Page. " +
                      "Please sign in on the login page below before they expire."),
        new Facts([
            ("Temporary login ID", m.TemporaryLoginId),
            ("Temporary password", m.TemporaryPassword),
            ("Valid until", EnglishTime(m.ExpiresAt)),
        ]),
        new Link("Open the login page", m.LoginUrl),
        new Paragraph("When you first sign in, you will choose your own login ID and password. " +
                      "After that, the temporary login ID and password no longer work."),
        new Paragraph("If they have expired, please ask your company representative to reissue them."),
        new Paragraph("If you were not expecting this email, please delete it and let your company representative know."),
    ]);

    private Message CodeJa(SecondFactorCodeEmail m) => new("【Harmony】認証コードのお知らせ",
    [
        new Paragraph("ログインを完了するため、次の認証コードをログイン画面に入力してください。"),
        new Facts([
            ("認証コード", m.Code),
            ("有効期限", $"{Minutes(m.ExpiresAt)}分間({JapaneseTime(m.ExpiresAt)}まで)"),
        ]),
        new Paragraph("認証コードは一度だけ使えます。ほかの方には決してお伝えにならないでください。"),
        new Paragraph("ログインした覚えがない場合は、どなたかがパスワードを知っている可能性があります。" +
                      "このコードは誰にも伝えず、パスワードを変更するか、所属企業のご担当者にご相談ください。"),
    ]);

    private Message CodeEn(SecondFactorCodeEmail m) => new("[Harmony] Your verification code",
    [
        new Paragraph("To finish signing in, please enter this verification code on the sign-in page."),
        new Facts([
            ("Verification code", m.Code),
            ("Valid for", $"{Minutes(m.ExpiresAt)} minutes (until {EnglishTime(m.ExpiresAt)})"),
        ]),
        new Paragraph("The code works once only. Never share it with anyone."),
        new Paragraph("If you did not try to sign in, someone else may know your password. " +
                      "Do not pass this code on; change your password or contact your company representative."),
    ]);

    private Message ResetJa(PasswordResetEmail m) => new("【Harmony】パスワード再設定のご案内",
    [
        new Paragraph("パスワード再設定のお申し込みを受け付けました。下記のリンクから新しいパスワードを設定してください。"),
        new Link("パスワードを再設定する", m.ResetUrl),
        new Paragraph($"このリンクの有効期限は{Minutes(m.ExpiresAt)}分間({JapaneseTime(m.ExpiresAt)}まで)で、一度だけご利用いただけます。" +
                      "期限が過ぎた場合は、ログイン画面の「パスワードをお忘れですか?」からあらためてお申し込みください。"),
        new Paragraph("お心当たりがない場合は、このメールを破棄してください。パスワードは変更されません。"),
    ]);

    private Message ResetEn(PasswordResetEmail m) => new("[Harmony] Reset your password",
    [
        new Paragraph("We received a request to reset your password. Please set a new password with the link below."),
        new Link("Reset my password", m.ResetUrl),
        new Paragraph($"The link is valid for {Minutes(m.ExpiresAt)} minutes (until {EnglishTime(m.ExpiresAt)}) and works once only. " +
                      "If it has expired, please ask again with \"Forgot your password?\" on the login page."),
        new Paragraph("If you did not ask for this, please ignore this email: your password stays as it is."),
    ]);

    private Message ReminderJa(LoginIdReminderEmail m) => new("【Harmony】ログインIDのお知らせ",
    [
        new Paragraph("このメールアドレスで登録されているログインIDをお知らせします。"),
        new Facts(m.LoginIds.Select(id => ("ログインID", id)).ToList()),
        new Link("ログインページを開く", urls.Login),
        new Paragraph("パスワードをお忘れの場合は、ログイン画面の「パスワードをお忘れですか?」から再設定してください。"),
        new Paragraph("お心当たりがない場合は、このメールを破棄してください。ご登録内容が変わることはありません。"),
    ]);

    private Message ReminderEn(LoginIdReminderEmail m) => new("[Harmony] Your login ID",
    [
        new Paragraph(m.LoginIds.Count == 1
            ? "Here is the login ID registered with this email address."
            : "Here are the login IDs registered with this email address."),
        new Facts(m.LoginIds.Select(id => ("Login ID", id)).ToList()),
        new Link("Open the login page", urls.Login),
        new Paragraph("If you have also forgotten your password, use \"Forgot your password?\" on the login page."),
        new Paragraph("If you did not ask for this, please ignore this email: nothing about your account has changed."),
    ]);

    private Message LockoutJa(LockoutNoticeEmail m) => new("【Harmony】アカウントがロックされました",
    [
        new Paragraph("ログインIDまたはパスワードの誤りが続いたため、安全のためアカウントをロックしました。"),
        new Facts([("ロック解除予定", JapaneseTime(m.LockedUntil))]),
        new Paragraph("解除予定の時刻を過ぎてから、あらためてログインしてください。お急ぎの場合は、所属企業のご担当者にお問い合わせください。"),
        new Paragraph("ご自身で操作した覚えがない場合は、第三者がログインを試みた可能性があります。" +
                      "ロック解除後にパスワードを変更し、所属企業のご担当者にご連絡ください。"),
    ]);

    private Message LockoutEn(LockoutNoticeEmail m) => new("[Harmony] Your account has been locked",
    [
        new Paragraph("Your account has been locked for your protection after several wrong login IDs or passwords."),
        new Facts([("Unlocks at", EnglishTime(m.LockedUntil))]),
        new Paragraph("Please sign in again after that time. If it is urgent, contact your company representative."),
        new Paragraph("If these attempts were not yours, someone else may have tried to sign in. " +
                      "Change your password once the lock is released and let your company representative know."),
    ]);

    private static Message AddressChangedJa(EmailAddressChangedEmail m) => new("【Harmony】マイページのメールアドレスが変更されました",
    [
        new Paragraph("Harmony マイページに登録されているメールアドレスが、所属企業のご担当者またはサポートデスクによって変更されました。" +
                      "今後、マイページからのお知らせは新しいメールアドレスに送信され、このアドレスには届きません。"),
        new Facts([
            ("新しいメールアドレス", m.MaskedNewAddress),
            ("変更日時", JapaneseTime(m.ChangedAt)),
        ]),
        new Paragraph("このアドレス宛てにお送りした仮ログインID・仮パスワードやパスワード再設定のリンクは、使用できなくなりました。"),
        new Paragraph("変更にお心当たりがない場合は、すぐに所属企業のご担当者にご連絡ください。"),
    ]);

    private static Message AddressChangedEn(EmailAddressChangedEmail m) => new("[Harmony] Your My Page email address was changed",
    [
        new Paragraph("The email address registered for your Harmony My Page was changed by your company representative or the support desk. " +
                      "From now on, My Page emails go to the new address and no longer to this one."),
        new Facts([
            ("New email address", m.MaskedNewAddress),
            ("Changed at", EnglishTime(m.ChangedAt)),
        ]),
        new Paragraph("Temporary login IDs and passwords and password reset links sent to this address no longer work."),
        new Paragraph("If you did not expect this change, please contact your company representative at once."),
    ]);

    private string FooterJa() =>
        "このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできませんので、ご了承ください。\n" +
        $"Harmony からのメールは「@{SenderDomain()}」のドメインから送信されます。" +
        "迷惑メールフォルダに振り分けられないよう、このドメインからの受信を許可してください。";

    private string FooterEn() =>
        "This email was sent from an address that cannot receive replies.\n" +
        $"Harmony emails always come from the \"@{SenderDomain()}\" domain; " +
        "please allow mail from it so that our messages do not end up in your spam folder.";

    private string SenderDomain() => options.Value.FromAddress[(options.Value.FromAddress.LastIndexOf('@') + 1)..];

    // ---- Times -----------------------------------------------------------------------------------------------------

    private static string JapaneseTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, JapanTime).ToString("yyyy年M月d日(ddd) H:mm", JapaneseCulture) + "(日本時間)";

    private static string EnglishTime(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, JapanTime).ToString("ddd d MMMM yyyy, HH:mm", EnglishCulture) + " Japan time (JST, UTC+9)";

    /// <summary>Whole minutes from now to <paramref name="expiresAt"/>: messages are rendered when the code or link is issued.</summary>
    private int Minutes(DateTimeOffset expiresAt) =>
        Math.Max(1, (int)Math.Round((expiresAt - time.GetUtcNow()).TotalMinutes, MidpointRounding.AwayFromZero));

    // Japan has had no daylight saving time since 1951, so a fixed +9 is right where the zone database is missing.
    private static TimeZoneInfo FindJapanTime()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Tokyo", TimeSpan.FromHours(9), "Japan Standard Time", "Japan Standard Time");
        }
    }

    // ---- Rendering -------------------------------------------------------------------------------------------------

    private sealed record Message(string Subject, IReadOnlyList<Block> Blocks);

    private abstract record Block;

    private sealed record Paragraph(string Text) : Block;

    /// <summary>Label–value pairs set apart from the prose: IDs, passwords, codes, times.</summary>
    private sealed record Facts(IReadOnlyList<(string Label, string Value)> Items) : Block;

    private sealed record Link(string Label, Uri Url) : Block;

    private static string Text(string greeting, IReadOnlyList<Block> blocks, string footer)
    {
        var text = new StringBuilder();
        text.Append(greeting).Append("\n\n");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Paragraph paragraph:
                    text.Append(paragraph.Text).Append("\n\n");
                    break;
                case Facts facts:
                    foreach (var (label, value) in facts.Items) text.Append("  ").Append(label).Append(": ").Append(value).Append('\n');
                    text.Append('\n');
                    break;
                case Link link:
                    text.Append(link.Label).Append(":\n").Append(link.Url.AbsoluteUri).Append("\n\n");
                    break;
            }
        }

        text.Append("----------------------------------------\n").Append(footer).Append('\n');
        return text.ToString();
    }

    private static string Html(string language, string subject, string greeting, IReadOnlyList<Block> blocks, string footer)
    {
        var encoder = HtmlEncoder.Default;
        string E(string value) => encoder.Encode(value).Replace("\n", "<br>");

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(subject)).Append("</title>\n</head>\n")
            .Append("<body style=\"margin:0;padding:24px 12px;background:#f4f5f7;color:#1f2933;")
            .Append("font-family:'Hiragino Sans','Meiryo','Segoe UI',Arial,sans-serif;font-size:15px;line-height:1.7\">\n")
            .Append("<div style=\"max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px\">\n")
            .Append("<p>").Append(E(greeting)).Append("</p>\n");
        foreach (var block in blocks)
        {
            switch (block)
            {
                case Paragraph paragraph:
                    html.Append("<p>").Append(E(paragraph.Text)).Append("</p>\n");
                    break;
                case Facts facts:
                    html.Append("<table role=\"presentation\" style=\"border-collapse:collapse;margin:16px 0\">\n");
                    foreach (var (label, value) in facts.Items)
                    {
                        html.Append("<tr><th scope=\"row\" style=\"text-align:left;font-weight:normal;color:#52606d;padding:4px 16px 4px 0;vertical-align:top\">")
                            .Append(E(label))
                            .Append("</th><td style=\"padding:4px 0;font-family:Consolas,'Courier New',monospace;font-size:17px;font-weight:bold\">")
                            .Append(E(value)).Append("</td></tr>\n");
                    }
                    html.Append("</table>\n");
                    break;
                case Link link:
                    var href = encoder.Encode(link.Url.AbsoluteUri);
                    html.Append("<p><a href=\"").Append(href)
                        .Append("\" style=\"display:inline-block;background:#1d4ed8;color:#ffffff;text-decoration:none;padding:10px 20px;border-radius:6px\">")
                        .Append(E(link.Label)).Append("</a></p>\n")
                        .Append("<p style=\"font-size:13px;color:#52606d;word-break:break-all\">").Append(E(link.Url.AbsoluteUri)).Append("</p>\n");
                    break;
            }
        }

        html.Append("<hr style=\"border:none;border-top:1px solid #d9dee3;margin:24px 0 16px\">\n")
            .Append("<p style=\"font-size:12px;color:#616e7c\">").Append(E(footer)).Append("</p>\n")
            .Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }
}
