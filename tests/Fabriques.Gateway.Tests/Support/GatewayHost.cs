using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Fabriques.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Fabriques.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Fabriques.Gateway.Tests.Support;

/// <summary>
/// The real gateway on a real Kestrel (its limits, headers and client addresses are Kestrel's), every cluster
/// pointing at one <see cref="Backend"/>, with the environment and settings a test needs on top of appsettings.
/// </summary>
public class GatewayHost(string environment, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>, IAsyncLifetime
{
    private static readonly string[] Clusters = ["directory", "candidature", "grants", "notification"];

    public Backend Backend { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Backend = await Backend.StartAsync();
        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        StartServer();
        Address = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        if (environment != "Development")
        {
            // Outside Development the gateway has no issuer of its own: the tests' identity provider is its Authority.
            builder.UseSetting("Jwt:Authority", TestIssuer.Authority.ToString());
            builder.UseSetting("Jwt:RequireHttpsMetadata", "false");
        }
        foreach (var cluster in Clusters)
        {
            builder.UseSetting($"ReverseProxy:Clusters:{cluster}:Destinations:{cluster}:Address", Backend.Address.ToString());
        }
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// A client of the gateway connecting from <paramref name="clientAddress"/> (any 127.x.y.z is this machine), as
    /// <paramref name="subject"/> when given, anonymous otherwise.
    /// </summary>
    public HttpClient Client(string? subject = null, string clientAddress = "127.0.0.1")
    {
        var source = new IPEndPoint(IPAddress.Parse(clientAddress), 0);
        var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(source);
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        })
        { BaseAddress = Address };
        if (subject is not null)
        {
            // In Development the gateway verifies with its own issuer's key, elsewhere with the tests' issuer's.
            var tokens = Services.GetService<DevelopmentTokens>() ?? TestIssuer.Tokens;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Bearer", tokens.Issue(subject, subject, $"{subject}@example.org", [Roles.Porteur]));
        }
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Backend.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
