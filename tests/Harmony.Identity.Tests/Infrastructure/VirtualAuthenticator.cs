using System.Text.Json;
using Microsoft.Playwright;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>
/// Chromium's virtual authenticator on one page (DevTools' WebAuthn domain): a platform authenticator (CTAP2, internal
/// transport) that holds discoverable credentials and verifies the user, answering every ceremony by itself, as a
/// person touching the fingerprint reader would.
/// </summary>
public sealed class VirtualAuthenticator
{
    private readonly ICDPSession cdp;
    private readonly string id;

    private VirtualAuthenticator(ICDPSession cdp, string id)
    {
        this.cdp = cdp;
        this.id = id;
    }

    public static async Task<VirtualAuthenticator> AttachAsync(IPage page)
    {
        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["ctap2Version"] = "ctap2_1",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return new VirtualAuthenticator(cdp, added!.Value.GetProperty("authenticatorId").GetString()!);
    }

    /// <summary>How many credentials the authenticator holds now.</summary>
    public async Task<int> CredentialCountAsync()
    {
        var answer = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = id });
        return answer!.Value.GetProperty("credentials").GetArrayLength();
    }
}
