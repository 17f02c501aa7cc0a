using System.Security.Cryptography.X509Certificates;

namespace SosPost.Mqtt;

public sealed class MqttTlsOptions
{
    /// <summary>Name the server certificate must match; defaults to <see cref="MqttClientOptions.Host"/>.</summary>
    public string? TargetHost { get; init; }

    /// <summary>Trust anchor for the server certificate instead of the system store (a private CA).</summary>
    public X509Certificate2? CaCertificate { get; init; }

    /// <summary>Certificate with private key for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Accept any server certificate. For diagnostics only: it gives up protection against impostors.</summary>
    public bool AllowUntrustedCertificates { get; init; }
}
