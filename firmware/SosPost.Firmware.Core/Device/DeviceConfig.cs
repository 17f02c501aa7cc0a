using SosPost.Protocol;

namespace SosPost.Firmware.Core.Device;

/// <summary>
/// One post's config file (<see cref="FilePath"/> on the device): who it is, which board it runs on, how it
/// reaches the broker. Defaults live here and in <see cref="PostConfig"/>; <see cref="DeviceConfigReader"/>
/// binds the file and <see cref="Validate"/> checks it, so a post with a bad file shows the fault beacon
/// instead of half-working.
/// </summary>
public sealed class DeviceConfig
{
    /// <summary>Where the post reads its config file: the internal flash drive of nanoFramework's ESP32 images.</summary>
    public const string FilePath = "I:\\sospost-config.json";

    /// <summary>The CA certificate (PEM) that signs the broker's certificate, needed when <see cref="BrokerTls"/> is on.</summary>
    public const string CaCertificatePath = "I:\\sospost-ca.pem";

    /// <summary>The post's own certificate (PEM, CN = post id), read when <see cref="ClientCert"/> is on.</summary>
    public const string ClientCertificatePath = "I:\\sospost-client.crt";

    /// <summary>The private key of <see cref="ClientCertificatePath"/> (PEM, unencrypted PKCS#8 or SEC1).</summary>
    public const string ClientKeyPath = "I:\\sospost-client.key";

    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    /// <summary>The broker's mutual-TLS listener (docs/security.md), the default port with <see cref="ClientCert"/>.</summary>
    public const int DefaultCertificatePort = 8884;
    public const string DefaultSntpServer1 = "0.pool.ntp.org";
    public const string DefaultSntpServer2 = "1.pool.ntp.org";

    private static readonly PostConfig PostDefaults = new PostConfig();

    /// <summary>Post id: MQTT client id and user name (docs/protocol.md).</summary>
    public string PostId { get; set; } = string.Empty;

    /// <summary>
    /// The post's broker password. Never logged. Empty, and not allowed, when the post logs in with its certificate
    /// only (<see cref="ClientCert"/> without <see cref="PasswordFallback"/>).
    /// </summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>
    /// The post's message key (docs/protocol.md, "Message authentication"): 64 hex characters, 32 bytes, written
    /// by <c>sospost provision</c>. Never logged.
    /// </summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>The post's first message counter: its provisioning time in microseconds since 1970 (<see cref="MessageCounter"/>).</summary>
    public long CounterStart { get; set; }

    /// <summary>The board profile id (<see cref="BoardProfiles"/>).</summary>
    public string Board { get; set; } = string.Empty;

    /// <summary><see cref="LinkType.Ethernet"/> or <see cref="LinkType.Wifi"/>; the board must support it.</summary>
    public string Network { get; set; } = string.Empty;

    public string WifiSsid { get; set; } = string.Empty;

    /// <summary>Empty for an open network, else WPA2: 8 to 63 characters. Never logged.</summary>
    public string WifiPassword { get; set; } = string.Empty;

    /// <summary>Broker host name or IPv4 address.</summary>
    public string BrokerHost { get; set; } = string.Empty;

    public int BrokerPort { get; set; } = DefaultPort;

    /// <summary>TLS to the broker; the CA certificate is then a file beside the config (docs/flashing.md).</summary>
    public bool BrokerTls { get; set; }

    /// <summary>
    /// Log in with the post's client certificate (<see cref="ClientCertificatePath"/>, <see cref="ClientKeyPath"/>)
    /// over mutual TLS at <see cref="BrokerPort"/>; needs <see cref="BrokerTls"/>.
    /// </summary>
    public bool ClientCert { get; set; }

    /// <summary>
    /// With <see cref="ClientCert"/>: when the certificate cannot be loaded or its login fails, log in with
    /// <see cref="Password"/> at <see cref="PasswordPort"/> (TLS) instead. Off by default: a post whose certificate is
    /// broken then shows a fault rather than quietly using a weaker login.
    /// </summary>
    public bool PasswordFallback { get; set; }

    /// <summary>The broker's TLS listener for password logins, used only by <see cref="PasswordFallback"/>.</summary>
    public int PasswordPort { get; set; } = DefaultTlsPort;

    public string SntpServer1 { get; set; } = DefaultSntpServer1;

    public string SntpServer2 { get; set; } = DefaultSntpServer2;

    /// <summary>False when the post has no camera relay wired: alarms then say snapshot=false.</summary>
    public bool CameraFitted { get; set; } = true;

    public long HeartbeatIntervalMs { get; set; } = PostDefaults.HeartbeatIntervalMs;

    public long AlarmResendIntervalMs { get; set; } = PostDefaults.AlarmResendIntervalMs;

    public long CameraPulseMs { get; set; } = PostDefaults.CameraPulseMs;

    public long AcknowledgedHoldMs { get; set; } = PostDefaults.AcknowledgedHoldMs;

    /// <summary>
    /// <see cref="ConfigHash"/> of the file this was read from, set by <see cref="DeviceConfigReader"/>:
    /// the post reports it, so the gateway can tell which file a post runs.
    /// </summary>
    public string FileHash { get; set; } = PostDefaults.ConfigHash;

    public long ButtonDebounceMs { get; set; } = PostDefaults.ButtonDebounceMs;

    public long ButtonHoldMs { get; set; } = PostDefaults.ButtonHoldMs;

    public long StuckButtonMs { get; set; } = PostDefaults.StuckButtonMs;

    public long SelfTestPressMs { get; set; } = PostDefaults.SelfTestPressMs;

    public long LampCheckDelayMs { get; set; } = PostDefaults.LampCheckDelayMs;

    public long LampFailAfterMs { get; set; } = PostDefaults.LampFailAfterMs;

    public long MainsPresentMv { get; set; } = PostDefaults.MainsPresentMv;

    public long BatteryLowMv { get; set; } = PostDefaults.BatteryLowMv;

    public long BatteryRestoreMv { get; set; } = PostDefaults.BatteryRestoreMv;

    public long TroubleSettleMs { get; set; } = PostDefaults.TroubleSettleMs;

    public long SelfTestLinkTimeoutMs { get; set; } = PostDefaults.SelfTestLinkTimeoutMs;

    /// <summary>Spread of the first connection after boot. A post in the field defaults to 20 s (the core's default, 0, suits tests and simulators).</summary>
    public long ConnectJitterMaxMs { get; set; } = DefaultConnectJitterMaxMs;

    public const long DefaultConnectJitterMaxMs = 20000;

    /// <summary>The core's settings from this file.</summary>
    public PostConfig ToPostConfig(string firmwareVersion)
    {
        return new PostConfig
        {
            PostId = PostId,
            Password = Password,
            MessageKey = SosPost.Protocol.Security.MessageAuth.ParseKey(Key),
            MessageCounterStart = CounterStart,
            FirmwareVersion = firmwareVersion,
            ConfigHash = FileHash,
            HeartbeatIntervalMs = HeartbeatIntervalMs,
            AlarmResendIntervalMs = AlarmResendIntervalMs,
            CameraPulseMs = CameraPulseMs,
            AcknowledgedHoldMs = AcknowledgedHoldMs,
            ButtonDebounceMs = ButtonDebounceMs,
            ButtonHoldMs = ButtonHoldMs,
            StuckButtonMs = StuckButtonMs,
            SelfTestPressMs = SelfTestPressMs,
            LampCheckDelayMs = LampCheckDelayMs,
            LampFailAfterMs = LampFailAfterMs,
            MainsPresentMv = (int)MainsPresentMv,
            BatteryLowMv = (int)BatteryLowMv,
            BatteryRestoreMv = (int)BatteryRestoreMv,
            TroubleSettleMs = TroubleSettleMs,
            SelfTestLinkTimeoutMs = SelfTestLinkTimeoutMs,
            ConnectJitterMaxMs = ConnectJitterMaxMs,
        };
    }

    /// <summary>Null when the post can run with this file, else what is wrong, naming the setting.</summary>
    public string? Validate()
    {
        if (!Topics.IsValidPostId(PostId))
        {
            return "postId: 1 to 32 of A-Z, 0-9 and '-', starting with a letter or digit (e.g. MHC-001)";
        }

        if (ClientCert && !BrokerTls)
        {
            return "clientCert: needs brokerTls true (the certificate is presented in the TLS handshake)";
        }

        if (PasswordFallback && !ClientCert)
        {
            return "passwordFallback: only with clientCert true (it is the certificate's fallback)";
        }

        if (ClientCert && !PasswordFallback && Password.Length != 0)
        {
            return "password: not used when clientCert is true and passwordFallback false; remove it (one secret less on the board) or set passwordFallback true";
        }

        if ((!ClientCert || PasswordFallback) && Password.Length == 0)
        {
            return ClientCert
                ? "password: passwordFallback is true, so the post needs its broker password"
                : "password: the broker never accepts a post without one (or log in with a certificate: clientCert true)";
        }

        if (PasswordPort < 1 || PasswordPort > 65535)
        {
            return "passwordPort: 1 to 65535";
        }

        if (SosPost.Protocol.Security.MessageAuth.ParseKey(Key) == null)
        {
            return "key: the post's message key, 64 hex characters (written by sospost provision)";
        }

        var board = BoardProfiles.Find(Board);
        if (board == null)
        {
            return "board: unknown board \"" + Board + "\" (supported: " + BoardProfiles.Ids() + ")";
        }

        if (!board.Supports(Network))
        {
            return "network: \"" + Network + "\" is not available on " + board.Id + " (it has: " + Join(board.Networks) + ")";
        }

        if (Network == LinkType.Wifi)
        {
            if (WifiSsid.Length < 1 || WifiSsid.Length > 32)
            {
                return "wifiSsid: 1 to 32 characters";
            }

            if (WifiPassword.Length != 0 && (WifiPassword.Length < 8 || WifiPassword.Length > 63))
            {
                return "wifiPassword: empty (open network) or 8 to 63 characters (WPA2)";
            }
        }

        if (!IsHostName(BrokerHost))
        {
            return "brokerHost: a host name or IPv4 address only (no mqtt://, port or path)";
        }

        if (BrokerPort < 1 || BrokerPort > 65535)
        {
            return "brokerPort: 1 to 65535";
        }

        if (!IsHostName(SntpServer1) || !IsHostName(SntpServer2))
        {
            return "sntpServer1/sntpServer2: host names or IPv4 addresses";
        }

        var post = ToPostConfig("0.0.0").Validate();
        return post == null ? null : "post settings: " + post;
    }

    /// <summary>One line for the log: everything but the secrets.</summary>
    public string Describe()
    {
        return "post " + PostId + " on " + Board + " via " + Network + " to " + BrokerHost + ":" + BrokerPort
            + (ClientCert ? " (mutual TLS, client certificate" + (PasswordFallback ? ", password fallback at port " + PasswordPort + ")" : ", no password)") : BrokerTls ? " (TLS)" : " (no TLS)")
            + (CameraFitted ? ", camera fitted" : ", no camera");
    }

    /// <summary>The broker logins to try, in order (<see cref="BrokerLogin.Plan"/>); empty means the post cannot connect.</summary>
    /// <param name="certificateLoaded">Whether the client certificate and its key were read from flash.</param>
    public BrokerLogin[] Logins(bool certificateLoaded)
    {
        return BrokerLogin.Plan(
            ClientCert,
            certificateLoaded,
            PasswordFallback,
            new BrokerLogin(BrokerHost, BrokerPort, true),
            new BrokerLogin(BrokerHost, ClientCert ? PasswordPort : BrokerPort, false));
    }

    /// <summary>A DNS name or dotted IPv4 address: letters, digits, '-' and '.', at most 253 characters.</summary>
    public static bool IsHostName(string? text)
    {
        if (text == null || text.Length == 0 || text.Length > 253 || text[0] == '.' || text[0] == '-'
            || text[text.Length - 1] == '.' || text[text.Length - 1] == '-')
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                || (c == '.' && text[i - 1] != '.');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static string Join(string[] values)
    {
        var text = string.Empty;
        for (var i = 0; i < values.Length; i++)
        {
            text = i == 0 ? values[i] : text + ", " + values[i];
        }

        return text;
    }
}
