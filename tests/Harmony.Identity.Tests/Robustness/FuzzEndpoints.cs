namespace Harmony.Identity.Tests.Robustness;

/// <summary>The three parts of the server a hostile client reaches, each with its own way of saying "bad request".</summary>
public enum FuzzArea
{
    /// <summary><c>/connect/*</c> and <c>/.well-known/*</c>: OAuth JSON errors.</summary>
    Protocol,

    /// <summary>The pages and their forms, the language switch and the SendGrid webhook: the error page.</summary>
    Pages,

    /// <summary><c>/api/admin/*</c>: problem details.</summary>
    AdminApi,

    /// <summary>The admin site (a separate app, a relying party of the server), as an anonymous visitor reaches it.</summary>
    AdminSite,
}

/// <summary>What a well-formed request to the endpoint carries, before a mutation breaks it.</summary>
public enum FuzzPayload
{
    None,
    Form,
    Json,
    Multipart,
}

/// <summary>The credentials a well-formed request to the endpoint would carry.</summary>
public enum FuzzCredential
{
    None,

    /// <summary>The antiforgery cookie and form token of a real page (sent with half of the cases).</summary>
    Antiforgery,

    /// <summary>HTTP Basic client authentication of <c>test-service</c>.</summary>
    ClientBasic,

    /// <summary>A real admin API access token (sent with half of the cases; the rest get junk or nothing).</summary>
    Bearer,
}

/// <summary>
/// One endpoint to attack: its method, path, well-formed parameters and credentials. <c>{marker}</c> in a value is
/// replaced by the case's marker, which must never come back unescaped; <c>{token}</c> by the admin access token.
/// </summary>
public sealed record FuzzEndpoint(
    FuzzArea Area,
    string Method,
    string Path,
    FuzzPayload Payload,
    FuzzCredential Credential,
    params (string Name, string Value)[] Parameters)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>Every protocol endpoint, form and admin API route of the server, with the parameters it expects.</summary>
public static class FuzzEndpoints
{
    private const string Challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    private const string Verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string SomeGuid = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";

    private static readonly (string, string)[] Authorize =
    [
        ("client_id", HarmonyAppFactory.SpaClientId), ("response_type", "code"), ("redirect_uri", HarmonyAppFactory.RedirectUri),
        ("scope", "openid profile offline_access"), ("code_challenge", Challenge), ("code_challenge_method", "S256"),
        ("state", "{marker}"), ("nonce", "{marker}"), ("ui_locales", "ja"),
    ];

    private static readonly (string, string)[] EndSession =
    [
        ("client_id", HarmonyAppFactory.SpaClientId), ("post_logout_redirect_uri", HarmonyAppFactory.PostLogoutRedirectUri),
        ("state", "{marker}"), ("id_token_hint", "{marker}"),
    ];

    public static readonly IReadOnlyList<FuzzEndpoint> Protocol =
    [
        new(FuzzArea.Protocol, "GET", "/connect/authorize", FuzzPayload.None, FuzzCredential.None, Authorize),
        new(FuzzArea.Protocol, "POST", "/connect/authorize", FuzzPayload.Form, FuzzCredential.None, Authorize),
        new(FuzzArea.Protocol, "POST", "/connect/token", FuzzPayload.Form, FuzzCredential.None,
            ("grant_type", "authorization_code"), ("code", "{marker}"), ("redirect_uri", HarmonyAppFactory.RedirectUri),
            ("client_id", HarmonyAppFactory.SpaClientId), ("code_verifier", Verifier)),
        new(FuzzArea.Protocol, "POST", "/connect/token", FuzzPayload.Form, FuzzCredential.None,
            ("grant_type", "client_credentials"), ("client_id", HarmonyAppFactory.ServiceClientId),
            ("client_secret", HarmonyAppFactory.ServiceClientSecret), ("scope", "harmony_admin")),
        new(FuzzArea.Protocol, "POST", "/connect/token", FuzzPayload.Form, FuzzCredential.ClientBasic,
            ("grant_type", "client_credentials"), ("scope", "harmony_admin {marker}")),
        new(FuzzArea.Protocol, "POST", "/connect/token", FuzzPayload.Form, FuzzCredential.None,
            ("grant_type", "refresh_token"), ("refresh_token", "{marker}"), ("client_id", HarmonyAppFactory.WebClientId),
            ("client_secret", HarmonyAppFactory.WebClientSecret)),
        new(FuzzArea.Protocol, "GET", "/connect/userinfo", FuzzPayload.None, FuzzCredential.Bearer, ("claims", "{marker}")),
        new(FuzzArea.Protocol, "POST", "/connect/userinfo", FuzzPayload.Form, FuzzCredential.None, ("access_token", "{token}")),
        new(FuzzArea.Protocol, "POST", "/connect/introspect", FuzzPayload.Form, FuzzCredential.ClientBasic,
            ("token", "{token}"), ("token_type_hint", "access_token")),
        new(FuzzArea.Protocol, "POST", "/connect/introspect", FuzzPayload.Form, FuzzCredential.None,
            ("client_id", HarmonyAppFactory.ServiceClientId), ("client_secret", HarmonyAppFactory.ServiceClientSecret), ("token", "{marker}")),
        new(FuzzArea.Protocol, "POST", "/connect/revoke", FuzzPayload.Form, FuzzCredential.ClientBasic,
            ("token", "{marker}"), ("token_type_hint", "refresh_token")),
        new(FuzzArea.Protocol, "POST", "/connect/revoke", FuzzPayload.Form, FuzzCredential.None,
            ("client_id", HarmonyAppFactory.SpaClientId), ("token", "{marker}")),
        new(FuzzArea.Protocol, "GET", "/connect/endsession", FuzzPayload.None, FuzzCredential.None, EndSession),
        new(FuzzArea.Protocol, "POST", "/connect/endsession", FuzzPayload.Form, FuzzCredential.Antiforgery, EndSession),
        new(FuzzArea.Protocol, "GET", "/.well-known/openid-configuration", FuzzPayload.None, FuzzCredential.None),
        new(FuzzArea.Protocol, "GET", "/.well-known/jwks", FuzzPayload.None, FuzzCredential.None),
    ];

    private const string ReturnUrl = "/connect/authorize?client_id=test-spa&state={marker}";

    public static readonly IReadOnlyList<FuzzEndpoint> Pages =
    [
        new(FuzzArea.Pages, "GET", "/account/login", FuzzPayload.None, FuzzCredential.None, ("ReturnUrl", ReturnUrl), ("Notice", "{marker}")),
        new(FuzzArea.Pages, "POST", "/account/login", FuzzPayload.Form, FuzzCredential.Antiforgery,
            ("Input.LoginId", "{marker}"), ("Input.Password", "wrong#Password1"), ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "GET", "/account/forgot-password", FuzzPayload.None, FuzzCredential.None, ("Sent", "{marker}")),
        new(FuzzArea.Pages, "POST", "/account/forgot-password", FuzzPayload.Form, FuzzCredential.Antiforgery, ("LoginId", "{marker}")),
        new(FuzzArea.Pages, "GET", "/account/forgot-login-id", FuzzPayload.None, FuzzCredential.None, ("Sent", "true")),
        new(FuzzArea.Pages, "POST", "/account/forgot-login-id", FuzzPayload.Form, FuzzCredential.Antiforgery, ("Email", "{marker}@example.com")),
        new(FuzzArea.Pages, "GET", "/account/reset-password", FuzzPayload.None, FuzzCredential.None, ("Token", "{marker}")),
        new(FuzzArea.Pages, "POST", "/account/reset-password", FuzzPayload.Form, FuzzCredential.Antiforgery,
            ("Token", "{marker}"), ("Password", "New#Password2026"), ("PasswordConfirmation", "New#Password2026")),
        new(FuzzArea.Pages, "GET", "/account/verify-code", FuzzPayload.None, FuzzCredential.None, ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "POST", "/account/verify-code", FuzzPayload.Form, FuzzCredential.Antiforgery,
            ("Code", "{marker}"), ("RememberBrowser", "true"), ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "GET", "/account/first-sign-in", FuzzPayload.None, FuzzCredential.None, ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "POST", "/account/first-sign-in", FuzzPayload.Form, FuzzCredential.Antiforgery,
            ("Input.LoginId", "{marker}"), ("Input.Password", "New#Password2026"), ("Input.PasswordConfirmation", "New#Password2026"),
            ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "GET", "/account/failed-to-connect", FuzzPayload.None, FuzzCredential.None, ("code", "{marker}")),
        // Issue 13's self-service pages, as an outsider without a pending sign-in or a session reaches them.
        new(FuzzArea.Pages, "GET", "/account/unlock", FuzzPayload.None, FuzzCredential.None, ("token", "{marker}"), ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "POST", "/account/unlock", FuzzPayload.Form, FuzzCredential.Antiforgery, ("Token", "{marker}"), ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "GET", "/account/temporary-expired", FuzzPayload.None, FuzzCredential.None, ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "POST", "/account/temporary-expired", FuzzPayload.Form, FuzzCredential.Antiforgery, ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "GET", "/account/authenticator-code", FuzzPayload.None, FuzzCredential.None, ("Recovery", "{marker}")),
        new(FuzzArea.Pages, "POST", "/account/authenticator-code", FuzzPayload.Form, FuzzCredential.Antiforgery,
            ("Code", "{marker}"), ("Recovery", "true"), ("RememberBrowser", "true"), ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "GET", "/account/enrol-authenticator", FuzzPayload.None, FuzzCredential.None, ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "POST", "/account/enrol-authenticator", FuzzPayload.Form, FuzzCredential.Antiforgery, ("token", "{marker}")),
        new(FuzzArea.Pages, "GET", "/account", FuzzPayload.None, FuzzCredential.None, ("done", "{marker}")),
        new(FuzzArea.Pages, "GET", "/account/passkeys", FuzzPayload.None, FuzzCredential.None, ("Offer", "{marker}"), ("ReturnUrl", ReturnUrl)),
        new(FuzzArea.Pages, "GET", "/account/authenticator", FuzzPayload.None, FuzzCredential.None, ("done", "{marker}")),
        new(FuzzArea.Pages, "GET", "/language/ja", FuzzPayload.None, FuzzCredential.None, ("returnUrl", "/account/login?x={marker}")),
        new(FuzzArea.Pages, "GET", "/language/en", FuzzPayload.None, FuzzCredential.None, ("returnUrl", "/help")),
        new(FuzzArea.Pages, "GET", "/", FuzzPayload.None, FuzzCredential.None),
        new(FuzzArea.Pages, "GET", "/help", FuzzPayload.None, FuzzCredential.None, ("q", "{marker}")),
        new(FuzzArea.Pages, "GET", "/signed-out", FuzzPayload.None, FuzzCredential.None),
        new(FuzzArea.Pages, "GET", "/error/404", FuzzPayload.None, FuzzCredential.None, ("x", "{marker}")),
        new(FuzzArea.Pages, "POST", "/webhooks/sendgrid/events", FuzzPayload.Json, FuzzCredential.None,
            ("event", "bounce"), ("email", "{marker}@example.com"), ("sg_event_id", "{marker}")),
    ];

    public static readonly IReadOnlyList<FuzzEndpoint> AdminApi =
    [
        new(FuzzArea.AdminApi, "GET", "/api/admin/me", FuzzPayload.None, FuzzCredential.Bearer),
        new(FuzzArea.AdminApi, "GET", "/api/admin/companies", FuzzPayload.None, FuzzCredential.Bearer,
            ("page", "1"), ("pageSize", "20"), ("search", "{marker}")),
        new(FuzzArea.AdminApi, "POST", "/api/admin/companies", FuzzPayload.Json, FuzzCredential.Bearer,
            ("code", "{marker}"), ("nameJa", "{marker}"), ("nameEn", "x")),
        new(FuzzArea.AdminApi, "GET", "/api/admin/companies/" + SomeGuid, FuzzPayload.None, FuzzCredential.Bearer),
        new(FuzzArea.AdminApi, "PUT", "/api/admin/companies/" + SomeGuid, FuzzPayload.Json, FuzzCredential.Bearer,
            ("nameJa", "{marker}"), ("nameEn", "x")),
        new(FuzzArea.AdminApi, "GET", "/api/admin/employees", FuzzPayload.None, FuzzCredential.Bearer,
            ("companyId", SomeGuid), ("search", "{marker}"), ("page", "2")),
        new(FuzzArea.AdminApi, "POST", "/api/admin/employees", FuzzPayload.Json, FuzzCredential.Bearer,
            ("companyId", SomeGuid), ("displayName", "{marker}"), ("email", "{marker}@example.com")),
        new(FuzzArea.AdminApi, "GET", "/api/admin/employees/" + SomeGuid, FuzzPayload.None, FuzzCredential.Bearer),
        new(FuzzArea.AdminApi, "PUT", "/api/admin/employees/" + SomeGuid + "/email", FuzzPayload.Json, FuzzCredential.Bearer,
            ("email", "{marker}")),
        new(FuzzArea.AdminApi, "POST", "/api/admin/employees/" + SomeGuid + "/suspend", FuzzPayload.None, FuzzCredential.Bearer),
        new(FuzzArea.AdminApi, "POST", "/api/admin/companies/" + SomeGuid + "/employees/import", FuzzPayload.Multipart,
            FuzzCredential.Bearer, ("file", "employee_number,display_name,email\n1,{marker},a@example.com\n")),
        new(FuzzArea.AdminApi, "GET", "/api/admin/audit", FuzzPayload.None, FuzzCredential.Bearer,
            ("userId", SomeGuid), ("referenceCode", "{marker}")),
        new(FuzzArea.AdminApi, "GET", "/api/admin/clients", FuzzPayload.None, FuzzCredential.Bearer),
        new(FuzzArea.AdminApi, "POST", "/api/admin/clients", FuzzPayload.Json, FuzzCredential.Bearer,
            ("clientId", "{marker}"), ("displayName", "{marker}")),
        new(FuzzArea.AdminApi, "PUT", "/api/admin/clients/test-spa/redirects", FuzzPayload.Json, FuzzCredential.Bearer,
            ("redirectUris", "https://rp.test/{marker}")),
        new(FuzzArea.AdminApi, "GET", "/api/admin/reissue-requests", FuzzPayload.None, FuzzCredential.Bearer,
            ("companyId", SomeGuid), ("employeeId", "{marker}")),
        new(FuzzArea.AdminApi, "POST", "/api/admin/reissue-requests/" + SomeGuid + "/approve", FuzzPayload.None, FuzzCredential.Bearer),
        new(FuzzArea.AdminApi, "POST", "/api/admin/reissue-requests/" + SomeGuid + "/decline", FuzzPayload.Json, FuzzCredential.Bearer,
            ("reason", "{marker}")),
        new(FuzzArea.AdminApi, "POST", "/api/admin/employees/" + SomeGuid + "/reset-authenticator", FuzzPayload.None, FuzzCredential.Bearer),
        new(FuzzArea.AdminApi, "POST", "/api/admin/employees/" + SomeGuid + "/remove-passkeys", FuzzPayload.None, FuzzCredential.Bearer),
        new(FuzzArea.AdminApi, "GET", "/api/admin/admin.json", FuzzPayload.None, FuzzCredential.None),
    ];

    public static readonly IReadOnlyList<FuzzEndpoint> AdminSite =
    [
        new(FuzzArea.AdminSite, "GET", "/signin-oidc", FuzzPayload.None, FuzzCredential.None,
            ("code", "{marker}"), ("state", "{marker}"), ("iss", "http://127.0.0.1/")),
        new(FuzzArea.AdminSite, "POST", "/signin-oidc", FuzzPayload.Form, FuzzCredential.None,
            ("code", "{marker}"), ("state", "{marker}"), ("id_token", "{marker}")),
        new(FuzzArea.AdminSite, "GET", "/signout-callback-oidc", FuzzPayload.None, FuzzCredential.None, ("state", "{marker}")),
        new(FuzzArea.AdminSite, "GET", "/account/sign-in", FuzzPayload.None, FuzzCredential.None, ("returnUrl", "/employees?x={marker}"), ("another", "true")),
        new(FuzzArea.AdminSite, "GET", "/account/sign-out", FuzzPayload.None, FuzzCredential.None),
        new(FuzzArea.AdminSite, "POST", "/account/sign-out", FuzzPayload.Form, FuzzCredential.Antiforgery, ("x", "{marker}")),
        new(FuzzArea.AdminSite, "GET", "/account/signed-out", FuzzPayload.None, FuzzCredential.None),
        new(FuzzArea.AdminSite, "GET", "/account/not-authorized", FuzzPayload.None, FuzzCredential.None, ("returnUrl", "{marker}")),
        new(FuzzArea.AdminSite, "GET", "/account/sign-in-failed", FuzzPayload.None, FuzzCredential.None, ("code", "{marker}")),
        new(FuzzArea.AdminSite, "GET", "/language/en", FuzzPayload.None, FuzzCredential.None, ("returnUrl", "/employees?x={marker}")),
        new(FuzzArea.AdminSite, "GET", "/", FuzzPayload.None, FuzzCredential.None),
        new(FuzzArea.AdminSite, "GET", "/employees", FuzzPayload.None, FuzzCredential.None, ("search", "{marker}")),
        new(FuzzArea.AdminSite, "POST", "/employees/new", FuzzPayload.Form, FuzzCredential.Antiforgery, ("Input.DisplayName", "{marker}")),
        new(FuzzArea.AdminSite, "POST", "/employees/import", FuzzPayload.Multipart, FuzzCredential.Antiforgery, ("Upload", "a,b\n{marker}")),
        new(FuzzArea.AdminSite, "GET", "/error/404", FuzzPayload.None, FuzzCredential.None),
    ];

    public static IReadOnlyList<FuzzEndpoint> Of(FuzzArea area) => area switch
    {
        FuzzArea.Protocol => Protocol,
        FuzzArea.Pages => Pages,
        FuzzArea.AdminApi => AdminApi,
        _ => AdminSite,
    };
}
