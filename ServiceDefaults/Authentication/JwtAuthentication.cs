using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Fabriques.ServiceDefaults.Authentication;

public static class JwtAuthentication
{
    public const string RoleClaim = "role";
    public const string NameClaim = "name";
    public const string SubjectClaim = "sub";

    /// <summary>INSEE code of a région an instructeur works for (repeatable); none: the instructeur is national.</summary>
    public const string RegionClaim = "region";

    /// <summary>Services store the subject as the owner of what it creates: longer ids are not ours.</summary>
    public const int MaxSubjectLength = 200;

    /// <summary>Asymmetric signatures only: no <c>none</c>, no HMAC, so no key that verifies can also sign.</summary>
    public static readonly IReadOnlyList<string> Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256];

    /// <summary>
    /// The fallback policy: an endpoint with neither an authorization requirement nor <c>AllowAnonymous</c> is refused to
    /// everyone (401, 403 with a token), so forgetting to say who may call a new route closes it instead of opening
    /// it. A path that matches no endpoint goes on to its 404, and the framework's rejection endpoints (405, or 415 for
    /// a body type a route does not accept) to their answer.
    /// </summary>
    public static readonly AuthorizationPolicy EveryEndpointSaysWhoMayCallIt = new AuthorizationPolicyBuilder()
        .RequireAssertion(context => context.Resource is HttpContext http && http.GetEndpoint() is null or
            { Metadata.Count: 0, DisplayName: "405 HTTP Method Not Supported" or "415 HTTP Unsupported Media Type" })
        .Build();

    /// <summary>
    /// Bearer tokens verified against the keys of <see cref="JwtSettings.Authority"/>, fetched from its JWKS. The
    /// gateway's development issuer, when registered (<see cref="DevelopmentTokens"/>, Development only), stands in
    /// for the Authority in the gateway itself. Without either the process does not start; nor with a symmetric key.
    /// </summary>
    public static IHostApplicationBuilder AddJwtAuthentication(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(JwtSettings.SectionName);
        if (!string.IsNullOrEmpty(section[JwtSettings.RefusedSymmetricKey]))
        {
            throw new InvalidOperationException(
                $"{JwtSettings.SectionName}:{JwtSettings.RefusedSymmetricKey} is configured: shared signing keys are refused, since any process holding one could mint a token. " +
                $"Remove it and set {JwtSettings.SectionName}:Authority to the OpenID Connect provider whose published keys sign the tokens.");
        }
        var settings = section.Get<JwtSettings>() ?? new JwtSettings();
        var development = builder.Environment.IsDevelopment();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false; // keep "sub" and "role" as issued
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberingTokenHandler { MapInboundClaims = false });
                options.Authority = string.IsNullOrWhiteSpace(settings.Authority) ? null : settings.Authority;
                options.RequireHttpsMetadata = settings.RequireHttpsMetadata ?? !development;
                if (development)
                {
                    // The development issuer makes a new key at each start: after a gateway restart, a token signed with
                    // an unknown key fetches the JWKS again at once rather than after the default 5 minutes.
                    options.RefreshInterval = TimeSpan.FromSeconds(1);
                }
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidAlgorithms = Algorithms,
                    ValidTypes = settings.TokenTypes,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    RoleClaimType = RoleClaim,
                    NameClaimType = NameClaim,
                };
                options.Events = new JwtBearerEvents
                {
                    // Every write records its author: a token without a usable subject cannot act here.
                    OnTokenValidated = context =>
                    {
                        var subject = context.Principal?.FindFirst(SubjectClaim)?.Value;
                        if (string.IsNullOrWhiteSpace(subject) || subject.Length > MaxSubjectLength)
                        {
                            context.Fail($"The token's subject is missing or longer than {MaxSubjectLength} characters.");
                        }
                        return Task.CompletedTask;
                    },
                };
            });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IServiceProvider>((options, services) =>
            {
                if (options.Authority is null && services.GetService<DevelopmentTokens>() is { } localIssuer)
                {
                    options.TokenValidationParameters.IssuerSigningKeys = localIssuer.PublicKeys.GetSigningKeys();
                }
            })
            .Validate(options => options.Authority is not null || options.TokenValidationParameters.IssuerSigningKeys is not null,
                $"{JwtSettings.SectionName}:Authority is required: the OpenID Connect provider whose published keys (JWKS) sign the tokens.")
            .ValidateOnStart();
        builder.Services.AddAuthorization(options => options.FallbackPolicy = EveryEndpointSaysWhoMayCallIt);
        return builder;
    }
}
