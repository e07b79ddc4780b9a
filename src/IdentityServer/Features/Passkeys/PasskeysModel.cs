using Harmony.Identity.Server.Features.SignIn;
using Harmony.Identity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.Passkeys;

/// <summary>
/// The employee's passkeys (decision 0030): create one (the browser's <c>navigator.credentials.create()</c>, user
/// verification required), rename and remove them. Needs the session; a change needs a recent sign-in
/// (<see cref="PasskeyOptions.RecentSignInMinutes"/>), otherwise the password is asked again first. With <c>offer</c>,
/// the same page is the offer after a password sign-in under the company policy <c>Passkey</c>, with "later".
/// </summary>
[Authorize(AuthenticationSchemes = "Identity.Application")]
public sealed class PasskeysModel(
    UserManager<HarmonyUser> users,
    SignInManager<HarmonyUser> signIn,
    EmployeePasskeys passkeys,
    PasskeyAvailability availability,
    PasswordSignIn passwords,
    SignInSession session,
    IOptions<PasskeyOptions> options,
    TimeProvider time) : PageModel
{
    /// <summary>Where the offer goes on to (the app's request); only a local URL is ever used.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>True when the page is the offer after a password sign-in.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Offer { get; set; }

    /// <summary>What the last change was (<c>added</c>, <c>renamed</c>, <c>removed</c>), for the status line.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    [BindProperty]
    public string? Credential { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Id { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public IReadOnlyList<PasskeyView> List { get; private set; } = [];

    public string? MessageKey { get; private set; }

    /// <summary>The passkey a rename was refused for, so its field shows the message.</summary>
    public string? MessageFor { get; private set; }

    public bool Available => availability.Available;

    public bool RecentSignIn { get; private set; }

    public int MaxNameLength => EmployeePasskeys.MaxNameLength;

    public string? LocalReturnUrl => LocalUrl.OrNull(ReturnUrl);

    public string? DoneKey => Done switch
    {
        "added" => "Passkeys.Done.Added",
        "renamed" => "Passkeys.Done.Renamed",
        "removed" => "Passkeys.Done.Removed",
        "confirmed" => "Passkeys.Done.Confirmed",
        _ => null,
    };

    public async Task<IActionResult> OnGetAsync() => await ShowAsync(null);

    /// <summary>The creation options for this employee (their ID, login ID and name; their passkeys excluded), as JSON.</summary>
    public async Task<IActionResult> OnPostCreationOptionsAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!Available || !IsRecent()) return StatusCode(StatusCodes.Status403Forbidden);
        var entity = new PasskeyUserEntity { Id = user.Id.ToString(), Name = user.UserName ?? "", DisplayName = user.DisplayName };
        return Content(await signIn.MakePasskeyCreationOptionsAsync(entity), "application/json");
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!IsRecent()) return await ShowAsync("Passkeys.ConfirmFirst");
        if (string.IsNullOrEmpty(Credential) || Credential.Length > PasskeySignIn.MaxCredentialLength) return await ShowAsync("Passkeys.CreateFailed");

        PasskeyAttestationResult attestation;
        try
        {
            attestation = await signIn.PerformPasskeyAttestationAsync(Credential);
        }
        catch (InvalidOperationException)
        {
            // No creation options were given to this browser, or they were used already.
            return await ShowAsync("Passkeys.CreateFailed");
        }
        if (!attestation.Succeeded || attestation.UserEntity.Id != user.Id.ToString()) return await ShowAsync("Passkeys.CreateFailed");

        return await passkeys.AddAsync(user, attestation.Passkey, Name, cancellationToken) switch
        {
            PasskeyChange.Done => Redirect(Routes.PasskeysWith(LocalReturnUrl, Offer, "added")),
            PasskeyChange.TooMany => await ShowAsync("Passkeys.TooMany"),
            _ => await ShowAsync("Passkeys.NameInvalid"),
        };
    }

    public async Task<IActionResult> OnPostRenameAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!IsRecent()) return await ShowAsync("Passkeys.ConfirmFirst");
        return await passkeys.RenameAsync(user, Id ?? "", Name, cancellationToken) switch
        {
            PasskeyChange.Done => Redirect(Routes.PasskeysWith(LocalReturnUrl, Offer, "renamed")),
            PasskeyChange.BadName => await ShowAsync("Passkeys.NameInvalid", Id),
            _ => await ShowAsync("Passkeys.NotFound"),
        };
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!IsRecent()) return await ShowAsync("Passkeys.ConfirmFirst");
        return await passkeys.RemoveAsync(user, Id ?? "", cancellationToken) == PasskeyChange.Done
            ? Redirect(Routes.PasskeysWith(LocalReturnUrl, Offer, "removed"))
            : await ShowAsync("Passkeys.NotFound");
    }

    /// <summary>The password again, when the session's sign-in is not recent: the same checks, limits and audit as the login page.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var password = Password ?? "";
        Password = null;
        if (password.Length == 0) return await ShowAsync("Error.Required");

        var result = await passwords.CheckAsync(user.UserName ?? "", password, clientId: null, cancellationToken: cancellationToken);
        if (result.Status != PasswordSignInStatus.Succeeded)
        {
            return await ShowAsync(result.Status switch
            {
                PasswordSignInStatus.Locked => "Error.Locked",
                PasswordSignInStatus.TooManyAttempts => "Error.TooManyAttempts",
                _ => "Error.InvalidCredentials",
            });
        }
        // The session's methods stay, the password joins them, and auth_time is now.
        var methods = User.FindAll("amr").Select(c => c.Value).Append(AuthenticationMethods.Password);
        await session.CompleteAsync(HttpContext, user, methods, returnUrl: null, auditDetail: "confirmed on the passkeys page");
        return Redirect(Routes.PasskeysWith(LocalReturnUrl, Offer, "confirmed"));
    }

    private bool IsRecent() => SignInSession.IsRecent(User, time.GetUtcNow(), TimeSpan.FromMinutes(options.Value.RecentSignInMinutes));

    private async Task<IActionResult> ShowAsync(string? messageKey, string? messageFor = null)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        MessageKey = messageKey;
        MessageFor = messageFor;
        if (messageKey is not null) Done = null;
        RecentSignIn = IsRecent();
        List = await passkeys.ListAsync(user);
        return Page();
    }
}
