using SosPost.Mqtt;

namespace SosPost.Cli.Watching;

/// <summary>
/// <c>sospost watch</c>: every message on the post topics as one readable line, straight from the broker
/// with the read-only <c>monitor</c> user (scripts/lib.sh), so it shows what posts send even when no gateway runs.
/// </summary>
internal static class WatchCommand
{
    public sealed record Request(string Host, int Port, string User, string Password, string? PostId, int? Count);

    public static async Task<int> RunAsync(Request request, TimeProvider time, TextWriter output, TextWriter progress, CancellationToken ct)
    {
        var filter = "sos/v1/" + (request.PostId ?? "+") + "/#";
        var lines = 0;
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await using var client = new MqttClient(new MqttClientOptions
        {
            Host = request.Host,
            Port = request.Port,
            ClientId = "sospost-watch-" + Guid.NewGuid().ToString("N")[..8],
            UserName = request.User,
            Password = request.Password,
            ProtocolVersion = MqttProtocolVersion.V500,
            TimeProvider = time,
        });
        var gate = new object();
        client.MessageReceived = (message, _) =>
        {
            if (EventLine.Format(message.Topic, message.Payload.ToArray(), time.GetUtcNow()) is { } line)
            {
                lock (gate)
                {
                    output.WriteLine(line);
                    output.Flush();
                    if (++lines >= request.Count)
                    {
                        enough.Cancel();
                    }
                }
            }

            return Task.CompletedTask;
        };
        client.ConnectionChanged += connected =>
        {
            lock (gate)
            {
                progress.WriteLine(connected ? $"==> watching {filter} on {request.Host}:{request.Port} (Ctrl+C to stop)" : "==> connection to the broker lost; reconnecting");
            }
        };
        await MonitorSubscription.OpenAsync(client, request.Host, request.Port, request.User, filter, ct);

        try
        {
            await Task.Delay(Timeout.Infinite, enough.Token);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C, or --count lines shown.
        }

        await client.DisconnectAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }
}
