using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Gateway.Authentication;

/// <summary>
/// The development issuer, Development only: <c>POST /dev/token</c> signs a token with the roles asked for, so a
/// frontend team can try every role without an identity provider, and the issuer's OpenID Connect discovery
/// (<c>/.well-known/openid-configuration</c>, <c>/.well-known/jwks.json</c>) gives the services its public key.
/// Outside Development none of it exists: no key is made, no route mapped.
/// </summary>
public static class DevTokenEndpoint
{
    public const string Path = "/dev/token";

    /// <summary>
    /// <see cref="Regions"/>: INSEE codes of the régions an instructeur works for; none makes a national instructeur.
    /// <see cref="Email"/>: the address the token proves, as a real provider's verified <c>email</c>; by default
    /// <c>{sub}@example.org</c>, since a porteur's candidature may only name the address their token proves.
    /// </summary>
    public sealed record Request(string? Sub, string? Name, string? Email, string[]? Roles, string[]? Regions = null);

    public sealed record Response(string AccessToken, int ExpiresIn);

    /// <summary>The issuer's key pair, made at start; with no <c>Jwt:Authority</c> the gateway verifies tokens with it.</summary>
    public static WebApplicationBuilder AddDevelopmentIssuer(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddSingleton(builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings());
            builder.Services.AddSingleton<DevelopmentTokens>();
        }
        return builder;
    }

    public static WebApplication MapDevTokens(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        app.MapDevelopmentIssuer();
        app.MapPost(Path, (Request request, DevelopmentTokens tokens) =>
        {
            var roles = request.Roles ?? [];
            var regions = request.Regions ?? [];
            var email = request.Email ?? $"{request.Sub}@example.org";
            var errors = new ValidationErrors()
                .AddIf(string.IsNullOrWhiteSpace(request.Sub) || request.Sub.Length > 200, "sub", "L'identifiant (sub) est obligatoire, 200 caractères au plus.")
                .AddIf(!string.IsNullOrWhiteSpace(request.Sub) && !IsEmail(email), "email",
                    "L'adresse e-mail n'est pas valide (par exemple camille@tiers-lieu.fr) : sans email, le sub doit pouvoir précéder @example.org.")
                .AddIf(roles.Length == 0, "roles", "Indiquez au moins un rôle.")
                .AddIf(roles.Any(r => !Roles.All.Contains(r)), "roles", $"Rôles possibles : {string.Join(", ", Roles.All)}.")
                .AddIf(regions.Any(r => r is not [>= '0' and <= '9', >= '0' and <= '9']), "regions",
                    "Un code de région INSEE a deux chiffres (44 pour le Grand Est, 93 pour Provence-Alpes-Côte d'Azur).")
                .AddIf(regions.Length > 0 && !roles.Contains(Roles.Instructeur), "regions", "Seul un instructeur est rattaché à des régions.");
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }
            var token = tokens.Issue(request.Sub!, request.Name, email, roles.Distinct(), regions.Distinct());
            return TypedResults.Ok(new Response(token, (int)DevelopmentTokens.Lifetime.TotalSeconds));
        }).AllowAnonymous();
        return app;
    }

    private static bool IsEmail(string value) =>
        value.Length <= 254 && System.Net.Mail.MailAddress.TryCreate(value, out var address) && address.Address == value;
}
