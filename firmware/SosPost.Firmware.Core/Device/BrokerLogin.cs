namespace SosPost.Firmware.Core.Device;

/// <summary>
/// One way for a post to log in to the broker: its client certificate (mutual TLS, the certificate's CN is the user
/// name) or its password, at a host and port. <see cref="Plan"/> orders them; the link adapters try them in that order.
/// </summary>
public sealed class BrokerLogin
{
    // nanoFramework's mscorlib has no Array.Empty<T>.
#pragma warning disable CA1825
    private static readonly BrokerLogin[] None = new BrokerLogin[0];
#pragma warning restore CA1825

    public BrokerLogin(string host, int port, bool certificate)
    {
        Host = host;
        Port = port;
        Certificate = certificate;
    }

    public string Host { get; }

    public int Port { get; }

    /// <summary>True: present the client certificate and send no password. False: user name and password.</summary>
    public bool Certificate { get; }

    /// <summary>For the log: never a secret.</summary>
    public string Describe()
    {
        return (Certificate ? "client certificate" : "password") + " at " + Host + ":" + Port;
    }

    /// <summary>
    /// The logins to try, in order. Without a client certificate: the password. With one: the certificate, then the
    /// password only when <paramref name="passwordFallback"/> is set. A certificate that could not be loaded is left
    /// out; with no fallback the plan is then empty, and the post must show a fault rather than connect without it.
    /// </summary>
    public static BrokerLogin[] Plan(bool clientCertificate, bool certificateLoaded, bool passwordFallback, BrokerLogin certificateLogin, BrokerLogin passwordLogin)
    {
        if (!clientCertificate)
        {
            return new[] { passwordLogin };
        }

        if (certificateLoaded)
        {
            return passwordFallback ? new[] { certificateLogin, passwordLogin } : new[] { certificateLogin };
        }

        return passwordFallback ? new[] { passwordLogin } : None;
    }
}
