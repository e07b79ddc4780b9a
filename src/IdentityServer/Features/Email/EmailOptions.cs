namespace Harmony.Identity.Server.Features.Email;

/// <summary>Which transport the outbox dispatcher hands messages to.</summary>
public enum EmailSenderKind
{
    /// <summary>Writes each message as an <c>.eml</c> file into <see cref="EmailOptions.PickupFolder"/> (development, tests).</summary>
    Pickup,

    /// <summary>SendGrid's v3 mail API (production).</summary>
    SendGrid,
}

/// <summary>Email: sender, addresses, links, the outbox dispatcher and the bounce threshold (section <c>Harmony:Email</c>).</summary>
public sealed class EmailOptions
{
    public const string Section = "Harmony:Email";

    public EmailSenderKind Sender { get; set; } = EmailSenderKind.Pickup;

    /// <summary>Where the pickup sender writes; relative paths are under the data folder (default: <c>mail</c>).</summary>
    public string PickupFolder { get; set; } = "mail";

    /// <summary>The From address; FAQ Q4 tells employees to allow mail from this domain.</summary>
    public string FromAddress { get; set; } = "no-reply@advantage-harmony.com";

    public string FromNameJa { get; set; } = "Harmony マイページ";

    public string FromNameEn { get; set; } = "Harmony My Page";

    /// <summary>The identity server's public URL, from which <see cref="Hosting.PublicUrls"/> builds every absolute link.</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:5080/");

    /// <summary>The admin site's public URL, for the links in emails to representatives; unset, those emails name the site without a link.</summary>
    public Uri? AdminSiteUrl { get; set; }

    public SendGridOptions SendGrid { get; set; } = new();

    /// <summary>Bounces, drops and spam reports after which an address is restricted (FAQ Q4 cause 3).</summary>
    public int DeliveryFailureThreshold { get; set; } = 3;

    /// <summary>Messages one dispatcher run claims at most.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>Send attempts after which a message is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failed attempt; doubled after each further one.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the dispatcher job runs.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one dispatcher holds the messages it claimed before another may take them over.</summary>
    public TimeSpan ClaimDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The From display name for a message in <paramref name="culture"/>.</summary>
    public string FromName(string culture) =>
        SupportedCultures.OfTag(culture) == SupportedCultures.English ? FromNameEn : FromNameJa;
}

/// <summary>SendGrid (section <c>Harmony:Email:SendGrid</c>).</summary>
public sealed class SendGridOptions
{
    /// <summary>The API key (Mail Send permission only). Never logged; give it by environment or a secret store.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Another API host than SendGrid's, for tests against a local stub.</summary>
    public Uri? Host { get; set; }

    /// <summary>
    /// The base64 public key of the signed event webhook, as SendGrid shows it. While empty, the webhook refuses
    /// every request.
    /// </summary>
    public string? WebhookPublicKey { get; set; }

    /// <summary>How long one call to SendGrid may take before it counts as a (transient) timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Refuses to start with settings that would lose or never send mail.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var failures = new List<string>();
        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero) failures.Add($"{EmailOptions.Section}:{key} must be a positive duration.");
        }

        void AtLeastOne(int value, string key)
        {
            if (value < 1) failures.Add($"{EmailOptions.Section}:{key} must be at least 1.");
        }

        if (!System.Net.Mail.MailAddress.TryCreate(options.FromAddress, out _))
        {
            failures.Add($"{EmailOptions.Section}:FromAddress must be an email address.");
        }

        if (!options.PublicBaseUrl.IsAbsoluteUri || options.PublicBaseUrl.Scheme is not ("http" or "https"))
        {
            failures.Add($"{EmailOptions.Section}:PublicBaseUrl must be an absolute http(s) URL.");
        }

        if (options.AdminSiteUrl is { } admin && (!admin.IsAbsoluteUri || admin.Scheme is not ("http" or "https")))
        {
            failures.Add($"{EmailOptions.Section}:AdminSiteUrl must be an absolute http(s) URL.");
        }

        if (options.Sender == EmailSenderKind.Pickup && string.IsNullOrWhiteSpace(options.PickupFolder))
        {
            failures.Add($"{EmailOptions.Section}:PickupFolder is required when {EmailOptions.Section}:Sender is Pickup.");
        }

        if (options.Sender == EmailSenderKind.SendGrid && string.IsNullOrWhiteSpace(options.SendGrid.ApiKey))
        {
            failures.Add($"{EmailOptions.Section}:SendGrid:ApiKey is required when {EmailOptions.Section}:Sender is SendGrid.");
        }

        if (options.SendGrid.Host is { IsAbsoluteUri: false })
        {
            failures.Add($"{EmailOptions.Section}:SendGrid:Host must be an absolute URL.");
        }

        AtLeastOne(options.DeliveryFailureThreshold, nameof(EmailOptions.DeliveryFailureThreshold));
        AtLeastOne(options.BatchSize, nameof(EmailOptions.BatchSize));
        AtLeastOne(options.MaxAttempts, nameof(EmailOptions.MaxAttempts));
        Positive(options.RetryBaseDelay, nameof(EmailOptions.RetryBaseDelay));
        Positive(options.RetryMaxDelay, nameof(EmailOptions.RetryMaxDelay));
        Positive(options.DispatchInterval, nameof(EmailOptions.DispatchInterval));
        Positive(options.ClaimDuration, nameof(EmailOptions.ClaimDuration));
        Positive(options.SendGrid.Timeout, "SendGrid:Timeout");
        if (options.ClaimDuration <= options.SendGrid.Timeout)
        {
            failures.Add($"{EmailOptions.Section}:ClaimDuration must be longer than SendGrid:Timeout, or no message could be sent within a claim.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay)
        {
            failures.Add($"{EmailOptions.Section}:RetryMaxDelay must not be shorter than RetryBaseDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
