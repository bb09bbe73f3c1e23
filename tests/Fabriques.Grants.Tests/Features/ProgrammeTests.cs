using System.Net;
using System.Text.Json;
using Fabriques.Contracts.Grants;
using Fabriques.Grants.Features;
using Fabriques.Grants.Tests.Support;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing;

namespace Fabriques.Grants.Tests.Features;

public sealed class ProgrammeTests(GrantsHost host) : IClassFixture<GrantsHost>, IDisposable
{
    private readonly HttpClient _gestionnaire = host.CreateClient("gestionnaire-1", Roles.Gestionnaire);

    [Fact]
    public async Task A_gestionnaire_replaces_the_settings_with_the_ETag_and_anyone_reads_them()
    {
        var (_, settings, etag) = await ProgrammeApi.ReadAsync(_gestionnaire);
        var changed = settings with { Envelope = 46_000_000.5m, DigitalBonus = 80_000m, MaxPerYear = 45_000m };

        using var response = await ProgrammeApi.PutAsync(_gestionnaire, changed.ToBody(), etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(etag, response.Headers.ETag?.ToString());
        using var anonymous = host.CreateClient();
        var (read, readSettings, readETag) = await ProgrammeApi.ReadAsync(anonymous);
        Assert.Equal(changed, readSettings);
        Assert.Equal(response.Headers.ETag?.ToString(), readETag);
        Assert.Equal(46_000_000.5m - read.GetProperty("committed").GetDecimal(), read.GetProperty("remaining").GetDecimal());
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("updatedAt").ValueKind);
    }

    [Fact]
    public async Task A_change_is_announced_on_the_broker_for_the_candidature_service_to_check_submissions_against()
    {
        await using var announced = await EventProbe<ProgrammeSettingsChanged>.StartAsync(host.BrokerUri);
        var (_, settings, etag) = await ProgrammeApi.ReadAsync(_gestionnaire);
        var changed = settings with { MaxPerYear = 40_000m, MinTotal = 70_000m, MaxTotal = 120_000m, Digital = 0 };

        using var response = await ProgrammeApi.PutAsync(_gestionnaire, changed.ToBody(), etag);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var e = (await announced.WaitForAsync(e => e.MaxPerYear == 40_000m)).Message;
        Assert.Equal((40_000m, 70_000m, 120_000m, 0, changed.Qpv, changed.OutsideLargeUrbanCentres, changed.Envelope),
            (e.MaxPerYear, e.MinTotal, e.MaxTotal, e.DigitalTarget, e.QpvTarget, e.OutsideLargeUrbanCentresTarget, e.Envelope));
        Assert.Equal([2, 3], e.Durations);
        Assert.Equal(ProgrammeSettingsChanged.TheProgramme, e.ProgrammeId);
    }

    [Fact]
    public async Task A_put_without_If_Match_is_428_and_with_a_stale_ETag_is_412()
    {
        var (_, settings, etag) = await ProgrammeApi.ReadAsync(_gestionnaire);
        (await ProgrammeApi.PutAsync(_gestionnaire, (settings with { DigitalBonus = settings.DigitalBonus + 1 }).ToBody(), etag)).Dispose();

        using var missing = await ProgrammeApi.PutAsync(_gestionnaire, settings.ToBody(), etag: null);
        using var stale = await ProgrammeApi.PutAsync(_gestionnaire, settings.ToBody(), etag);

        await missing.AssertProblemAsync(HttpStatusCode.PreconditionRequired, ProblemTypes.PreconditionRequired);
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, ProblemTypes.PreconditionFailed);
    }

    [Fact]
    public async Task Two_gestionnaires_putting_with_the_same_ETag_cannot_both_win()
    {
        var (_, settings, etag) = await ProgrammeApi.ReadAsync(_gestionnaire);

        var answers = await Task.WhenAll(Enumerable.Range(1, 4).Select(i =>
            ProgrammeApi.PutAsync(_gestionnaire, (settings with { DigitalBonus = 90_000m + i }).ToBody(), etag)));

        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.OK), a => Assert.Equal(HttpStatusCode.PreconditionFailed, a.StatusCode));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task Every_broken_setting_is_named_in_one_400()
    {
        var (_, _, etag) = await ProgrammeApi.ReadAsync(_gestionnaire);
        var body = new
        {
            envelope = 0.001m,
            targets = new { qpv = 10, outsideLargeUrbanCentres = -1, digital = 11 },
            caps = new { maxPerYear = 50_000m, minTotal = 150_000m, maxTotal = 75_000m },
            digitalBonus = -1m,
        };

        using var invalid = await ProgrammeApi.PutAsync(_gestionnaire, body, etag);
        using var incomplete = await ProgrammeApi.PutAsync(_gestionnaire, new { envelope = 1_000_000m }, etag);

        await invalid.AssertInvalidAsync("envelope", "targets.outsideLargeUrbanCentres", "targets.digital", "caps.maxTotal", "digitalBonus");
        await incomplete.AssertInvalidAsync("targets", "caps", "digitalBonus");
    }

    [Fact]
    public async Task Settings_below_what_is_already_awarded_are_refused_with_a_422()
    {
        await ProgrammeApi.LeaveRoomAsync(_gestionnaire);
        await using (var probe = await AwardProbe.StartAsync(host))
        {
            await probe.AwardAsync(Candidatures.Accepted());
        }
        var (programme, settings, etag) = await ProgrammeApi.ReadAsync(_gestionnaire);
        var committed = programme.GetProperty("committed").GetDecimal();

        using var envelope = await ProgrammeApi.PutAsync(_gestionnaire, (settings with { Envelope = committed - 0.01m }).ToBody(), etag);
        using var target = await ProgrammeApi.PutAsync(_gestionnaire, (settings with { Qpv = programme.Count("qpv") - 1, Digital = 0 }).ToBody(), etag);

        var problem = await envelope.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, GrantsProblemTypes.BelowUsage);
        Assert.Contains("enveloppe", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await target.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, GrantsProblemTypes.BelowUsage);
        Assert.Equal(etag, (await ProgrammeApi.ReadAsync(_gestionnaire)).ETag);
    }

    [Fact]
    public async Task Only_a_gestionnaire_changes_the_programme()
    {
        var (_, settings, etag) = await ProgrammeApi.ReadAsync(_gestionnaire);
        using var porteur = host.CreateClient("porteur-1", Roles.Porteur);
        using var anonymous = host.CreateClient();

        using var byPorteur = await ProgrammeApi.PutAsync(porteur, settings.ToBody(), etag);
        using var byAnonymous = await ProgrammeApi.PutAsync(anonymous, settings.ToBody(), etag);

        Assert.Equal(HttpStatusCode.Forbidden, byPorteur.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, byAnonymous.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_not_a_500()
    {
        var (_, _, etag) = await ProgrammeApi.ReadAsync(_gestionnaire);
        using var request = new HttpRequestMessage(HttpMethod.Put, ProgrammeApi.Path)
        {
            Content = new StringContent("{\"envelope\": \"beaucoup\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.IfMatch.ParseAdd(etag);

        using var response = await _gestionnaire.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, ProblemTypes.MalformedRequest);
    }

    public void Dispose() => _gestionnaire.Dispose();
}
