namespace Harmony.Identity.Admin.Features.Clients;

/// <summary>A page about one app, read from the API on every request (operators only, by folder convention).</summary>
public abstract class ClientPageModel(AdminApiClient api) : PageModel
{
    public ClientDto Client { get; private set; } = null!;

    protected AdminApiClient Api => api;

    protected async Task<bool> LoadAsync(string clientId, CancellationToken cancellationToken)
    {
        var answer = await api.GetClientAsync(clientId, cancellationToken);
        if (answer.Value is null) return false;
        Client = answer.Value;
        return true;
    }

    public virtual async Task<IActionResult> OnGetAsync(string clientId, CancellationToken cancellationToken) =>
        await LoadAsync(clientId, cancellationToken) ? Page() : NotFound();

    /// <summary>Shows the app with what happened: the API's sentence, or its refusal.</summary>
    protected IActionResult Done(string clientId, ApiProblem? problem, string message, IStringLocalizer<SharedResource> text)
    {
        if (problem is { IsNotFound: true }) return NotFound();
        if (problem is not null) TempData.SetStatus(problem.Detail ?? text["Form.Failed"], failed: true);
        else TempData.SetStatus(message);
        return Redirect(DetailModel.PathOf(clientId));
    }
}

/// <summary>One app: its settings, status and last use; enabling it again needs no confirmation (disabling does).</summary>
public sealed class DetailModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : ClientPageModel(api)
{
    public static string PathOf(string clientId) => "/clients/" + Uri.EscapeDataString(clientId);

    public async Task<IActionResult> OnPostEnableAsync(string clientId, CancellationToken cancellationToken)
    {
        var answer = await Api.SetClientDisabledAsync(clientId, false, cancellationToken);
        return Done(clientId, answer.Problem, answer.Value?.Outcome ?? text["Action.Done"], text);
    }
}

/// <summary>Edits an app's display name, redirect URIs and post-logout redirect URIs.</summary>
public sealed class EditModel(AdminApiClient api, FormValidation validation, IStringLocalizer<SharedResource> text) : ClientPageModel(api)
{
    [BindProperty]
    public ClientEditInput Input { get; set; } = new();

    public override async Task<IActionResult> OnGetAsync(string clientId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(clientId, cancellationToken)) return NotFound();
        Input.DisplayName = Client.DisplayName == Client.ClientId ? "" : Client.DisplayName;
        Input.RedirectUris = string.Join('\n', Client.RedirectUris);
        Input.PostLogoutRedirectUris = string.Join('\n', Client.PostLogoutRedirectUris);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string clientId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(clientId, cancellationToken)) return NotFound();
        var request = new UpdateClientRequest(Input.DisplayName?.Trim() ?? "",
            RegisterModel.Lines(Input.RedirectUris), RegisterModel.Lines(Input.PostLogoutRedirectUris));
        if (!validation.Check(request, ModelState)) return Page();
        var answer = await Api.UpdateClientAsync(clientId, request, cancellationToken);
        if (answer.Problem is { IsNotFound: true }) return NotFound();
        if (answer.Problem is { } problem)
        {
            FormValidation.AddProblem(ModelState, problem, text["Form.Failed"]);
            return Page();
        }
        TempData.SetStatus(text["ClientManage.Saved", clientId]);
        return Redirect(DetailModel.PathOf(clientId));
    }
}

/// <summary>Disabling, confirmed on its own page: the app's sign-ins and token requests are refused at once.</summary>
public sealed class DisableModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : ClientPageModel(api)
{
    public async Task<IActionResult> OnPostAsync(string clientId, CancellationToken cancellationToken)
    {
        var answer = await Api.SetClientDisabledAsync(clientId, true, cancellationToken);
        return Done(clientId, answer.Problem, answer.Value?.Outcome ?? text["Action.Done"], text);
    }
}

/// <summary>Deleting, confirmed on its own page: the app, its tokens and its authorizations go for good.</summary>
public sealed class DeleteModel(AdminApiClient api, IStringLocalizer<SharedResource> text) : ClientPageModel(api)
{
    public async Task<IActionResult> OnPostAsync(string clientId, CancellationToken cancellationToken)
    {
        var answer = await Api.DeleteClientAsync(clientId, cancellationToken);
        if (answer.Problem is not null) return Done(clientId, answer.Problem, "", text);
        TempData.SetStatus(text["ClientManage.Deleted", clientId]);
        return Redirect("/clients");
    }
}

public sealed class ClientEditInput
{
    public string? DisplayName { get; set; }

    public string? RedirectUris { get; set; }

    public string? PostLogoutRedirectUris { get; set; }
}
