using SosPost.Mqtt;
using SosPost.Protocol;

namespace SosPost.Gateway.Intake;

/// <summary><c>Gateway:Mqtt</c>: the broker intake takes alarms from.</summary>
public sealed class MqttOptions : IValidatedOptions
{
    public string Host { get; set; } = "localhost";

    public int Port { get; set; } = 1883;

    public string? UserName { get; set; } = "gateway";

    /// <summary>Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Stable per gateway: its persistent session keeps alarms queued while it is briefly away.</summary>
    public string ClientId { get; set; } = $"gateway-{Environment.MachineName.ToLowerInvariant()}";

    /// <summary>Gateways in one group share alarms, heartbeats, events and self-test reports; each message goes to one of them.</summary>
    public string SharedGroup { get; set; } = ProtocolConstants.SharedGroup;

    /// <summary>MQTT 5 by default: the broker then says why it refused a publish (3.1.1 drops it silently).</summary>
    public MqttProtocolVersion ProtocolVersion { get; set; } = MqttProtocolVersion.V500;

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return "Host is required.";
        }

        if (Port is < 1 or > 65535)
        {
            yield return $"Port {Port} must be 1 to 65535.";
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return "ClientId is required.";
        }

        if (string.IsNullOrEmpty(SharedGroup) || SharedGroup.IndexOfAny(['/', '+', '#']) >= 0)
        {
            yield return $"SharedGroup '{SharedGroup}' must be a non-empty name without '/', '+' or '#'.";
        }

        if (Password is not null && UserName is null)
        {
            yield return "Password needs a UserName.";
        }

        if (KeepAlive < TimeSpan.FromSeconds(1) || KeepAlive > TimeSpan.FromSeconds(ushort.MaxValue))
        {
            yield return "KeepAlive must be 1 s to 65535 s.";
        }
    }

    /// <summary>
    /// The subscriptions of intake: alarms, heartbeats, trouble events and self-test reports shared, status
    /// not (see docs/protocol.md). Status comes last: once it is subscribed, intake hears everything.
    /// </summary>
    public IReadOnlyList<string> Subscriptions()
    {
        return [Shared(Topics.SharedAlarms), Shared(Topics.SharedHeartbeats), Shared(Topics.SharedEvents), Shared(Topics.SharedSelfTests), Topics.AllStatus];

        string Shared(string filter) => filter.Replace(
            $"$share/{ProtocolConstants.SharedGroup}/", $"$share/{SharedGroup}/", StringComparison.Ordinal);
    }
}
