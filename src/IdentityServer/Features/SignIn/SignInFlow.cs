namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>
/// The order of a sign-in, returned step by step as a <see cref="SignInStep"/>: the password; then the email code or the
/// authenticator app's code (when the company asks for one and this browser is not remembered); then, when the
/// company asks for the authenticator and none is set up, its enrolment (decision 0029); then the conversion (temporary credentials);
/// then the session. The pages only ask what comes next; none of them knows the order.
/// </summary>
public sealed class SignInFlow(
    PasswordSignIn passwords,
    PasskeySignIn passkeys,
    PasskeyOffer passkeyOffer,
    SignInAttemptThrottle throttle,
    EmailSecondFactor secondFactor,
    AuthenticatorSignIn authenticator,
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
        // A passkey names no login ID: its own words when its attempts (per credential or per address) are used up.
        if (result.Status == PasswordSignInStatus.TooManyAttempts) return new SignInStep.Refused("Passkey.TooManyAttempts", throttle.RetryAfter);
        if (verdict.Method is null) return new SignInStep.Refused("Passkey.NotAccepted");
        return await StepOfAsync(context, result, () => AfterSecondFactorAsync(context, result.User!,
            [verdict.Method!, AuthenticationMethods.MultiFactor], returnUrl, EmployeePasskeys.PasskeyDetail + verdict.Fingerprint, result.Policy));
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
        switch (await secondFactor.VerifyAsync(pending.User, pending.ChallengeId, code, cancellationToken))
        {
            case CodeCheck.Accepted:
                return await PassedAsync(context, pending, reason: null, rememberDays, returnUrl, cancellationToken);
            case CodeCheck.Exhausted:
                return await ExhaustedAsync(context);
            case CodeCheck.NoChallenge:
                return await AbandonAsync(context);
            case CodeCheck.Expired:
                return new SignInStep.Refused("Mfa.CodeExpired");
            default:
                return new SignInStep.Refused("Mfa.CodeWrong");
        }
    }

    /// <summary>The authenticator code page (decision 0029): a code from the app, or one of the recovery codes.</summary>
    public async Task<SignInStep> AuthenticatorCodeAsync(HttpContext context, PendingSignIn pending, string? code, bool recoveryCode,
        int rememberDays, string? returnUrl, CancellationToken cancellationToken = default)
    {
        switch (await authenticator.VerifyAsync(pending.User, pending.ChallengeId, code, recoveryCode, cancellationToken))
        {
            case CodeCheck.Accepted:
                return await PassedAsync(context, pending,
                    recoveryCode ? AuthenticatorAuditEvents.RecoveryCodeReason : AuthenticatorAuditEvents.AuthenticatorReason,
                    rememberDays, returnUrl, cancellationToken);
            case CodeCheck.Exhausted:
                return await ExhaustedAsync(context);
            case CodeCheck.Wrong:
                return new SignInStep.Refused(recoveryCode ? "Totp.RecoveryWrong" : "Totp.CodeWrong");
            default:
                return await AbandonAsync(context);
        }
    }

    /// <summary>After the enrolment during sign-in (decision 0029): on to the conversion or the session.</summary>
    public Task<SignInStep> EnrolledAsync(HttpContext context, PendingSignIn pending, string? returnUrl) =>
        AfterSecondFactorAsync(context, pending.User, pending.Methods, returnUrl);

    /// <summary>After the first-sign-in page has set permanent credentials (FAQ Q10): the session.</summary>
    public async Task<SignInStep> ConvertedAsync(HttpContext context, PendingSignIn pending, string? returnUrl)
    {
        await session.CompleteAsync(context, pending.User, pending.Methods, returnUrl);
        var policy = await db.PolicyOfAsync(pending.User.CompanyId);
        return await passkeyOffer.DueAsync(pending.User, policy, pending.Methods) ? new SignInStep.OfferPasskey() : new SignInStep.Complete();
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

    /// <summary>A second factor passed (an email or app code, a recovery code): audited, the browser remembered if asked, on.</summary>
    private async Task<SignInStep> PassedAsync(HttpContext context, PendingSignIn pending, string? reason, int rememberDays,
        string? returnUrl, CancellationToken cancellationToken)
    {
        audit.Add(AuditEvents.SecondFactorSucceeded, pending.User, reason, clientId: SignInSession.ClientIdOf(returnUrl));
        await db.SaveChangesAsync(cancellationToken);
        if (rememberDays > 0) rememberedBrowsers.Remember(context, pending.User, rememberDays);
        return await AfterSecondFactorAsync(context, pending.User,
            [.. pending.Methods, AuthenticationMethods.OneTimePassword, AuthenticationMethods.MultiFactor], returnUrl);
    }

    /// <summary>The fifth wrong code voided the challenge: back to the login page, which says why.</summary>
    private async Task<SignInStep> ExhaustedAsync(HttpContext context)
    {
        await session.CancelPendingAsync(context);
        return new SignInStep.Restart(LoginNotices.CodeExhausted);
    }

    private async Task<SignInStep> AfterPasswordAsync(HttpContext context, HarmonyUser user, CompanyPolicy policy, string? returnUrl)
    {
        string[] methods = [AuthenticationMethods.Password];
        var route = await authenticator.RouteAsync(user, policy);
        var remembered = rememberedBrowsers.IsRemembered(context, user);
        if (route == SecondFactorRoute.Authenticator && !remembered)
        {
            await session.StartPendingAsync(context, user, PendingStep.AuthenticatorCode, methods, await authenticator.OpenChallengeAsync(user));
            return new SignInStep.AuthenticatorCode();
        }
        // Under Passkey the password path works as Email (the passkey is offered once the session is open).
        // Before an authenticator is bound, an email code proves the mailbox where one can be sent (decision 0029).
        if ((route == SecondFactorRoute.Email || route == SecondFactorRoute.EnrolAuthenticator && await authenticator.CanMailCodeAsync(user)) && !remembered)
        {
            var challenge = await secondFactor.StartAsync(user, SupportedCultures.Of());
            if (challenge.Result == CodeIssue.LimitReached) return new SignInStep.Restart(LoginNotices.CodeLimit);
            // Without a challenge (restricted address) the code page only says what to do next.
            await session.StartPendingAsync(context, user, PendingStep.SecondFactor, methods, challenge.ChallengeId);
            return new SignInStep.SecondFactor();
        }
        return await AfterSecondFactorAsync(context, user, methods, returnUrl, policy: policy);
    }

    /// <param name="policy">The company's policy when the caller has read it already (the password and passkey paths), else read here once.</param>
    private async Task<SignInStep> AfterSecondFactorAsync(HttpContext context, HarmonyUser user, IReadOnlyList<string> methods, string? returnUrl,
        string? auditDetail = null, CompanyPolicy? policy = null)
    {
        policy ??= await db.PolicyOfAsync(user.CompanyId);
        // A passkey already is both factors: the authenticator the policy asks for is enrolled at the next password sign-in.
        if (!AuthenticationMethods.IncludePasskey(methods) && await authenticator.MustEnrolAsync(user, policy))
        {
            await session.StartPendingAsync(context, user, PendingStep.EnrolAuthenticator, methods);
            return new SignInStep.EnrolAuthenticator();
        }
        if (user.CredentialKind == CredentialKind.Temporary)
        {
            await session.StartPendingAsync(context, user, PendingStep.Conversion, methods);
            return new SignInStep.Conversion();
        }
        await session.CompleteAsync(context, user, methods, returnUrl, auditDetail);
        return await passkeyOffer.DueAsync(user, policy, methods) ? new SignInStep.OfferPasskey() : new SignInStep.Complete();
    }
}
