namespace SosPost.Testing;

/// <summary>How to set up a test broker. Users and ACL can also be changed later on the running broker.</summary>
public sealed class MosquittoBrokerOptions
{
    /// <summary>
    /// The SosPost topic rules (scripts/lib.sh has the same): the gateway may do anything under sos/v1/, and a post,
    /// whose user name is its post id, may only publish its own alarm, heartbeat, status, trouble events and self-test
    /// reports, and read its own alarm states, event acknowledgements and commands.
    /// </summary>
    public static IReadOnlyList<string> DefaultAcl { get; } =
    [
        "pattern write sos/v1/%u/alarm",
        "pattern write sos/v1/%u/heartbeat",
        "pattern write sos/v1/%u/status",
        "pattern write sos/v1/%u/event",
        "pattern write sos/v1/%u/selftest",
        "pattern read sos/v1/%u/alarm/state",
        "pattern read sos/v1/%u/event/ack",
        "pattern read sos/v1/%u/cmd",
        string.Empty,
        "user gateway",
        "topic readwrite sos/v1/#",
    ];

    /// <summary>User name to password; written with mosquitto_passwd. Anonymous clients are always refused.</summary>
    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Lines of the ACL file.</summary>
    public IList<string> AclLines { get; init; } = [.. DefaultAcl];

    /// <summary>Adds a second listener with TLS, using a CA and server certificate made with openssl for this broker.</summary>
    public bool Tls { get; init; }

    /// <summary>
    /// With <see cref="Tls"/>: a third listener where a client logs in with a certificate from the broker's CA instead
    /// of a password (<c>require_certificate</c>, <c>use_identity_as_username</c>: its CN is its user name), as
    /// scripts/lib.sh starts it.
    /// </summary>
    public bool CertificateLogins { get; init; }

    /// <summary>Keeps sessions and queued messages in mosquitto.db (written on a clean stop) across a restart.</summary>
    public bool Persistence { get; init; } = true;

    /// <summary>More mosquitto.conf lines, appended to the global section.</summary>
    public IList<string> ExtraConfig { get; init; } = [];

    public MosquittoBrokerOptions AddUser(string name, string password)
    {
        Users[name] = password;
        return this;
    }
}
