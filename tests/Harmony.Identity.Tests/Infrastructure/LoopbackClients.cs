using System.Net.Sockets;

namespace Harmony.Identity.Tests.Infrastructure;

/// <summary>Browsers of a server started over Kestrel (<see cref="BrowserIdentityServer"/>) that come from chosen client addresses.</summary>
public static class LoopbackClients
{
    /// <summary>A browser whose connections come from <paramref name="local"/> (any 127.x address is the loopback on Linux).</summary>
    public static HttpClient From(Uri baseUrl, IPAddress local) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(local, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    {
        BaseAddress = baseUrl,
    };
}
