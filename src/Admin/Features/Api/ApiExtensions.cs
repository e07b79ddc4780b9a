using Harmony.Identity.Web;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Harmony.Identity.Admin.Features.Api;

public static class ApiExtensions
{
    /// <summary>The typed client of the admin API, and the Contracts validators the forms check before calling it.</summary>
    public static IHostApplicationBuilder AddAdminApiClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<AdminApiOptions>(builder.Configuration, AdminApiOptions.Section, AdminApiOptions.Problems);
        builder.Services.AddTransient<AccessTokenHandler>();
        builder.Services.AddHttpClient<AdminApiClient>((services, client) =>
            {
                var api = services.GetRequiredService<IOptions<AdminApiOptions>>().Value;
                var oidc = services.GetRequiredService<IOptions<AdminOidcOptions>>().Value;
                client.BaseAddress = api.BaseAddress ?? oidc.Authority;
                client.Timeout = api.Timeout;
            })
            .AddHttpMessageHandler<AccessTokenHandler>();
        builder.Services.AddTransient<IAdminIdentitySource>(services => services.GetRequiredService<AdminApiClient>());
        builder.Services.AddValidatorsFromAssemblyContaining<CompanyPolicyDto>(ServiceLifetime.Singleton);
        builder.Services.AddSingleton<FormValidation>();
        return builder;
    }
}
