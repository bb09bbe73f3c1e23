using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Contracts.Candidature;
using Fabriques.Grants.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;

namespace Fabriques.Grants.Tests.Consumers;

public sealed class AwardTests(GrantsHost host) : IClassFixture<GrantsHost>, IDisposable
{
    private readonly HttpClient _gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

    [Fact]
    public async Task An_accepted_candidature_is_awarded_its_grant_with_a_yearly_plan_and_the_bonus_first()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        var (before, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        await using var probe = await AwardProbe.StartAsync(host);
        var accepted = Candidatures.Accepted(TerritoryKind.Qpv, digital: true, amountPerYear: 50_000m, durationYears: 3);

        var awarded = await probe.AwardAsync(accepted);

        Assert.Equal((250_000m, true, TerritoryKind.Qpv), (awarded.Total, awarded.Digital, awarded.Territory));
        Assert.Equal([150_000m, 50_000m, 50_000m], awarded.Instalments.Select(i => i.Amount));
        Assert.Equal(("porteur-1", accepted.Contact, accepted.PlaceId), (awarded.OwnerId, awarded.Contact, awarded.PlaceId));
        Assert.Equal(awarded.Instalments[0].DueOn.AddYears(2), awarded.Instalments[2].DueOn);

        using var owner = host.CreateClient("porteur-1", Roles.Porteur);
        var grant = await owner.GetFromJsonAsync<JsonElement>($"/api/grants/{awarded.GrantId}", TestContext.Current.CancellationToken);
        Assert.Equal("active", grant.GetProperty("state").GetString());
        Assert.Equal("qpv", grant.GetProperty("territory").GetString());
        Assert.Equal(accepted.CandidatureId, grant.GetProperty("candidatureId").GetGuid());
        Assert.Equal(["planned", "planned", "planned"], grant.GetProperty("instalments").EnumerateArray().Select(i => i.GetProperty("state").GetString()));
        var entry = Assert.Single(grant.GetProperty("ledger").EnumerateArray());
        Assert.Equal(("awarded", 250_000m, "instructeur-1"),
            (entry.GetProperty("kind").GetString(), entry.GetProperty("amount").GetDecimal(), entry.GetProperty("actor").GetString()));

        var (after, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        Assert.Equal(before.GetProperty("committed").GetDecimal() + 250_000m, after.GetProperty("committed").GetDecimal());
        Assert.Equal(before.Count("qpv") + 1, after.Count("qpv"));
        Assert.Equal(before.Count("digital") + 1, after.Count("digital"));
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
    }

    [Fact]
    public async Task A_grant_is_read_by_its_owner_and_gestionnaires_and_is_missing_for_anyone_else()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        await using var probe = await AwardProbe.StartAsync(host);
        var awarded = await probe.AwardAsync(Candidatures.Accepted(owner: "porteur-owner"));
        var path = $"/api/grants/{awarded.GrantId}";
        using var owner = host.CreateClient("porteur-owner", Roles.Porteur);
        using var otherPorteur = host.CreateClient("porteur-other", Roles.Porteur);
        using var instructeur = host.CreateClient("instructeur-1", Roles.Instructeur);
        using var anonymous = host.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        using var byOwner = await owner.GetAsync(path, ct);
        using var byGestionnaire = await _gestionnaire.GetAsync(path, ct);
        using var byOther = await otherPorteur.GetAsync(path, ct);
        using var byInstructeur = await instructeur.GetAsync(path, ct);
        using var byAnonymous = await anonymous.GetAsync(path, ct);
        using var unknown = await _gestionnaire.GetAsync($"/api/grants/{Guid.NewGuid()}", ct);

        Assert.Equal(HttpStatusCode.OK, byOwner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byGestionnaire.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, byOther.StatusCode);
        Assert.Equal("application/problem+json", byOther.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, byInstructeur.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_redelivered_or_repeated_acceptance_never_creates_a_second_grant()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        await using var probe = await AwardProbe.StartAsync(host);
        using var inbox = new InboxWatch(host);
        var accepted = Candidatures.Accepted();

        await probe.AwardAsync(accepted);
        await probe.PublishAsync(accepted); // redelivery: same event id
        await probe.PublishAsync(accepted with { EventId = Guid.CreateVersion7() }); // the same acceptance told twice
        await inbox.HandledAsync(3);

        var grants = await Ledger.AllGrantsAsync(_gestionnaire);
        Assert.Single(grants, g => g.GetProperty("candidatureId").GetGuid() == accepted.CandidatureId);
        Assert.Single(probe.Awarded.Received, e => e.Message.CandidatureId == accepted.CandidatureId);
        Assert.DoesNotContain(probe.Refused.Received, e => e.Message.CandidatureId == accepted.CandidatureId);
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
    }

    [Fact]
    public async Task The_grant_that_would_overrun_the_envelope_is_refused_after_the_one_that_fits_to_the_euro()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire, euros: 150_000m);
        await using var probe = await AwardProbe.StartAsync(host);

        await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.OutsideLargeUrbanCentres, amountPerYear: 50_000m, durationYears: 3));
        var refused = await probe.RefuseAsync(Candidatures.Accepted(TerritoryKind.OutsideLargeUrbanCentres, amountPerYear: 37_500m, durationYears: 2));

        Assert.Contains("enveloppe", refused.Reason, StringComparison.Ordinal);
        var (programme, _, _) = await ProgrammeApi.ReadAsync(_gestionnaire);
        Assert.Equal(0m, programme.GetProperty("remaining").GetDecimal());
        await Ledger.AssertMatchesGrantsAsync(host, _gestionnaire);
    }

    [Fact]
    public async Task The_qpv_target_refuses_the_grant_after_its_last_place_but_not_one_outside()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire, qpv: 1);
        await using var probe = await AwardProbe.StartAsync(host);

        await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.Qpv));
        var refused = await probe.RefuseAsync(Candidatures.Accepted(TerritoryKind.Qpv));
        await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.OutsideLargeUrbanCentres));

        Assert.Contains("quartier prioritaire", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outside_target_refuses_the_grant_after_its_last_place_but_not_one_in_a_qpv()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire, outside: 1);
        await using var probe = await AwardProbe.StartAsync(host);

        await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.OutsideLargeUrbanCentres));
        var refused = await probe.RefuseAsync(Candidatures.Accepted(TerritoryKind.OutsideLargeUrbanCentres));
        await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.Qpv));

        Assert.Contains("hors des grands centres urbains", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_digital_target_refuses_the_digital_fabrique_after_its_last_place_but_not_a_plain_one()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire, digital: 1);
        await using var probe = await AwardProbe.StartAsync(host);

        await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.Qpv, digital: true));
        var refused = await probe.RefuseAsync(Candidatures.Accepted(TerritoryKind.Qpv, digital: true));
        await probe.AwardAsync(Candidatures.Accepted(TerritoryKind.Qpv, digital: false));

        Assert.Contains("numériques", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acceptance_beyond_the_caps_is_refused_here_too_and_awards_nothing()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        await using var probe = await AwardProbe.StartAsync(host);
        var accepted = Candidatures.Accepted(amountPerYear: 60_000m, durationYears: 2);

        var refused = await probe.RefuseAsync(accepted);

        Assert.Contains("plafond", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(accepted.PlaceId, refused.PlaceId);
        Assert.DoesNotContain(await Ledger.AllGrantsAsync(_gestionnaire), g => g.GetProperty("candidatureId").GetGuid() == accepted.CandidatureId);
    }

    public void Dispose() => _gestionnaire.Dispose();
}
