using System.Net;
using Fabriques.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Fabriques.Testing;

/// <summary>
/// The tests' identity provider: one per test process, on a real port, publishing its OpenID Connect discovery and
/// JWKS as the gateway's development issuer does. Services under test fetch its public key like any other Authority's;
/// <see cref="Tokens"/> signs with its private key, which stays in the tests.
/// </summary>
public static class TestIssuer
{
    public static DevelopmentTokens Tokens { get; } = new(new JwtSettings(), TimeProvider.System);

    /// <summary>The e-mail address the tests' tokens prove for <paramref name="subject"/>.</summary>
    public static string EmailOf(string subject) => $"{subject}@example.org";

    /// <summary>The e-mail address <paramref name="client"/>'s bearer token proves.</summary>
    public static string EmailOf(HttpClient client) =>
        new JsonWebToken(client.DefaultRequestHeaders.Authorization!.Parameter).GetClaim(JwtRegisteredClaimNames.Email).Value;

    private static readonly Lazy<Uri> Started = new(Start);

    /// <summary>The issuer's base address, for <c>Jwt:Authority</c>; started the first time it is asked for.</summary>
    public static Uri Authority => Started.Value;

    private static Uri Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(Tokens);
        var app = builder.Build();
        app.MapDevelopmentIssuer();
        app.StartAsync().GetAwaiter().GetResult();
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }
}
