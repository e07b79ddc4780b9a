using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Harmony.Identity.Server.Features.Email;

/// <summary>
/// Writes each <see cref="EmailContent"/> in Japanese (the default) or English, as plain text and HTML built from the
/// same blocks, so both parts always say the same. The blocks are the same in both languages; their sentences, labels
/// and the way a time is written come from <c>EmailTemplates.resx</c> (Japanese) and <c>EmailTemplates.en.resx</c>
/// (English), so a translator edits those files only. Every text that goes into the HTML, the values above all, passes
/// through an HTML encoder (Japanese passes through as characters, what HTML needs escaped is escaped). Times are shown in Japan time with the zone named.
/// </summary>
public sealed partial class EmailTemplates(PublicUrls urls, IOptions<EmailOptions> options, TimeProvider time)
{
    private static readonly TextResource Resource = new(typeof(EmailTemplates));
    private static readonly TimeZoneInfo JapanTime = FindJapanTime();

    public RenderedEmail Render(EmailContent content, string culture, string? recipientName)
    {
        var texts = new Texts(SupportedCultures.TextCultureOfTag(culture));
        var message = content switch
        {
            InstructionEmail instruction => Instruction(instruction, texts),
            SecondFactorCodeEmail code => Code(code, texts),
            PasswordResetEmail reset => Reset(reset, texts),
            LoginIdReminderEmail reminder => Reminder(reminder, texts),
            LockoutNoticeEmail lockout => Lockout(lockout, texts),
            EmailAddressChangedEmail changed => AddressChanged(changed, texts),
            PasswordChangedEmail changed => PasswordChanged(changed, texts),
            ReissueRequestEmail reissue => ReissueRequest(reissue, texts),
            ReissueDeclinedEmail declined => ReissueDeclined(declined, texts),
            PasskeyChangedEmail passkey => PasskeyChanged(passkey, texts),
            SignIn.AuthenticatorChangedEmail authenticator => AuthenticatorChanged(authenticator, texts),
            _ => throw new ArgumentOutOfRangeException(nameof(content), content.Kind, "No template for this kind of message."),
        };

        var greeting = string.IsNullOrWhiteSpace(recipientName) ? texts["Greeting"] : texts.Format("Greeting.Named", recipientName.Trim());
        var footer = texts["Footer.NoReply"] + "\n" + texts.Format("Footer.SenderDomain", SenderDomain());
        return new RenderedEmail(
            message.Subject,
            Text(greeting, message.Blocks, footer),
            Html(texts.Culture.Name, message.Subject, greeting, message.Blocks, footer));
    }

    // ---- The messages ----------------------------------------------------------------------------------------------

    private static Message Instruction(InstructionEmail m, Texts t) => new(t["Instruction.Subject"],
    [
        new Paragraph(t["Instruction.Issued"]),
        new Facts([
            (t["Instruction.TemporaryLoginId"], m.TemporaryLoginId),
            (t["Instruction.TemporaryPassword"], m.TemporaryPassword),
            (t["Instruction.ValidUntil"], t.Time(m.ExpiresAt)),
        ]),
        new Link(t["Instruction.OpenLoginPage"], m.LoginUrl),
        new Paragraph(t["Instruction.FirstSignIn"]),
        new Paragraph(t["Instruction.Expired"]),
        new Paragraph(t["Instruction.NotExpected"]),
    ]);

    private Message Code(SecondFactorCodeEmail m, Texts t) => new(t["SecondFactorCode.Subject"],
    [
        new Paragraph(t["SecondFactorCode.EnterCode"]),
        new Facts([
            (t["SecondFactorCode.Code"], m.Code),
            (t["SecondFactorCode.ValidFor"], t.Format("SecondFactorCode.ValidFor.Value", Minutes(m.ExpiresAt), t.Time(m.ExpiresAt))),
        ]),
        new Paragraph(t["SecondFactorCode.OnceOnly"]),
        new Paragraph(t["SecondFactorCode.NotYou"]),
    ]);

    private Message Reset(PasswordResetEmail m, Texts t) => new(t["PasswordReset.Subject"],
    [
        new Paragraph(t["PasswordReset.Received"]),
        new Link(t["PasswordReset.ResetLink"], m.ResetUrl),
        new Paragraph(t.Format("PasswordReset.Validity", Minutes(m.ExpiresAt), t.Time(m.ExpiresAt))),
        new Paragraph(t["PasswordReset.NotYou"]),
    ]);

    private Message Reminder(LoginIdReminderEmail m, Texts t) => new(t["LoginIdReminder.Subject"],
    [
        new Paragraph(t[m.LoginIds.Count == 1 ? "LoginIdReminder.Intro" : "LoginIdReminder.Intro.Many"]),
        new Facts(m.LoginIds.Select(id => (t["LoginIdReminder.LoginId"], id)).ToList()),
        new Link(t["LoginIdReminder.OpenLoginPage"], urls.Login),
        new Paragraph(t["LoginIdReminder.ForgotPassword"]),
        new Paragraph(t["LoginIdReminder.NotYou"]),
    ]);

    private static Message Lockout(LockoutNoticeEmail m, Texts t) => new(t["LockoutNotice.Subject"],
    [
        new Paragraph(t["LockoutNotice.Locked"]),
        new Link(t["LockoutNotice.UnlockLink"], m.UnlockUrl),
        new Paragraph(t["LockoutNotice.LinkOnce"]),
        new Facts([(t["LockoutNotice.UnlocksAt"], t.Time(m.LockedUntil))]),
        new Paragraph(t["LockoutNotice.SignInLater"]),
        new Paragraph(t["LockoutNotice.NotYou"]),
    ]);

    private static Message AddressChanged(EmailAddressChangedEmail m, Texts t) => new(t["EmailAddressChanged.Subject"],
    [
        new Paragraph(t["EmailAddressChanged.Changed"]),
        new Facts([
            (t["EmailAddressChanged.NewAddress"], m.MaskedNewAddress),
            (t["EmailAddressChanged.ChangedAt"], t.Time(m.ChangedAt)),
        ]),
        new Paragraph(t["EmailAddressChanged.OldLinksVoid"]),
        new Paragraph(t["EmailAddressChanged.NotExpected"]),
    ]);

    private static Message ReissueRequest(ReissueRequestEmail m, Texts t) => new(t["ReissueRequest.Subject"],
    [
        new Paragraph(t["ReissueRequest.Received"]),
        new Facts([
            (t["ReissueRequest.Employee"], m.EmployeeName),
            (t["ReissueRequest.EmployeeNumber"], m.EmployeeNumber),
            (t["ReissueRequest.RequestedAt"], t.Time(m.RequestedAt)),
        ]),
        m.DashboardUrl is { } dashboard ? (Block)new Link(t["ReissueRequest.OpenDashboard"], dashboard) : new Paragraph(t["ReissueRequest.OpenAdminSite"]),
        new Paragraph(t["ReissueRequest.SignInToDecide"]),
        new Paragraph(t["ReissueRequest.NotExpected"]),
    ]);

    private static Message ReissueDeclined(ReissueDeclinedEmail m, Texts t) => new(t["ReissueDeclined.Subject"],
    [
        new Paragraph(t["ReissueDeclined.NotApproved"]),
        new Facts([(t["ReissueRequest.RequestedAt"], t.Time(m.RequestedAt))]),
        new Paragraph(t["ReissueDeclined.AskRepresentative"]),
        new Paragraph(t["ReissueDeclined.NotExpected"]),
    ]);

    private Message PasskeyChanged(PasskeyChangedEmail m, Texts t) => new(t[m.Added ? "Passkey.Added.Subject" : "Passkey.Removed.Subject"],
    [
        new Paragraph(t[m.Added ? "Passkey.Added.Changed" : m.PasskeyName is null ? "Passkey.RemovedAll.Changed" : "Passkey.Removed.Changed"]),
        new Facts([
            .. m.PasskeyName is null ? Array.Empty<(string, string)>() : [(t["Passkey.Name"], m.PasskeyName)],
            (t["Passkey.ChangedAt"], t.Time(m.ChangedAt)),
        ]),
        new Link(t["Passkey.Manage"], urls.Of(Routes.Passkeys)),
        new Paragraph(t[m.Added ? "Passkey.Added.NotExpected" : "Passkey.NotExpected"]),
    ]);

    private static Message AuthenticatorChanged(SignIn.AuthenticatorChangedEmail m, Texts t)
    {
        var kind = m.Added ? "Totp.Mail.Added" : "Totp.Mail.Removed";
        return new(t[kind + ".Subject"],
        [
            new Paragraph(t[kind]),
            new Facts([(t["Totp.Mail.ChangedAt"], t.Time(m.ChangedAt))]),
            new Paragraph(t["Totp.Mail.NotExpected"]),
        ]);
    }

    private string SenderDomain() => options.Value.FromAddress[(options.Value.FromAddress.LastIndexOf('@') + 1)..];

    /// <summary>The texts of one message, in the language it is written in.</summary>
    private readonly record struct Texts(CultureInfo Culture)
    {
        public string this[string key] => Resource.Get(key, Culture);

        public string Format(string key, params object?[] arguments) => Resource.Format(key, Culture, arguments);

        /// <summary>An instant in Japan time, written as the language's <c>Time</c> text says (date, hour, the zone named).</summary>
        public string Time(DateTimeOffset instant) => Format("Time", TimeZoneInfo.ConvertTime(instant, JapanTime));
    }

    // ---- Times -----------------------------------------------------------------------------------------------------

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

    /// <summary>Escapes what HTML needs escaped and lets Japanese through (the default encoder writes it as entities).</summary>
    private static readonly HtmlEncoder JapaneseThrough = HtmlEncoder.Create(UnicodeRanges.All);

    private static string Html(string language, string subject, string greeting, IReadOnlyList<Block> blocks, string footer)
    {
        var encoder = JapaneseThrough;
        // Line by line: the encoder writes a newline as "&#xA;", which a browser shows as a space, not a line break.
        string E(string value) => string.Join("<br>", value.Split('\n').Select(encoder.Encode));

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
