using System.Net;
using SosPost.Gateway.Alarms;
using SosPost.Gateway.Snapshots;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests.Snapshots;

/// <summary>An alarm's camera picture shows a person in distress: the console shows it to the roles that work alarms only.</summary>
public sealed class SnapshotAccessTests : IDisposable
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(TestUsers.Dispatcher, HttpStatusCode.OK)]
    [InlineData(TestUsers.Admin, HttpStatusCode.OK)]
    [InlineData(TestUsers.Technician, HttpStatusCode.Forbidden)]
    public async Task The_picture_of_an_alarm_is_for_the_roles_that_work_alarms(string user, HttpStatusCode expected)
    {
        await using var app = new GatewayApp(_directory);
        using var client = await app.LoggedInClientAsync(user);
        var alarm = await app.Services.GetRequiredService<IAlarmStore>().RecordAsync(TestAlarms.Market42(), [], Ct);
        Assert.True(await app.Services.GetRequiredService<ISnapshotStore>().SaveAsync(alarm.RowId, new SnapshotImage(Jpeg, "image/jpeg", TestAlarms.ReceivedAt), 1, [], Ct));

        using var response = await client.GetAsync($"/api/alarms/{alarm.RowId}/snapshot", Ct);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(Jpeg, await response.Content.ReadAsByteArrayAsync(Ct));
        }
        else
        {
            Assert.NotEqual("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Without_a_login_there_is_no_picture()
    {
        await using var app = new GatewayApp(_directory);
        using var client = app.NewClient();
        var alarm = await app.Services.GetRequiredService<IAlarmStore>().RecordAsync(TestAlarms.Market42(), [], Ct);
        await app.Services.GetRequiredService<ISnapshotStore>().SaveAsync(alarm.RowId, new SnapshotImage(Jpeg, "image/jpeg", TestAlarms.ReceivedAt), 1, [], Ct);

        using var response = await client.GetAsync($"/api/alarms/{alarm.RowId}/snapshot", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
