using SosPost.Cli.Watching;
using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Cli.Provisioning;

/// <summary>
/// Waits on the broker for a post's online status (its birth message, retained, docs/protocol.md) carrying the
/// hash of the config file just written: proof that the flashed application started and runs that file.
/// </summary>
internal static class OnlineWait
{
    /// <param name="Online">The status arrived in time.</param>
    /// <param name="Firmware">The firmware version it names.</param>
    /// <param name="LastSeen">What the broker held for the post otherwise, in words.</param>
    public sealed record Outcome(bool Online, string Firmware, string LastSeen);

    public static async Task<Outcome> RunAsync(
        (string Host, int Port) at, string user, string password, string postId, string configHash, TimeSpan deadline, TimeProvider time, CancellationToken ct)
    {
        var arrived = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lastSeen = "no status at all";
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = at.Host,
            Port = at.Port,
            ClientId = "sospost-provision-wait-" + Guid.NewGuid().ToString("N")[..8],
            UserName = user,
            Password = password,
            ProtocolVersion = MqttProtocolVersion.V500,
        });
        client.MessageReceived = (message, _) =>
        {
            if (PayloadCodec.TryDecodeStatus(message.Payload.ToArray(), out var status, out var _) && status is not null)
            {
                if (status.Online && status.ConfigHash == configHash)
                {
                    arrived.TrySetResult(status.Firmware ?? "?");
                }
                else
                {
                    // A retained status from before: the last will of a board that went away, or a board still on an older file.
                    lastSeen = status.Online ? $"online with config {status.ConfigHash}, not the file just written" : "offline";
                }
            }

            return Task.CompletedTask;
        };
        await MonitorSubscription.OpenAsync(client, at.Host, at.Port, user, Topics.Status(postId), ct);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var expired = Task.Delay(deadline, time, stop.Token);
        var first = await Task.WhenAny(arrived.Task, expired);
        await stop.CancelAsync();
        ct.ThrowIfCancellationRequested();
        await client.DisconnectAsync(CancellationToken.None);
        return first == arrived.Task ? new Outcome(true, await arrived.Task, "online") : new Outcome(false, "?", lastSeen);
    }
}
