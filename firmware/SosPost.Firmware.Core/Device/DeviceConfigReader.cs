using SosPost.Protocol.Json;

namespace SosPost.Firmware.Core.Device;

/// <summary>
/// Reads a post's config file: one flat JSON object, read by the protocol's strict reader (duplicate
/// names, trailing commas and bad UTF-8 are errors). Unknown names are errors too, so that a misspelt
/// optional setting is reported instead of silently taking its default. Never throws.
/// </summary>
public static class DeviceConfigReader
{
    /// <summary>Version of the file format (<c>"v"</c>).</summary>
    public const int FormatVersion = 1;

    /// <summary>Upper bound of the file; a real one is well under 1 KB.</summary>
    public const int MaxBytes = 4096;

    private static readonly string[] KnownNames =
    {
        "v", "postId", "password", "key", "counterStart", "board", "network", "wifiSsid", "wifiPassword", "brokerHost", "brokerPort",
        "brokerTls", "clientCert", "passwordFallback", "passwordPort", "sntpServer1", "sntpServer2", "camera", "heartbeatIntervalMs", "alarmResendIntervalMs",
        "cameraPulseMs", "acknowledgedHoldMs", "buttonDebounceMs", "buttonHoldMs", "stuckButtonMs", "selfTestPressMs",
        "lampCheckDelayMs", "lampFailAfterMs", "mainsPresentMv", "batteryLowMv", "batteryRestoreMv", "troubleSettleMs",
        "selfTestLinkTimeoutMs", "connectJitterMaxMs",
    };

    /// <summary>The config, or null with <paramref name="error"/> saying what to fix.</summary>
    public static DeviceConfig? Read(byte[]? utf8, out string error)
    {
        if (utf8 == null || utf8.Length == 0)
        {
            error = "the file is empty";
            return null;
        }

        if (utf8.Length > MaxBytes)
        {
            error = "the file is larger than " + MaxBytes + " bytes";
            return null;
        }

        if (utf8.Length >= 3 && utf8[0] == 0xEF && utf8[1] == 0xBB && utf8[2] == 0xBF)
        {
            // Some Windows editors add one; the strict reader would only say "not JSON".
            error = "the file starts with a byte order mark: save it as UTF-8 without BOM";
            return null;
        }

        var json = JsonReader.ReadObject(utf8);
        if (json == null)
        {
            error = "not one well-formed JSON object (check quotes, commas and braces)";
            return null;
        }

        foreach (var name in json.Names)
        {
            if (!IsKnown((string)name))
            {
                error = "unknown setting \"" + (string)name + "\" (check its spelling)";
                return null;
            }
        }

        var fields = new Fields(json);
        fields.Integer("v", FormatVersion, FormatVersion, true, 0);
        var config = new DeviceConfig
        {
            PostId = fields.Text("postId", true, string.Empty),
            Password = fields.Text("password", false, string.Empty),
            Key = fields.Text("key", true, string.Empty),
            Board = fields.Text("board", true, string.Empty),
            Network = fields.Text("network", true, string.Empty),
            WifiSsid = fields.Text("wifiSsid", false, string.Empty),
            WifiPassword = fields.Text("wifiPassword", false, string.Empty),
            BrokerHost = fields.Text("brokerHost", true, string.Empty),
            BrokerTls = fields.Boolean("brokerTls", false),
            ClientCert = fields.Boolean("clientCert", false),
            PasswordFallback = fields.Boolean("passwordFallback", false),
            SntpServer1 = fields.Text("sntpServer1", false, DeviceConfig.DefaultSntpServer1),
            SntpServer2 = fields.Text("sntpServer2", false, DeviceConfig.DefaultSntpServer2),
            CameraFitted = fields.Boolean("camera", true),
            FileHash = ConfigHash.Of(utf8),
        };
        config.CounterStart = fields.Integer("counterStart", 0, 999999999999999999, false, 0);
        config.BrokerPort = (int)fields.Integer(
            "brokerPort", 1, 65535, false, config.ClientCert ? DeviceConfig.DefaultCertificatePort : config.BrokerTls ? DeviceConfig.DefaultTlsPort : DeviceConfig.DefaultPort);
        config.PasswordPort = (int)fields.Integer("passwordPort", 1, 65535, false, DeviceConfig.DefaultTlsPort);
        if (fields.Error == null && json.Has("passwordPort") && !config.PasswordFallback)
        {
            // A port that would never be used is a sign the file says something other than what was meant.
            error = "passwordPort: only with passwordFallback true";
            return null;
        }
        config.HeartbeatIntervalMs = fields.Integer("heartbeatIntervalMs", 1000, 3600000, false, config.HeartbeatIntervalMs);
        config.AlarmResendIntervalMs = fields.Integer("alarmResendIntervalMs", 100, 600000, false, config.AlarmResendIntervalMs);
        config.CameraPulseMs = fields.Integer("cameraPulseMs", 1, 60000, false, config.CameraPulseMs);
        config.AcknowledgedHoldMs = fields.Integer("acknowledgedHoldMs", 1000, 86400000, false, config.AcknowledgedHoldMs);

        // Wide bounds here (a number at all); PostConfig.Validate names the setting when the value is out of its range.
        config.ButtonDebounceMs = fields.Integer("buttonDebounceMs", 0, 86400000, false, config.ButtonDebounceMs);
        config.ButtonHoldMs = fields.Integer("buttonHoldMs", 0, 86400000, false, config.ButtonHoldMs);
        config.StuckButtonMs = fields.Integer("stuckButtonMs", 0, 86400000, false, config.StuckButtonMs);
        config.SelfTestPressMs = fields.Integer("selfTestPressMs", 0, 86400000, false, config.SelfTestPressMs);
        config.LampCheckDelayMs = fields.Integer("lampCheckDelayMs", 0, 86400000, false, config.LampCheckDelayMs);
        config.LampFailAfterMs = fields.Integer("lampFailAfterMs", 0, 86400000, false, config.LampFailAfterMs);
        config.MainsPresentMv = fields.Integer("mainsPresentMv", 0, 100000, false, config.MainsPresentMv);
        config.BatteryLowMv = fields.Integer("batteryLowMv", 0, 100000, false, config.BatteryLowMv);
        config.BatteryRestoreMv = fields.Integer("batteryRestoreMv", 0, 100000, false, config.BatteryRestoreMv);
        config.TroubleSettleMs = fields.Integer("troubleSettleMs", 0, 86400000, false, config.TroubleSettleMs);
        config.SelfTestLinkTimeoutMs = fields.Integer("selfTestLinkTimeoutMs", 0, 86400000, false, config.SelfTestLinkTimeoutMs);
        config.ConnectJitterMaxMs = fields.Integer("connectJitterMaxMs", 0, 86400000, false, config.ConnectJitterMaxMs);
        if (fields.Error != null)
        {
            error = fields.Error;
            return null;
        }

        var problem = config.Validate();
        if (problem != null)
        {
            error = problem;
            return null;
        }

        error = string.Empty;
        return config;
    }

    private static bool IsKnown(string name)
    {
        for (var i = 0; i < KnownNames.Length; i++)
        {
            if (KnownNames[i] == name)
            {
                return true;
            }
        }

        return false;
    }

    // Typed getters that name the first bad setting in words a technician can act on.
    private sealed class Fields
    {
        private readonly JsonObject _json;

        public Fields(JsonObject json)
        {
            _json = json;
        }

        public string? Error { get; private set; }

        public string Text(string name, bool required, string fallback)
        {
            if (!Present(name, required))
            {
                return fallback;
            }

            var value = _json.String(name, !required);
            return Check(name, required ? "a non-empty string in quotes" : "a string in quotes") ? value : fallback;
        }

        public bool Boolean(string name, bool fallback)
        {
            if (!Present(name, false))
            {
                return fallback;
            }

            var value = _json.Boolean(name);
            return Check(name, "true or false (no quotes)") ? value : fallback;
        }

        public long Integer(string name, long min, long max, bool required, long fallback)
        {
            if (!Present(name, required))
            {
                return fallback;
            }

            var value = _json.Integer(name, min, max);
            return Check(name, "a whole number from " + min + " to " + max) ? value : fallback;
        }

        private bool Present(string name, bool required)
        {
            if (Error != null)
            {
                return false;
            }

            if (_json.Has(name))
            {
                return true;
            }

            if (required)
            {
                Error = name + ": missing";
            }

            return false;
        }

        private bool Check(string name, string expected)
        {
            if (_json.Reason == null)
            {
                return true;
            }

            Error = name + ": must be " + expected;
            return false;
        }
    }
}
