using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Harmony.Identity.Web;

public static class AntiforgeryOnEveryForm
{
    /// <summary>
    /// Every form of every page carries and checks an antiforgery token, kept in a cookie of the site's own name. Global,
    /// so that a page's own <c>[IgnoreAntiforgeryToken]</c> (the error page, re-executed for a refused POST) takes precedence.
    /// </summary>
    public static IServiceCollection AddAntiforgeryOnEveryForm(this IServiceCollection services, string cookieName)
    {
        services.Configure<MvcOptions>(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = cookieName;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }
}
