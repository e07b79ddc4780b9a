using Harmony.Identity.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The pages of the sign-in wing (login, code, first sign-in): the return URL they hand on, the message they show,
/// and <see cref="Next"/>, the one place where a <see cref="SignInStep"/> becomes a response.
/// </summary>
public abstract class SignInPageModel : PageModel
{
    /// <summary>Where the sign-in goes back to: usually the authorization request that sent the person here.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The key of the message the page shows, if any (<c>Error.Locked</c>, <c>Mfa.CodeWrong</c>…).</summary>
    public string? MessageKey { get; protected set; }

    public bool IsError { get; protected set; }

    protected IActionResult Next(SignInStep step)
    {
        switch (step)
        {
            case SignInStep.SecondFactor:
                return Redirect(Routes.VerifyCodeWith(ReturnUrl));
            case SignInStep.AuthenticatorCode:
                return Redirect(Routes.AuthenticatorCodeWith(ReturnUrl));
            case SignInStep.EnrolAuthenticator:
                return Redirect(Routes.EnrolAuthenticatorWith(ReturnUrl));
            case SignInStep.Conversion:
                return Redirect(Routes.FirstSignInWith(ReturnUrl));
            case SignInStep.TemporaryExpired:
                return Redirect(Routes.TemporaryExpiredWith(ReturnUrl));
            case SignInStep.Complete:
                // The shared local-URL check (never an open redirect); home is app-relative, under any path base.
                return LocalRedirect(LocalUrl.IsLocal(ReturnUrl) ? ReturnUrl! : "~" + Routes.Home);
            case SignInStep.OfferPasskey:
                return Redirect(Routes.PasskeysWith(LocalUrl.OrNull(ReturnUrl), offer: true));
            case SignInStep.Restart restart:
                return Redirect(Routes.LoginWith(ReturnUrl, restart.Notice));
            case SignInStep.FailedToConnect failed:
                return Redirect(Routes.FailedToConnectWith(failed.ReferenceCode));
            case SignInStep.Refused refused:
                if (refused.RetryAfter is { } wait)
                {
                    Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                return Show(refused.MessageKey, error: true);
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "A sign-in step without a response.");
        }
    }

    protected PageResult Show(string messageKey, bool error)
    {
        MessageKey = messageKey;
        IsError = error;
        return Page();
    }
}
