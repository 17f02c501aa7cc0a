using SosPost.Mqtt;

namespace SosPost.Cli.Watching;

/// <summary>
/// Connects a read-only client (the broker's <c>monitor</c> user, scripts/lib.sh) and subscribes it, turning the
/// broker's refusals into the CLI's exit codes with what to check. Shared by <c>watch</c> and provision's wait for
/// a post's birth message.
/// </summary>
internal static class MonitorSubscription
{
    public static async Task OpenAsync(MqttClient client, string host, int port, string user, string filter, CancellationToken ct)
    {
        try
        {
            await client.ConnectAsync(ct);
        }
        catch (MqttConnectException e) when (e.ReasonCode is null)
        {
            throw new CliException(ExitCodes.Unreachable, $"the broker at {host}:{port} does not answer: {e.Message}");
        }
        catch (MqttConnectException e)
        {
            throw new CliException(ExitCodes.Denied, $"the broker refused user \"{user}\" (reason {e.ReasonCode}); the monitor password is in the broker directory's monitor.password");
        }

        try
        {
            await client.SubscribeAsync(filter, MqttQos.AtLeastOnce, ct);
        }
        catch (MqttSubscribeRejectedException e)
        {
            throw new CliException(ExitCodes.Denied, $"the broker does not let \"{user}\" read {filter} (reason {e.ReasonCode}): the ACL needs \"user {user}\" / \"topic read sos/v1/#\"");
        }
    }
}
