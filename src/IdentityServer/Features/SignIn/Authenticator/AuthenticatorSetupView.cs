namespace Harmony.Identity.Server.Features.SignIn;

/// <summary>What <c>_AuthenticatorSetup.cshtml</c> shows: the enrolment, and whether the last code typed was wrong.</summary>
public sealed record AuthenticatorSetupView(AuthenticatorEnrolment Enrolment, bool CodeWrong);
