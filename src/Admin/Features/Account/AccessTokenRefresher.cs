using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Harmony.Identity.Admin.Features.Account;

/// <summary>
/// Keeps the session's access token fresh: when it is about to expire, redeems the refresh token at the token
/// endpoint and stores the new tokens in the session cookie. A refused refresh (the admin was suspended, the
/// session revoked) ends the session here too, so the next page asks the identity server again.
/// </summary>
public sealed partial class AccessTokenRefresher(
    IOptionsMonitor<OpenIdConnectOptions> oidcOptions,
    IOptions<AdminOidcOptions> options,
    TimeProvider time,
    ILogger<AccessTokenRefresher> logger)
{
    private const string AccessToken = "access_token";
    private const string RefreshToken = "refresh_token";
    private const string IdToken = "id_token";
    private const string ExpiresAt = "expires_at";

    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = ReadExpiry(context.Properties);
        var now = time.GetUtcNow();
        if (expiresAt is not null && expiresAt.Value - now > options.Value.RefreshBeforeExpiry) return;

        var refreshToken = context.Properties.GetTokenValue(RefreshToken);
        if (string.IsNullOrEmpty(refreshToken))
        {
            await EndSessionAsync(context);
            return;
        }

        var oidc = oidcOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var cancellation = context.HttpContext.RequestAborted;
        OpenIdConnectMessage answer;
        try
        {
            var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(cancellation);
            using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["client_id"] = oidc.ClientId!,
                    ["client_secret"] = oidc.ClientSecret!,
                }),
            };
            using var response = await oidc.Backchannel.SendAsync(request, cancellation);
            var body = await response.Content.ReadAsStringAsync(cancellation);
            answer = new OpenIdConnectMessage(body);
            if (!response.IsSuccessStatusCode || string.IsNullOrEmpty(answer.AccessToken))
            {
                LogRefreshRefused(logger, (int)response.StatusCode, answer.Error);
                await EndSessionAsync(context);
                return;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException or System.Text.Json.JsonException)
        {
            // The identity server could not be reached: keep a token that still works, give up on one that does not.
            LogRefreshFailed(logger, exception);
            if (expiresAt is null || expiresAt <= now) await EndSessionAsync(context);
            return;
        }

        var tokens = context.Properties.GetTokens().ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);
        tokens[AccessToken] = answer.AccessToken;
        if (!string.IsNullOrEmpty(answer.RefreshToken)) tokens[RefreshToken] = answer.RefreshToken;
        if (!string.IsNullOrEmpty(answer.IdToken)) tokens[IdToken] = answer.IdToken;
        if (int.TryParse(answer.ExpiresIn, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            tokens[ExpiresAt] = (now + TimeSpan.FromSeconds(seconds)).ToString("o", CultureInfo.InvariantCulture);
        }
        context.Properties.StoreTokens(tokens.Select(t => new AuthenticationToken { Name = t.Key, Value = t.Value }));

        // The role may have changed since sign-in: ask the API again with the new token.
        var api = context.HttpContext.RequestServices.GetRequiredService<IAdminIdentitySource>();
        var me = await api.WhoIsAsync(answer.AccessToken, cancellation);
        if (context.Principal?.Identity is ClaimsIdentity identity)
        {
            var renewed = identity.Clone();
            renewed.ApplyAdminIdentity(me);
            context.ReplacePrincipal(new ClaimsPrincipal(renewed));
        }
        context.ShouldRenew = true;
    }

    private static DateTimeOffset? ReadExpiry(AuthenticationProperties properties) =>
        DateTimeOffset.TryParse(properties.GetTokenValue(ExpiresAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value)
            ? value
            : null;

    private static async Task EndSessionAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The identity server refused to refresh the admin's token ({Status} {Error}); the session ends")]
    private static partial void LogRefreshRefused(ILogger logger, int status, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admin's token could not be refreshed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
