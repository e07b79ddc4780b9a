using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Harmony.Identity.Admin.Features.Clients;

/// <summary>Relying-party apps (operators only, by folder convention): the list.</summary>
public sealed class IndexModel(AdminApiClient api) : PageModel
{
    public IReadOnlyList<ClientDto> Clients { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Clients = (await api.ListClientsAsync(cancellationToken)).Value ?? [];
}

/// <summary>Registers an app; a confidential one gets a secret, shown once on <see cref="SecretModel"/>.</summary>
public sealed class RegisterModel(AdminApiClient api, FormValidation validation, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty]
    public ClientInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var request = new RegisterClientRequest(Input.ClientId?.Trim(), Input.DisplayName?.Trim(), Input.IsPublic,
            Lines(Input.RedirectUris), Lines(Input.PostLogoutRedirectUris), Input.Scopes, Input.GrantTypes);
        if (!validation.Check(request, ModelState)) return Page();
        var answer = await api.RegisterClientAsync(request, cancellationToken);
        if (answer.Problem is { } problem)
        {
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"]);
            return Page();
        }
        if (answer.Value is { } issued)
        {
            SecretModel.Keep(TempData, issued);
            return Redirect("/clients/secret");
        }
        TempData.SetStatus(text["Clients.Registered", request.ClientId ?? ""]);
        return Redirect("/clients");
    }

    /// <summary>One URI a line, as typed in a textarea.</summary>
    public static List<string> Lines(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}

/// <summary>Rotation, confirmed first: the old secret stops working at once, so the app must be given the new one.</summary>
public sealed class RotateSecretModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : PageModel
{
    public ClientDto Client { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string clientId, CancellationToken cancellationToken)
    {
        var answer = await api.GetClientAsync(clientId, cancellationToken);
        if (answer.Value is null || answer.Value.IsPublic) return NotFound();
        Client = answer.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string clientId, CancellationToken cancellationToken)
    {
        var answer = await api.RotateClientSecretAsync(clientId, cancellationToken);
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem)
        {
            TempData.SetStatus(problem.Detail ?? text["Form.Failed"], failed: true);
            return Redirect(DetailModel.PathOf(clientId));
        }
        SecretModel.Keep(TempData, answer.Value!);
        return Redirect("/clients/secret");
    }
}

/// <summary>
/// Shows a new client secret exactly once: it crosses the redirect in the encrypted, read-once TempData cookie and is
/// gone when this page has been shown (the API never shows it again either).
/// </summary>
public sealed class SecretModel : PageModel
{
    private const string ClientIdKey = "harmony.secret.client";
    private const string SecretKey = "harmony.secret.value";

    public ClientSecretIssued? Issued { get; private set; }

    public static void Keep(ITempDataDictionary tempData, ClientSecretIssued issued)
    {
        tempData[ClientIdKey] = issued.ClientId;
        tempData[SecretKey] = issued.ClientSecret;
    }

    public void OnGet()
    {
        if (TempData[ClientIdKey] is string clientId && TempData[SecretKey] is string secret)
        {
            Issued = new ClientSecretIssued(clientId, secret);
        }
    }
}

public sealed class ClientInput
{
    public string? ClientId { get; set; }

    public string? DisplayName { get; set; }

    public bool IsPublic { get; set; }

    public string? RedirectUris { get; set; }

    public string? PostLogoutRedirectUris { get; set; }

    public List<string> Scopes { get; set; } = ["openid", "profile", "email", "offline_access"];

    public List<string> GrantTypes { get; set; } = ["authorization_code", "refresh_token"];
}
