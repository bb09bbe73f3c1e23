using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;

namespace Fabriques.Gateway.Authentication;

/// <summary>
/// <c>POST /dev/token</c>, Development only: a signed token with the roles asked for, so a frontend team can try
/// every role without an identity provider. Outside Development the route is not mapped at all.
/// </summary>
public static class DevTokenEndpoint
{
    public const string Path = "/dev/token";

    /// <summary><see cref="Regions"/>: INSEE codes of the régions an instructeur works for; none makes a national instructeur.</summary>
    public sealed record Request(string? Sub, string? Name, string? Email, string[]? Roles, string[]? Regions = null);

    public sealed record Response(string AccessToken, int ExpiresIn);

    public static WebApplication MapDevTokens(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            return app;
        }

        app.MapPost(Path, (Request request, DevelopmentTokens tokens) =>
        {
            var roles = request.Roles ?? [];
            var regions = request.Regions ?? [];
            var errors = new ValidationErrors()
                .AddIf(string.IsNullOrWhiteSpace(request.Sub) || request.Sub.Length > 200, "sub", "L'identifiant (sub) est obligatoire, 200 caractères au plus.")
                .AddIf(roles.Length == 0, "roles", "Indiquez au moins un rôle.")
                .AddIf(roles.Any(r => !Roles.All.Contains(r)), "roles", $"Rôles possibles : {string.Join(", ", Roles.All)}.")
                .AddIf(regions.Any(r => r is not [>= '0' and <= '9', >= '0' and <= '9']), "regions",
                    "Un code de région INSEE a deux chiffres (44 pour le Grand Est, 93 pour Provence-Alpes-Côte d'Azur).")
                .AddIf(regions.Length > 0 && !roles.Contains(Roles.Instructeur), "regions", "Seul un instructeur est rattaché à des régions.");
            if (!errors.IsEmpty)
            {
                return errors.ToProblem();
            }
            var token = tokens.Issue(request.Sub!, request.Name, request.Email, roles.Distinct(), regions.Distinct());
            return TypedResults.Ok(new Response(token, (int)DevelopmentTokens.Lifetime.TotalSeconds));
        }).AllowAnonymous();
        return app;
    }
}
