using System.Net;
using System.Net.Http.Json;
using Fabriques.Candidature.Features;
using Fabriques.ServiceDefaults.Authentication;
using Fabriques.ServiceDefaults.Errors;
using static Fabriques.Candidature.Tests.Scenario;

namespace Fabriques.Candidature.Tests.Features;

/// <summary><c>POST /waves/calendar</c>: the permanent call's quarterly waves, scheduled at once.</summary>
public sealed class WaveCalendarApiTests(CandidatureHost host) : IClassFixture<CandidatureHost>
{
    private const string Calendar = Waves + "/calendar";
    private readonly Scenario _ = new(host);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> ScheduleAsync(DateTimeOffset from, DateTimeOffset until, string every = "quarter", int? maxLaureates = 20) =>
        _.Gestionnaire.PostAsJsonAsync(Calendar, new { from, until, every, maxLaureates }, Ct);

    [Fact]
    public async Task A_calendar_schedules_contiguous_quarterly_waves_and_a_submission_always_finds_the_next_one()
    {
        var now = _.NewEra();
        var from = now.AddDays(10);
        var until = from.AddMonths(6).AddDays(-1); // the second quarter is cut short by the calendar's end

        using var created = await ScheduleAsync(from, until);

        var waves = (await ReadAsync(created, HttpStatusCode.Created)).EnumerateArray().ToList();
        Assert.Equal(2, waves.Count);
        Assert.All(waves, w => Assert.Equal(("scheduled", 20), (w.GetProperty("state").GetString(), w.GetProperty("maxLaureates").GetInt32())));
        Assert.Equal(from, waves[0].GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal(waves[0].GetProperty("deadline").GetDateTimeOffset(), waves[1].GetProperty("opensAt").GetDateTimeOffset());
        Assert.Equal(until, waves[1].GetProperty("deadline").GetDateTimeOffset());

        // Before the first opens, and between its deadline and the second's: never "no open wave".
        var early = await _.ActAsync(_.Porteur, await _.DraftAsync(), "submit");
        host.Clock.SetUtcNow(waves[0].GetProperty("deadline").GetDateTimeOffset());
        var onTheBoundary = await _.ActAsync(_.Porteur, await _.DraftAsync(), "submit");
        Assert.Equal(Id(waves[0]), early.GetProperty("waveId").GetGuid());
        Assert.Equal(Id(waves[1]), onTheBoundary.GetProperty("waveId").GetGuid());
    }

    [Fact]
    public async Task A_calendar_overlapping_a_scheduled_wave_is_a_409_and_creates_none()
    {
        var now = _.NewEra();
        await _.CreateWaveAsync(now.AddDays(100), now.AddDays(110));
        var before = (await host.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>($"{Waves}?pageSize=1", Ct)).GetProperty("total").GetInt64();

        using var response = await ScheduleAsync(now.AddDays(1), now.AddDays(200));

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict, CandidatureProblemTypes.WaveOverlap);
        Assert.Contains($"Vague du {now.AddDays(100):yyyy-MM-dd}", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = (await host.CreateClient().GetFromJsonAsync<System.Text.Json.JsonElement>($"{Waves}?pageSize=1", Ct)).GetProperty("total").GetInt64();
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Every_broken_rule_of_a_calendar_is_named()
    {
        var now = _.NewEra();

        using var backwards = await ScheduleAsync(now.AddDays(10), now.AddDays(1), every: "month", maxLaureates: 0);
        using var tooLong = await ScheduleAsync(now.AddDays(1), now.AddYears(20));
        using var empty = await _.Gestionnaire.PostAsJsonAsync(Calendar, new { }, Ct);

        Assert.Equal(["every", "maxLaureates", "until"], ErrorFields(await ProblemAsync(backwards, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
        Assert.Equal(["until"], ErrorFields(await ProblemAsync(tooLong, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
        Assert.Equal(["every", "from", "until"], ErrorFields(await ProblemAsync(empty, HttpStatusCode.BadRequest, ProblemTypes.Validation)));
    }

    [Fact]
    public async Task Only_a_manager_schedules_a_calendar()
    {
        var now = _.NewEra();
        using var instructeur = host.CreateClient("instructeur-cal", Roles.Instructeur);

        using var anonymous = await host.CreateClient().PostAsJsonAsync(Calendar, new { from = now.AddDays(1), until = now.AddDays(100), every = "quarter" }, Ct);
        using var forbidden = await instructeur.PostAsJsonAsync(Calendar, new { from = now.AddDays(1), until = now.AddDays(100), every = "quarter" }, Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden), (anonymous.StatusCode, forbidden.StatusCode));
    }
}
