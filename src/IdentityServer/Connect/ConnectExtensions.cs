using Harmony.Identity.Web;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Harmony.Identity.Server.Connect;

public static class ConnectExtensions
{
    /// <summary>The OpenID Connect server (OpenIddict), its keys and the clients synchronized from configuration.</summary>
    public static IHostApplicationBuilder AddHarmonyOpenIddict(this IHostApplicationBuilder builder)
    {
        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var keys = builder.Configuration.GetSection(KeyOptions.Section).Get<KeyOptions>() ?? new KeyOptions();
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var paths = new HarmonyPaths(storage.DataPath, builder.Environment.ContentRootPath);
        var (signing, encryption) = SigningKeys.Load(keys, paths.Folder("keys"));

        builder.Services.AddValidatedOptions<ServerOptions>(builder.Configuration, ServerOptions.Section, ServerOptions.Problems);
        builder.Services.AddValidatedOptions<KeyOptions>(builder.Configuration, KeyOptions.Section, KeyOptions.Problems);
        builder.Services.AddOptions<ClientsOptions>().Bind(builder.Configuration.GetSection(ClientsOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ClientsOptions>, ClientsOptionsValidator>();

        builder.Services.AddOpenIddict()
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<HarmonyDbContext>();
                options.ReplaceApplicationManager(typeof(HarmonyApplicationManager<>));
            })
            .AddServer(options =>
            {
                if (server.Issuer is not null) options.SetIssuer(server.Issuer);

                options.SetAuthorizationEndpointUris(Routes.RelativeToIssuer(Routes.Authorize))
                    .SetTokenEndpointUris(Routes.RelativeToIssuer(Routes.Token))
                    .SetUserInfoEndpointUris(Routes.RelativeToIssuer(Routes.UserInfo))
                    .SetEndSessionEndpointUris(Routes.RelativeToIssuer(Routes.EndSession))
                    .SetRevocationEndpointUris(Routes.RelativeToIssuer(Routes.Revocation))
                    .SetIntrospectionEndpointUris(Routes.RelativeToIssuer(Routes.Introspection));

                options.AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();

                // PKCE for every code flow client, public or confidential (OAuth 2.0 Security BCP).
                options.RequireProofKeyForCodeExchange();
                options.Configure(settings =>
                {
                    // S256 only: "plain" would send the verifier's equivalent in the front channel.
                    settings.CodeChallengeMethods.Clear();
                    settings.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
                });

                options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.OfflineAccess, HarmonyScopes.AdminApi);
                // Scopes are checked per client instead (each needs its "scp:" permission, see ClientDescriptors), so a
                // scope no client was given is refused anyway; OpenIddict's own check would look each request's scopes up
                // in a scope store Harmony does not use (a scoped manager and a database context per token request).
                options.DisableScopeValidation();
                options.RegisterClaims(
                    Claims.Subject, Claims.PreferredUsername, Claims.Name, Claims.Email, Claims.Locale,
                    HarmonyClaims.CompanyId, Claims.AuthenticationMethodReference, Claims.AuthenticationTime);

                options.SetAccessTokenLifetime(server.AccessTokenLifetime)
                    .SetIdentityTokenLifetime(server.IdentityTokenLifetime)
                    .SetRefreshTokenLifetime(server.RefreshTokenLifetime)
                    .SetAuthorizationCodeLifetime(server.AuthorizationCodeLifetime)
                    .SetRefreshTokenReuseLeeway(server.RefreshTokenReuseLeeway);

                foreach (var certificate in signing)
                {
                    // OpenIddict infers RS256 from an RSA certificate; an ECDSA one is given as its key (ES256 for P-256).
                    if (certificate.GetECDsaPrivateKey() is { } ecdsa) options.AddSigningKey(new ECDsaSecurityKey(ecdsa));
                    else options.AddSigningCertificate(certificate);
                }
                options.AddEventHandler(TokenSigningKeys.Descriptor)
                    .AddEventHandler(TokenRows.Descriptor)
                    .AddEventHandler(MachineAccessTokens.RejectRevokedAtServer.Descriptor)
                    .AddEventHandler(MachineAccessTokens.OnlyItsClient.AtIntrospection)
                    .AddEventHandler(MachineAccessTokens.OnlyItsClient.AtRevocation)
                    .RemoveEventHandler(OpenIddictServerHandlers.Revocation.RevokeToken.Descriptor)
                    .AddEventHandler(MachineAccessTokens.RevokeToken.Descriptor)
                    .AddEventHandler(DisabledClients.RejectAtServer.Descriptor)
                    .AddEventHandler(ClientUsageRecorder.RecordAtTokenResponse.Descriptor);
                foreach (var certificate in encryption) options.AddEncryptionCertificate(certificate);

                // Access tokens are signed JWTs that Harmony's APIs validate against the JWKS; they carry no secrets.
                options.DisableAccessTokenEncryption();

                var aspNetCore = options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableStatusCodePagesIntegration();
                if (server.AllowInsecureHttp) aspNetCore.DisableTransportSecurityRequirement();
                options.RemoveEventHandler(ClientCredentialsGrant.Replaced).AddEventHandler(ClientCredentialsGrant.Descriptor);
            })
            .AddValidation(options =>
            {
                options.UseLocalServer();
                options.UseAspNetCore();
                options.AddEventHandler(MachineAccessTokens.RejectRevokedAtApi.Descriptor)
                    .AddEventHandler(DisabledClients.RejectAtApi.Descriptor);
            });

        builder.Services.AddSingleton<RevokedAccessTokens>();
        builder.Services.AddSingleton(typeof(ClientApplicationCache<>));
        builder.Services.AddSingleton<ClientUsageRecorder>();
        builder.Services.AddHostedService<ClientUsageWriter>();
        builder.Services.AddStartupStep<RoleSeeder>();
        builder.Services.AddStartupStep<ClientSynchronizer>();
        return builder;
    }
}
