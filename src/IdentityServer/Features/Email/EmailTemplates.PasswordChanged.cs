namespace Harmony.Identity.Server.Features.Email;

/// <summary>"Your password was changed", to the employee's own address after a change on the My account page (decision 0031).</summary>
public sealed record PasswordChangedEmail(DateTimeOffset ChangedAt) : EmailContent
{
    public const string EmailKind = "PasswordChanged";

    public override string Kind => EmailKind;
}

public sealed partial class EmailTemplates
{
    private static Message PasswordChanged(PasswordChangedEmail m, Texts t) => new(t["PasswordChanged.Subject"],
    [
        new Paragraph(t["PasswordChanged.Changed"]),
        new Facts([(t["PasswordChanged.ChangedAt"], t.Time(m.ChangedAt))]),
        new Paragraph(t["PasswordChanged.OtherSessions"]),
        new Paragraph(t["PasswordChanged.NotYou"]),
    ]);
}
