using Harmony.Identity.Admin.Hosting;
using Harmony.Identity.Web;

namespace Harmony.Identity.Admin;

/// <summary>
/// The admin site: a relying party of the identity server that calls its admin API with the signed-in admin's
/// access token. A named class (not top-level statements) so that tests can tell it from the server's <c>Program</c>.
/// </summary>
public sealed class Program
{
    private Program()
    {
    }

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);

        builder.AddAdminWeb();
        // Outside Development: no loopback identity server, unencrypted or per-machine keys without an explicit switch.
        builder.AddAdminProductionSafety();
        // Japanese by default; then the language cookie (the switch), then Accept-Language, as on the identity server.
        builder.AddRequestCultures();
        builder.AddAdminSignIn();
        builder.AddAdminApiClient();

        var app = builder.Build();
        app.UseAdminPipeline();
        app.Run();
    }
}
