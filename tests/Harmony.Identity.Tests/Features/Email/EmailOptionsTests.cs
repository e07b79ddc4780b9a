using Harmony.Identity.Server.Features.Email;
using Harmony.Identity.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Tests.Features.Email;

public sealed class EmailOptionsTests
{
    [Test]
    public void Defaults_AreValid_AndPointAtTheFaqsDomain()
    {
        var options = new EmailOptions();
        Assert.Multiple(() =>
        {
            Assert.That(new EmailOptionsValidator().Validate(null, options).Succeeded, Is.True);
            Assert.That(options.Sender, Is.EqualTo(EmailSenderKind.Pickup));
            Assert.That(options.FromAddress, Does.EndWith("@advantage-harmony.com"));
            Assert.That(new PublicUrls(Options.Create(options)).Login, Is.EqualTo(new Uri("http://127.0.0.1:5080/account/login")));
        });
    }

    [Test]
    public void SendGrid_RequiresAnApiKey()
    {
        var result = new EmailOptionsValidator().Validate(null, new EmailOptions { Sender = EmailSenderKind.SendGrid });
        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Harmony:Email:SendGrid:ApiKey is required"));
    }

    [Test]
    public void PublicBaseUrl_WithAPath_KeepsItInLinks()
    {
        var options = new EmailOptions { PublicBaseUrl = new Uri("https://id.example.com/harmony") };
        Assert.That(new PublicUrls(Options.Create(options)).Login, Is.EqualTo(new Uri("https://id.example.com/harmony/account/login")));
    }

    [Test]
    public void App_UsesThePickupFolderUnderTheDataFolder_AndTheOutboxNotifier()
    {
        var app = SharedServers.Of<HarmonyAppFactory>();
        var folder = app.Services.GetRequiredService<IOptions<EmailOptions>>().Value.PickupFolder;
        using var scope = app.Services.CreateScope();
        Assert.Multiple(() =>
        {
            Assert.That(folder, Is.EqualTo(Path.Combine(app.DataFolder, "mail")));
            Assert.That(scope.ServiceProvider.GetRequiredService<IEmployeeNotifier>(), Is.TypeOf<OutboxEmployeeNotifier>());
            Assert.That(scope.ServiceProvider.GetRequiredService<IEmailTransport>(), Is.TypeOf<PickupFolderTransport>());
        });
    }
}
