using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Fabriques.Candidature.Features;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.Testing;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

/// <summary>
/// E-mails about a candidature leave from the programme's address to its contact: only the address the porteur's token
/// proves may be that contact, so nobody can make the platform write to someone else.
/// </summary>
public sealed class ContactEmailTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_draft_naming_another_address_than_the_callers_is_a_422_naming_the_field_and_nothing_is_created()
    {
        await _.OpenWaveAsync();
        using var porteur = host.CreateClient("porteur-relais", Roles.Porteur);
        var body = Body(await _.PlaceAsync(), porteur);
        body["applicant"]!["contactEmail"] = "maire@ville-voisine.example";

        using var refused = await porteur.PostAsJsonAsync(Candidatures, body, Ct);

        var problem = await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.UnprovenContactEmail);
        Assert.Equal(["applicant.contactEmail"], ErrorFields(problem));
        Assert.Contains(TestIssuer.EmailOf("porteur-relais"), problem.GetProperty("errors").GetProperty("applicant.contactEmail")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await _.ListAsync(porteur, "")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task The_callers_own_address_is_accepted_whatever_its_case()
    {
        await _.OpenWaveAsync();
        using var porteur = host.CreateClient("porteur-casse", Roles.Porteur);
        var body = Body(await _.PlaceAsync(), porteur);
        body["applicant"]!["contactEmail"] = TestIssuer.EmailOf("porteur-casse").ToUpperInvariant();

        var draft = await _.DraftAsync(body, porteur);

        Assert.Equal("draft", State(draft));
    }

    [Fact]
    public async Task Rewriting_a_draft_with_another_address_is_a_422_and_the_draft_keeps_its_own()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();
        var body = Body(await _.PlaceAsync());
        body["applicant"]!["contactEmail"] = "maire@ville-voisine.example";
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{Candidatures}/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", await _.ETagAsync(id));

        using var refused = await _.Porteur.SendAsync(request, Ct);

        await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.UnprovenContactEmail);
        var draft = await _.GetAsync(id, _.Porteur);
        Assert.Equal(TestIssuer.EmailOf(Owner), draft.GetProperty("applicant").GetProperty("contactEmail").GetString());
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("porteur-non-verifie@example.org", "false")]
    public async Task A_token_without_a_verified_address_cannot_name_a_contact(string? email, string? verified)
    {
        await _.OpenWaveAsync();
        using var porteur = host.CreateClient();
        var token = CandidatureHost.Tokens.Issue("porteur-non-verifie", null, email, [Roles.Porteur]);
        porteur.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            verified is null ? token : WithClaim(token, "email_verified", verified));
        var body = Body(await _.PlaceAsync());
        body["applicant"]!["contactEmail"] = "porteur-non-verifie@example.org";

        using var refused = await porteur.PostAsJsonAsync(Candidatures, body, Ct);

        var problem = await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.UnprovenContactEmail);
        Assert.Contains("vérifiée", problem.GetProperty("errors").GetProperty("applicant.contactEmail")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_whose_address_the_owner_no_longer_proves_is_not_submitted_so_nobody_else_is_written_to()
    {
        await _.OpenWaveAsync();
        var id = await _.DraftAsync();
        // The same person, whose provider now proves another address.
        using var moved = host.CreateClient();
        moved.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            CandidatureHost.Tokens.Issue(Owner, Owner, "porteur-1@nouvelle-adresse.example", [Roles.Porteur]));

        using var refused = await _.PostAsync(moved, id, "submit");

        await ProblemAsync(refused, HttpStatusCode.UnprocessableEntity, CandidatureProblemTypes.UnprovenContactEmail);
        Assert.Equal("draft", State(await _.GetAsync(id)));
        Assert.Empty(await _.OutboxAsync(id));
    }

    /// <summary><paramref name="token"/>'s claims and one more, signed again by the tests' issuer.</summary>
    private static string WithClaim(string token, string type, string value)
    {
        var claims = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Claims
            .Where(c => c.Type is not ("iss" or "aud" or "exp" or "nbf" or "iat"))
            .ToDictionary(c => c.Type, c => (object)c.Value);
        claims[type] = value;
        var settings = CandidatureHost.Tokens.Settings;
        return new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            TokenType = JwtSettings.AccessTokenType,
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = CandidatureHost.Tokens.Credentials,
        });
    }
}
