using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
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

    public static IHostApplicationBuilder AddJwtAuthentication(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(JwtSettings.SectionName).Get<JwtSettings>() ?? new JwtSettings();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false; // keep "sub" and "role" as issued
                options.Authority = settings.Authority;
                options.RequireHttpsMetadata = settings.Authority?.StartsWith("https://", StringComparison.Ordinal) ?? true;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = settings.Issuer,
                    ValidAudience = settings.Audience,
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
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
                if (settings.SigningKey is { Length: > 0 } key)
                {
                    options.TokenValidationParameters.IssuerSigningKey = SigningKey(key);
                    // Only the algorithm we sign with: no "none", no RSA/HMAC key confusion.
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                }
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    public static SymmetricSecurityKey SigningKey(string key) => new(Encoding.UTF8.GetBytes(key));
}
