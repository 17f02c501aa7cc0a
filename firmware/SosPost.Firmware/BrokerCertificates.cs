using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware;

/// <summary>
/// What the post needs from flash to log in to the broker: the broker's CA (with TLS), its own client certificate and
/// key (with <c>clientCert</c>), and the logins to try in order (<see cref="BrokerLogin.Plan"/>).
/// </summary>
internal sealed class BrokerCertificates
{
    private BrokerCertificates(X509Certificate ca, X509Certificate2 client, BrokerLogin[] logins, string clientProblem)
    {
        Ca = ca;
        Client = client;
        Logins = logins;
        ClientProblem = clientProblem;
    }

    /// <summary>The CA that signed the broker's certificate; null without TLS.</summary>
    public X509Certificate Ca { get; }

    /// <summary>The post's certificate with its private key; null when not configured or not loadable.</summary>
    public X509Certificate2 Client { get; }

    public BrokerLogin[] Logins { get; }

    /// <summary>Why a configured certificate is not used (the post runs on its password fallback), else null.</summary>
    public string ClientProblem { get; }

    /// <summary>
    /// Null with <paramref name="problem"/> when the post cannot log in at all: the CA is missing with TLS, or the
    /// client certificate is missing or unreadable and <c>passwordFallback</c> is off. The post must then show a fault,
    /// never connect without its certificate.
    /// </summary>
    public static BrokerCertificates Load(DeviceConfig config, out string problem)
    {
        problem = null;
        X509Certificate ca = null;
        if (config.BrokerTls)
        {
            if (!File.Exists(DeviceConfig.CaCertificatePath))
            {
                problem = "brokerTls is true but " + DeviceConfig.CaCertificatePath + " (the broker's CA, PEM) is missing";
                return null;
            }

            ca = new X509Certificate(File.ReadAllText(DeviceConfig.CaCertificatePath));
        }

        X509Certificate2 client = null;
        string clientProblem = null;
        if (config.ClientCert)
        {
            client = LoadClient(out clientProblem);
        }

        var logins = config.Logins(client != null);
        if (logins.Length == 0)
        {
            problem = "clientCert is true but " + clientProblem + "; passwordFallback is false, so the post does not log in without it";
            return null;
        }

        return new BrokerCertificates(ca, client, logins, clientProblem);
    }

    private static X509Certificate2 LoadClient(out string problem)
    {
        if (!File.Exists(DeviceConfig.ClientCertificatePath) || !File.Exists(DeviceConfig.ClientKeyPath))
        {
            problem = DeviceConfig.ClientCertificatePath + " (the post's certificate, PEM) or " + DeviceConfig.ClientKeyPath + " (its key) is missing";
            return null;
        }

        try
        {
            // nanoFramework parses the key with mbedTLS here (DecodePrivateKeyNative) and throws when it cannot.
            var certificate = new X509Certificate2(File.ReadAllText(DeviceConfig.ClientCertificatePath), File.ReadAllText(DeviceConfig.ClientKeyPath), null);
            if (!certificate.HasPrivateKey)
            {
                problem = DeviceConfig.ClientKeyPath + " holds no private key";
                return null;
            }

            problem = null;
            return certificate;
        }
        catch (Exception e)
        {
            problem = DeviceConfig.ClientCertificatePath + " or " + DeviceConfig.ClientKeyPath + " is unreadable: " + e.Message;
            return null;
        }
    }
}
