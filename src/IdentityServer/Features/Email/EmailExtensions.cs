namespace Harmony.Identity.Server.Features.Email;

public static class EmailExtensions
{
    /// <summary>
    /// Email (PRODUCT §7): options under <c>Harmony:Email</c> (validated at start), the templates, the outbox and the
    /// instruction-email notifier, the restriction service, the transport chosen by <c>Sender</c> and the SendGrid
    /// event webhook. The dispatcher job is scheduled with the other jobs (<c>AddHarmonyJobs</c>).
    /// </summary>
    public static IHostApplicationBuilder AddHarmonyEmail(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>()
            .Bind(builder.Configuration.GetSection(EmailOptions.Section))
            .PostConfigure<HarmonyPaths>((options, paths) =>
            {
                // Relative pickup folders live under the data folder, beside the database and the keys.
                if (!string.IsNullOrWhiteSpace(options.PickupFolder)) options.PickupFolder = Path.GetFullPath(options.PickupFolder, paths.DataFolder);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();

        services.AddSingleton<EmailTemplates>();
        services.AddSingleton<OutboxBodies>();
        services.AddScoped<IEmailOutbox, EmailOutbox>();
        services.AddScoped<EmailRestrictions>();
        services.AddScoped<IEmailRestrictions>(provider => provider.GetRequiredService<EmailRestrictions>());
        // Registered after AddHarmonyIdentity's TryAdd of the logging notifier, so this one wins.
        services.AddScoped<IEmployeeNotifier, OutboxEmployeeNotifier>();

        services.AddHttpClient(SendGridTransport.HttpClientName, (provider, client) =>
            client.Timeout = provider.GetRequiredService<IOptions<EmailOptions>>().Value.SendGrid.Timeout);
        services.AddSingleton<PickupFolderTransport>();
        services.AddSingleton<SendGridTransport>();
        services.AddSingleton<IEmailTransport>(provider =>
            provider.GetRequiredService<IOptions<EmailOptions>>().Value.Sender == EmailSenderKind.SendGrid
                ? provider.GetRequiredService<SendGridTransport>()
                : provider.GetRequiredService<PickupFolderTransport>());

        services.AddSingleton<SendGridWebhookVerifier>();
        return builder;
    }
}
