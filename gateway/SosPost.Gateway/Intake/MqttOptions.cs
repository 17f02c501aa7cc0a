using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
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

    /// <summary>Connects with TLS (Port is then the broker's TLS listener, usually 8883). The password and alarms then never cross the network in clear.</summary>
    public bool Tls { get; set; }

    /// <summary>The CA (PEM or DER) the broker's certificate must chain to, instead of the system's trust store: the usual private CA of a broker.</summary>
    public string? CaFile { get; set; }

    /// <summary>The name the broker's certificate must carry; defaults to Host.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>The CA certificate from <see cref="CaFile"/>, or null; throws when the file is not a certificate (Validate says so first).</summary>
    public X509Certificate2? LoadCa() => CaFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(CaFile);

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

        if (!Tls && (CaFile is not null || TlsServerName is not null))
        {
            yield return "CaFile and TlsServerName need Tls=true (without it they would be ignored and the connection unencrypted).";
        }

        if (CaFile is not null && CaProblem(CaFile) is { } problem)
        {
            yield return $"CaFile '{CaFile}' {problem}.";
        }
    }

    private static string? CaProblem(string path)
    {
        if (!File.Exists(path))
        {
            return "does not exist";
        }

        try
        {
            using var certificate = X509CertificateLoader.LoadCertificateFromFile(path);
            return null;
        }
        catch (CryptographicException)
        {
            return "is not a PEM or DER certificate";
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
