using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Console;

/// <summary>Closing an alarm with its outcome, the false-alarm statistics drawn from it, and the audit log.</summary>
public sealed class AlarmResolutionTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private GatewayApp _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _app = new GatewayApp(_directory);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task An_acknowledged_alarm_is_resolved_once_with_its_outcome_and_notes_and_the_queue_shows_it()
    {
        using var api = await _app.LoggedInClientAsync();
        var id = await RecordAsync(TestAlarms.Market42());

        var early = await ResolveAsync(api, id, new { outcome = "real" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("acknowledge the alarm before resolving it", await early.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        (await api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).EnsureSuccessStatusCode();
        var resolved = await ResolveAsync(api, id, new { outcome = "Prank", notes = "  Kids; ran off towards the pier.  " });

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var alarm = (await api.GetFromJsonAsync<JsonElement[]>("/api/alarms", Ct))!.Single();
        var resolution = alarm.GetProperty("resolution");
        Assert.Equal(("prank", "Kids; ran off towards the pier.", TestUsers.Dispatcher), (resolution.GetProperty("outcome").GetString(), resolution.GetProperty("notes").GetString(), resolution.GetProperty("resolvedBy").GetString()));
        Assert.Equal("dispatched", alarm.GetProperty("state").GetString());

        var again = await ResolveAsync(api, id, new { outcome = "real" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var unchanged = (await api.GetFromJsonAsync<JsonElement[]>("/api/alarms", Ct))!.Single().GetProperty("resolution");
        Assert.Equal("prank", unchanged.GetProperty("outcome").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await ResolveAsync(api, id + 100, new { outcome = "real" })).StatusCode);
        _app.Logs.AssertNoErrors();
    }

    [Theory]
    [InlineData("""{"outcome":"joke"}""", "outcome", "outcome must be one of real, prank, test, fault")]
    [InlineData("""{"notes":"no outcome"}""", "outcome", "outcome must be one of real, prank, test, fault")]
    [InlineData("{}", "outcome", "outcome must be one of real, prank, test, fault")]
    public async Task A_resolve_without_a_known_outcome_is_refused_naming_the_field(string body, string field, string message)
    {
        using var api = await _app.LoggedInClientAsync();
        var id = await RecordAsync(TestAlarms.Market42());
        (await api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).EnsureSuccessStatusCode();

        using var response = await api.PostAsync($"/api/alarms/{id}/resolve", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(message, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        Assert.Equal(JsonValueKind.Null, (await api.GetFromJsonAsync<JsonElement[]>("/api/alarms", Ct))!.Single().GetProperty("resolution").ValueKind);
    }

    [Fact]
    public async Task Notes_longer_than_the_limit_are_refused_not_cut()
    {
        using var api = await _app.LoggedInClientAsync();
        var id = await RecordAsync(TestAlarms.Market42());
        (await api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).EnsureSuccessStatusCode();

        using var response = await ResolveAsync(api, id, new { outcome = "real", notes = new string('x', AlarmResolveApi.MaxNotes + 1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("notes must be at most 2000 characters, not 2001", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statistics_count_each_posts_alarms_presses_and_outcomes_and_leave_self_tests_out()
    {
        using var api = await _app.LoggedInClientAsync();
        var first = await RecordAsync(TestAlarms.Market42(presses: 3));
        var second = await RecordAsync(TestAlarms.Market42() with { AlarmId = 43, UptimeMs = 6_000_000 });
        await RecordAsync(TestAlarms.Market42() with { AlarmId = 44, UptimeMs = 7_000_000 });
        await RecordAsync(TestAlarms.Market42() with { AlarmId = 45, UptimeMs = 8_000_000, Test = true, Kind = "test" });
        foreach (var (id, outcome) in new[] { (first, "prank"), (second, "real") })
        {
            (await api.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).EnsureSuccessStatusCode();
            (await ResolveAsync(api, id, new { outcome })).EnsureSuccessStatusCode();
        }

        var stats = (await api.GetFromJsonAsync<JsonElement[]>("/api/stats/posts", Ct))!;

        var market = stats.Single(s => s.GetProperty("postId").GetString() == TestPosts.Market.Id);
        Assert.Equal(
            """{"postId":"MHC-001","name":"Mahachai Market north gate","alarms":3,"presses":5,"real":1,"prank":1,"test":0,"fault":0,"resolved":2,"open":1,"prankRate":0.5}""",
            market.GetRawText());
        var quiet = stats.Single(s => s.GetProperty("postId").GetString() == TestPosts.Skywalk.Id);
        Assert.Equal((0, JsonValueKind.Null), (quiet.GetProperty("alarms").GetInt32(), quiet.GetProperty("prankRate").ValueKind));
        var later = await api.GetFromJsonAsync<JsonElement[]>("/api/stats/posts?since=2026-11-23T00:00:00Z", Ct);
        Assert.Equal(0, later!.Single(s => s.GetProperty("postId").GetString() == TestPosts.Market.Id).GetProperty("alarms").GetInt32());
    }

    [Fact]
    public async Task Every_operator_action_lands_in_the_audit_log_which_only_admins_read()
    {
        using var anonymous = _app.NewClient();
        await GatewayApp.LoginAsync(anonymous, "mallory", "guess");
        using var dispatcher = await _app.LoggedInClientAsync();
        var id = await RecordAsync(TestAlarms.Market42());
        (await dispatcher.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).EnsureSuccessStatusCode();
        (await dispatcher.PostAsync($"/api/alarms/{id}/acknowledge", null, Ct)).EnsureSuccessStatusCode(); // a repeat is no new action
        (await ResolveAsync(dispatcher, id, new { outcome = "test", notes = "drill" })).EnsureSuccessStatusCode();
        using var technician = await _app.LoggedInClientAsync(TestUsers.Technician);
        var selfTest = await (await technician.PostAsync("/api/posts/MHC-001/selftest", null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        using var admin = await _app.LoggedInClientAsync(TestUsers.Admin);

        var audit = (await admin.GetFromJsonAsync<JsonElement[]>("/api/audit", Ct))!;

        Assert.Equal(
            [
                ("admin", "login", null, "admin from unknown address"),
                ("technician", "selftest-start", "MHC-001", "command " + selfTest.GetProperty("id").GetString()),
                ("technician", "login", null, "technician from unknown address"),
                ("dispatcher", "alarm-resolve", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "post MHC-001 alarm 42: test: drill"),
                ("dispatcher", "alarm-acknowledge", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "post MHC-001 alarm 42"),
                ("dispatcher", "login", null, "dispatcher from unknown address"),
                ("mallory", "login-refused", null, "from unknown address"),
            ],
            audit.Select(a => (a.GetProperty("userName").GetString(), a.GetProperty("action").GetString(), a.GetProperty("subject").GetString(), a.GetProperty("detail").GetString())));
        Assert.DoesNotContain(audit, a => a.GetRawText().Contains("guess", StringComparison.Ordinal) || a.GetRawText().Contains(TestUsers.DispatcherPassword, StringComparison.Ordinal));
        var older = await admin.GetFromJsonAsync<JsonElement[]>($"/api/audit?limit=2&before={audit[1].GetProperty("id").GetInt64()}", Ct);
        Assert.Equal(["technician", "dispatcher"], older!.Select(a => a.GetProperty("userName").GetString()));
    }

    private async Task<long> RecordAsync(NewAlarm alarm)
    {
        var result = await _app.Services.GetRequiredService<IAlarmStore>().RecordAsync(alarm, [], Ct);
        return result.RowId;
    }

    private static Task<HttpResponseMessage> ResolveAsync(HttpClient api, long id, object body) =>
        api.PostAsJsonAsync($"/api/alarms/{id}/resolve", body, Ct);
}
