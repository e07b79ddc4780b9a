using System.Text.RegularExpressions;
using Harmony.Identity.Server.Features.Email;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// The test's view of email with the default pickup sender: run the outbox dispatcher, then read the <c>.eml</c> files
/// it wrote, as a person opening them would. Works with any factory of the app (also one made by WithWebHostBuilder).
/// </summary>
public static partial class Mailbox
{
    /// <summary>Runs the outbox dispatcher until it finds nothing due; returns how many messages it sent.</summary>
    public static async Task<int> DeliverAsync(WebApplicationFactory<Program> app)
    {
        var sent = 0;
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<OutboxDispatchJob>().RunAsync();
            sent += result.Sent;
            // Messages that failed transiently wait for their next attempt, so the loop ends.
            if (result.Claimed == 0) return sent;
        }
    }

    /// <summary>The pickup folder of this app.</summary>
    public static string Folder(WebApplicationFactory<Program> app) =>
        app.Services.GetRequiredService<IOptions<EmailOptions>>().Value.PickupFolder;

    /// <summary>The messages written for <paramref name="toAddress"/> (any case), oldest first, newest last.</summary>
    public static Task<IReadOnlyList<MimeMessage>> ReadAsync(WebApplicationFactory<Program> app, string toAddress) =>
        ReadAsync(Folder(app), toAddress);

    /// <inheritdoc cref="ReadAsync(WebApplicationFactory{Program}, string)"/>
    public static async Task<IReadOnlyList<MimeMessage>> ReadAsync(string folder, string toAddress)
    {
        var messages = new List<MimeMessage>();
        foreach (var file in Files(folder))
        {
            var message = await MimeMessage.LoadAsync(file.Path);
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, toAddress.Trim(), StringComparison.OrdinalIgnoreCase)))
            {
                messages.Add(message);
            }
        }
        return messages;
    }

    /// <summary>The pickup files with the outbox message each holds, in the order they were written.</summary>
    public static IReadOnlyList<(string Path, long OutboxId)> Files(WebApplicationFactory<Program> app) => Files(Folder(app));

    /// <inheritdoc cref="Files(WebApplicationFactory{Program})"/>
    public static IReadOnlyList<(string Path, long OutboxId)> Files(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*.eml")
            .Select(path => (Path: path, Name: FileName().Match(System.IO.Path.GetFileName(path))))
            .Where(file => file.Name.Success)
            // The fake clock may not move between two files: the outbox ID breaks the tie.
            .OrderBy(file => file.Name.Groups["time"].Value, StringComparer.Ordinal)
            .ThenBy(file => long.Parse(file.Name.Groups["id"].Value, CultureInfo.InvariantCulture))
            .Select(file => (file.Path, long.Parse(file.Name.Groups["id"].Value, CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>The plain-text body (what the tests read codes and links from).</summary>
    public static string Text(this MimeMessage message) =>
        message.TextBody ?? throw new AssertionException("The message has no text/plain part.");

    /// <summary>The HTML body as sent (values HTML-encoded).</summary>
    public static string Html(this MimeMessage message) =>
        message.HtmlBody ?? throw new AssertionException("The message has no text/html part.");

    /// <summary>The links of the text body, in order.</summary>
    public static IReadOnlyList<Uri> Links(this MimeMessage message) =>
        Link().Matches(message.Text()).Select(m => new Uri(m.Value)).ToList();

    [GeneratedRegex(@"^(?<time>\d{8}T\d{9}Z)-(?<id>\d+)\.eml$")]
    private static partial Regex FileName();

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Link();
}
