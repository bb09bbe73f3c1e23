using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Fabriques.Candidature.Features;
using Fabriques.Contracts.Candidature;
using Fabriques.ServiceDefaults.Errors;
using Fabriques.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

public sealed class WaveApiTests(CandidatureHost host, Infrastructure infrastructure) : IClassFixture<CandidatureHost>
{
    private readonly Scenario _ = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_scheduled_wave_opens_and_closes_with_the_clock_and_anyone_sees_it()
    {
        var now = _.NewEra();
        using var created = await _.Gestionnaire.PostAsJsonAsync(Waves,
            new { name = "Vague de printemps", opensAt = now.AddDays(1), deadline = now.AddDays(10) }, Ct);
        var wave = await ReadAsync(created, HttpStatusCode.Created);
        var id = Id(wave);
        using var anonymous = host.CreateClient();

        Assert.Equal($"{Waves}/{id}", created.Headers.Location?.ToString());
        Assert.Equal(("scheduled", 0, 30), (wave.GetProperty("state").GetString(), wave.GetProperty("laureates").GetInt32(), wave.GetProperty("maxLaureates").GetInt32()));
        var listed = (await anonymous.GetFromJsonAsync<JsonElement>($"{Waves}?pageSize=200", Ct)).GetProperty("items").EnumerateArray().Single(w => Id(w) == id);
        Assert.Equal(("Vague de printemps", now.AddDays(1), now.AddDays(10)),
            (listed.GetProperty("name").GetString(), listed.GetProperty("opensAt").GetDateTimeOffset(), listed.GetProperty("deadline").GetDateTimeOffset()));

        host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal("open", (await _.WaveAsync(id)).GetProperty("state").GetString());
        host.Clock.Advance(TimeSpan.FromDays(9));
        Assert.Equal("closed", (await _.WaveAsync(id)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Waves_may_not_overlap_but_may_follow_each_other()
    {
        var now = _.NewEra();
        await _.CreateWaveAsync(now.AddDays(1), now.AddDays(10));

        using var overlapping = await CreateAsync(now.AddDays(5), now.AddDays(15));
        using var following = await CreateAsync(now.AddDays(10), now.AddDays(20));

        var problem = await ProblemAsync(overlapping, HttpStatusCode.Conflict, CandidatureProblemTypes.WaveOverlap);
        Assert.Contains($"Vague du {now.AddDays(1):yyyy-MM-dd}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, following.StatusCode);
    }

    [Fact]
    public async Task Of_overlapping_waves_created_at_the_same_moment_exactly_one_is_kept()
    {
        var now = _.NewEra();

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => CreateAsync(now.AddDays(1 + i), now.AddDays(10 + i))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Every_broken_rule_of_a_wave_is_named()
    {
        var now = _.NewEra();

        using var backwards = await _.Gestionnaire.PostAsJsonAsync(Waves,
            new { name = " ", opensAt = now.AddDays(10), deadline = now.AddDays(1), maxLaureates = 0 }, Ct);
        using var past = await _.Gestionnaire.PostAsJsonAsync(Waves,
            new { name = "Vague passée", opensAt = now.AddDays(-10), deadline = now.AddDays(-1) }, Ct);
        using var missing = await _.Gestionnaire.PostAsJsonAsync(Waves, new { }, Ct);
        using var outOfCalendar = await _.Gestionnaire.PostAsJsonAsync(Waves,
            new { name = "Vague", opensAt = "1900-01-01T00:00:00+01:00", deadline = "2200-12-31T23:59:59-01:00" }, Ct);

        Assert.Equal(["deadline", "maxLaureates", "name"], ErrorFields(await ProblemAsync(backwards, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
        Assert.Equal(["deadline"], ErrorFields(await ProblemAsync(past, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
        Assert.Equal(["deadline", "name", "opensAt"], ErrorFields(await ProblemAsync(missing, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
        Assert.Equal(["deadline", "opensAt"], ErrorFields(await ProblemAsync(outOfCalendar, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
    }

    [Fact]
    public async Task Only_a_manager_schedules_waves()
    {
        var body = new { name = "Vague", opensAt = _.Now.AddDays(1), deadline = _.Now.AddDays(2) };
        using var anonymous = host.CreateClient();

        using var withoutToken = await anonymous.PostAsJsonAsync(Waves, body, Ct);
        using var porteur = await _.Porteur.PostAsJsonAsync(Waves, body, Ct);
        using var instructeur = await _.Instructeur.PostAsJsonAsync(Waves, body, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, porteur.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, instructeur.StatusCode);
    }

    [Fact]
    public async Task Opening_and_closing_reach_the_broker_once_each_when_their_time_comes()
    {
        await using var opened = await EventProbe<WaveOpened>.StartAsync(host.BrokerUri);
        await using var closed = await EventProbe<WaveClosed>.StartAsync(host.BrokerUri);
        var now = _.NewEra();
        var id = Id(await _.CreateWaveAsync(now.AddHours(1), now.AddDays(7), maxLaureates: 12));

        host.Clock.Advance(TimeSpan.FromHours(1));
        var opening = (await opened.WaitForAsync(e => e.WaveId == id)).Message;
        Assert.DoesNotContain(closed.Received, e => e.Message.WaveId == id);
        host.Clock.Advance(TimeSpan.FromDays(7));
        var closing = (await closed.WaitForAsync(e => e.WaveId == id)).Message;

        Assert.Equal((now.AddHours(1), now.AddDays(7), 12), (opening.OpensAt, opening.Deadline, opening.MaxLaureates));
        Assert.Equal(now.AddDays(7), closing.Deadline);
        Assert.Equal(["fr.anct.fabriques.wave.opened", "fr.anct.fabriques.wave.closed"], await _.OutboxAsync(id));
    }

    [Fact]
    public async Task Two_replicas_announce_a_wave_once()
    {
        await using var replica = new CandidatureReplica(infrastructure, host);
        await replica.InitializeAsync();
        var now = _.NewEra();
        replica.Clock.SetUtcNow(now);
        var id = Id(await _.CreateWaveAsync(now.AddMinutes(1), now.AddDays(30)));
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        replica.Clock.Advance(TimeSpan.FromMinutes(1));

        // Both replicas' announcers race, on top of their own background loops.
        await Task.WhenAll(new[] { host, replica }.SelectMany(h => Enumerable.Range(0, 5).Select(_ => AnnouncerOf(h).AnnounceDueAsync(Ct))));

        Assert.Equal(["fr.anct.fabriques.wave.opened"], await _.OutboxAsync(id));
    }

    private Task<HttpResponseMessage> CreateAsync(DateTimeOffset opensAt, DateTimeOffset deadline) =>
        _.Gestionnaire.PostAsJsonAsync(Waves, new { name = $"Vague du {opensAt:yyyy-MM-dd}", opensAt, deadline }, Ct);

    private static AnnounceWaves AnnouncerOf(CandidatureHost host) =>
        host.Services.GetServices<IHostedService>().OfType<AnnounceWaves>().Single();
}
