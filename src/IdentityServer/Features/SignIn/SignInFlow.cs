namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The order of a sign-in, returned step by step as a <see cref="SignInStep"/>: the password; then the email code
/// (when the company asks for it and this browser is not remembered); then the conversion (temporary credentials);
/// then the session. The pages only ask what comes next; none of them knows the order.
/// </summary>
public sealed class SignInFlow(
    PasswordSignIn passwords,
    PasskeySignIn passkeys,
    PasskeyOffer passkeyOffer,
    SignInAttemptThrottle throttle,
    EmailSecondFactor secondFactor,
    RememberedBrowsers rememberedBrowsers,
    SignInSession session,
    HarmonyDbContext db,
    AuditLog audit,
    HarmonyMetrics metrics)
{
    /// <summary>The login form (FAQ Q1, Q2, Q3, Q11).</summary>
    public async Task<SignInStep> PasswordAsync(HttpContext context, string loginId, string password, string? returnUrl,
        CancellationToken cancellationToken = default)
    {
        var result = await passwords.CheckAsync(loginId, password, SignInSession.ClientIdOf(returnUrl), returnUrl, cancellationToken);
        metrics.SignIn(result.Status);
        return await StepOfAsync(context, result, () => AfterPasswordAsync(context, result.User!, result.Policy!, returnUrl));
    }

    /// <summary>
    /// The login page's "sign in with a passkey" (decision 0030): an accepted passkey with user verification is both
    /// factors in every mode, so it goes straight to the conversion or the session, past the same gate as a password.
    /// </summary>
    public async Task<SignInStep> PasskeyAsync(HttpContext context, string? credentialJson, string? returnUrl,
        CancellationToken cancellationToken = default)
    {
        var verdict = await passkeys.CheckAsync(credentialJson, SignInSession.ClientIdOf(returnUrl), cancellationToken);
        var result = verdict.Result;
        metrics.SignIn(result.Status);
        if (verdict.Method is null && result.Status != PasswordSignInStatus.TooManyAttempts) return new SignInStep.Refused("Passkey.NotAccepted");
        return await StepOfAsync(context, result, () => AfterSecondFactorAsync(context, result.User!,
            [verdict.Method!, AuthenticationMethods.MultiFactor], returnUrl, EmployeePasskeys.PasskeyDetail + verdict.Fingerprint));
    }

    private async Task<SignInStep> StepOfAsync(HttpContext context, PasswordSignInResult result, Func<Task<SignInStep>> succeeded)
    {
        return result.Status switch
        {
            PasswordSignInStatus.Succeeded or PasswordSignInStatus.MustConvert => await succeeded(),
            PasswordSignInStatus.CompanyUnavailable => new SignInStep.FailedToConnect(result.ReferenceCode!),
            PasswordSignInStatus.Locked => new SignInStep.Refused("Error.Locked"),
            PasswordSignInStatus.TemporaryExpired => await ExpiredAsync(context, result.User!),
            PasswordSignInStatus.TooManyAttempts => new SignInStep.Refused("Error.TooManyAttempts", throttle.RetryAfter),
            _ => new SignInStep.Refused("Error.InvalidCredentials"),
        };
    }

    /// <summary>The code page (FAQ Q4). <paramref name="rememberDays"/> is 0 unless the person asked to remember this browser and may.</summary>
    public async Task<SignInStep> CodeAsync(HttpContext context, PendingSignIn pending, string? code, int rememberDays, string? returnUrl,
        CancellationToken cancellationToken = default)
    {
        var (user, methods, challengeId) = pending;
        switch (await secondFactor.VerifyAsync(user, challengeId, code, cancellationToken))
        {
            case CodeCheck.Accepted:
                audit.Add(AuditEvents.SecondFactorSucceeded, user, clientId: SignInSession.ClientIdOf(returnUrl));
                await db.SaveChangesAsync(cancellationToken);
                if (rememberDays > 0) rememberedBrowsers.Remember(context, user, rememberDays);
                return await AfterSecondFactorAsync(context, user,
                    [.. methods, AuthenticationMethods.OneTimePassword, AuthenticationMethods.MultiFactor], returnUrl);
            case CodeCheck.Exhausted:
                await session.CancelPendingAsync(context);
                return new SignInStep.Restart(LoginNotices.CodeExhausted);
            case CodeCheck.NoChallenge:
                return await AbandonAsync(context);
            case CodeCheck.Expired:
                return new SignInStep.Refused("Mfa.CodeExpired");
            default:
                return new SignInStep.Refused("Mfa.CodeWrong");
        }
    }

    /// <summary>After the first-sign-in page has set permanent credentials (FAQ Q10): the session.</summary>
    public async Task<SignInStep> ConvertedAsync(HttpContext context, PendingSignIn pending, string? returnUrl)
    {
        await session.CompleteAsync(context, pending.User, pending.Methods, returnUrl);
        return await passkeyOffer.DueAsync(pending.User, pending.Methods) ? new SignInStep.OfferPasskey() : new SignInStep.Complete();
    }

    /// <summary>The challenge is gone on the server: this copy of the pending cookie is worth nothing, so drop it.</summary>
    public async Task<SignInStep> AbandonAsync(HttpContext context)
    {
        await session.CancelPendingAsync(context);
        return new SignInStep.Restart();
    }

    /// <summary>The proof of the right temporary password that the expired-credentials page asks for; no session.</summary>
    private async Task<SignInStep> ExpiredAsync(HttpContext context, HarmonyUser user)
    {
        await session.StartPendingAsync(context, user, PendingStep.TemporaryExpired, [AuthenticationMethods.Password]);
        return new SignInStep.TemporaryExpired();
    }

    private async Task<SignInStep> AfterPasswordAsync(HttpContext context, HarmonyUser user, CompanyPolicy policy, string? returnUrl)
    {
        string[] methods = [AuthenticationMethods.Password];
        // Under Passkey the password path works as Email (the passkey is offered once the session is open).
        if (policy.SecondFactor is SecondFactorMode.Email or SecondFactorMode.Passkey && !rememberedBrowsers.IsRemembered(context, user))
        {
            var challenge = await secondFactor.StartAsync(user, SupportedCultures.Of());
            if (challenge.Result == CodeIssue.LimitReached) return new SignInStep.Restart(LoginNotices.CodeLimit);
            // Without a challenge (restricted address) the code page only says what to do next.
            await session.StartPendingAsync(context, user, PendingStep.SecondFactor, methods, challenge.ChallengeId);
            return new SignInStep.SecondFactor();
        }
        return await AfterSecondFactorAsync(context, user, methods, returnUrl);
    }

    private async Task<SignInStep> AfterSecondFactorAsync(HttpContext context, HarmonyUser user, IReadOnlyList<string> methods, string? returnUrl,
        string? auditDetail = null)
    {
        if (user.CredentialKind == CredentialKind.Temporary)
        {
            await session.StartPendingAsync(context, user, PendingStep.Conversion, methods);
            return new SignInStep.Conversion();
        }
        await session.CompleteAsync(context, user, methods, returnUrl, auditDetail);
        return await passkeyOffer.DueAsync(user, methods) ? new SignInStep.OfferPasskey() : new SignInStep.Complete();
    }
}
