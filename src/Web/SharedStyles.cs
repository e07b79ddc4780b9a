using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.StaticWebAssets;
using Microsoft.Extensions.Hosting;

namespace Harmony.Identity.Web;

/// <summary>The stylesheet both sites share (<c>wwwroot/css/base.css</c> of this library), linked before each site's own.</summary>
public static class SharedStyles
{
    public const string BaseStylesheet = "/_content/Harmony.Identity.Web/css/base.css";

    /// <summary>
    /// Serves this library's static files under <c>/_content/Harmony.Identity.Web/</c> in every environment. A published
    /// site has them in its own <c>wwwroot</c> and Development finds them itself; any other run of a build (the tests'
    /// Testing environment) needs the build's static web assets manifest read.
    /// </summary>
    public static IHostApplicationBuilder AddSharedStyles(this IHostApplicationBuilder builder)
    {
        if (builder.Environment is IWebHostEnvironment web &&
            !web.WebRootFileProvider.GetFileInfo(BaseStylesheet.TrimStart('/')).Exists)
        {
            StaticWebAssetsLoader.UseStaticWebAssets(web, builder.Configuration);
        }
        return builder;
    }
}
