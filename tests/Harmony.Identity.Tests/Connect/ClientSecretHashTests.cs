using System.Security.Cryptography;
using Harmony.Identity.Server.Connect;

namespace Harmony.Identity.Tests.Connect;

/// <summary>The stored form of client secrets (decision 0017): a keyed hash that checks only the right secret under the right key.</summary>
public sealed class ClientSecretHashTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Test]
    public void AStoredSecret_VerifiesOnlyTheSameSecret_UnderTheSameKey_AndNeverHoldsIt()
    {
        const string secret = "a-long-random-client-secret-0123456789";
        var stored = ClientSecretHash.Create(secret, Key);

        Assert.Multiple(() =>
        {
            Assert.That(ClientSecretHash.Verify(secret, stored, Key), Is.True);
            Assert.That(ClientSecretHash.Verify(secret + "x", stored, Key), Is.False);
            Assert.That(ClientSecretHash.Verify(secret, stored, RandomNumberGenerator.GetBytes(32)), Is.False, "another server key");
            Assert.That(stored, Does.Not.Contain(secret));
            Assert.That(ClientSecretHash.Create(secret, Key), Is.Not.EqualTo(stored), "a new salt each time");
        });
    }

    [TestCase("")]
    [TestCase("hmac-sha256$")]
    [TestCase("hmac-sha256$$")]
    [TestCase("hmac-sha256$not base64$AAAA")]
    [TestCase("hmac-sha256$AAAAAAAAAAAAAAAAAAAAAA==")]
    [TestCase("hmac-sha256$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [TestCase("hmac-sha256$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    [TestCase("AQAAAAEAACcQAAAAEA==")]
    public void ADamagedOrForeignStoredValue_VerifiesNothing_AndDoesNotThrow(string stored)
    {
        Assert.That(ClientSecretHash.Verify("any-secret", stored, Key), Is.False);
    }
}
