using SosPost.Protocol;
using SosPost.Testing;

namespace SosPost.Simulator.Tests;

/// <summary>
/// Virtual posts that log in with a client certificate, against a real Mosquitto with a mutual-TLS listener
/// (require_certificate, use_identity_as_username) as scripts/lib.sh starts it, and a gateway stand-in.
/// </summary>
public sealed class MutualTlsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_press_travels_over_mutual_TLS_to_the_gateway_and_its_received_comes_back()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct, mutualTls: true);
        rig.AutoAnswer = AlarmState.Received;
        var entries = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal);
        foreach (var id in SimulatorRig.PostIds)
        {
            // No password at all: the certificate is the only way this post can log in.
            var (certificate, key) = await TestCertificates.IssueClientAsync(Path.GetDirectoryName(rig.CaPath)!, id, rig.Folder, Ct);
            entries[id] = Entry(id, password: null, Path.GetFileName(certificate), Path.GetFileName(key), fallback: false);
        }

        await rig.WriteCredentialsAsync(entries, Ct);
        await rig.StartSimulatorAsync(withStateDir: false, Ct, ["--broker", rig.TlsBroker, "--ca", rig.CaPath, "--cert-broker", rig.CertificateBroker], waitConnected: true);

        var press = await rig.CliAsync("press", "MHC-001", "--wait", "received", "--timeout", "10");

        Assert.True(press.Code == 0, press.Error);
        Assert.EndsWith("MHC-001 beacon Received (last alarm 1)", press.Output.Trim(), StringComparison.Ordinal);
        Assert.Equal(1, rig.AlarmsOf("MHC-001")[0].AlarmId);

        // The broker took the certificate's CN as the user name, so the post's ACL patterns applied to it.
        Assert.Contains("u'MHC-001'", rig.BrokerLog, StringComparison.Ordinal);
        Assert.Contains(", client certificates at " + rig.CertificateBroker, rig.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_a_certificate_is_refused_at_the_mutual_TLS_listener_even_with_a_right_password()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct, mutualTls: true);

        // The rig's credentials: right passwords, no certificates, pointed at the certificate listener.
        await rig.StartSimulatorAsync(withStateDir: false, Ct, ["--broker", rig.CertificateBroker, "--ca", rig.CaPath], waitConnected: false);

        await WaitForTlsRefusalsAsync(rig, 2);
        Assert.False((await rig.StatusAsync("MHC-001", Ct)).Connected);
        Assert.Empty(rig.StatusesOf("MHC-001"));
        Assert.DoesNotContain("u'MHC-001'", rig.BrokerLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_fallback_a_refused_certificate_never_turns_into_a_password_login()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct, mutualTls: true);
        await rig.WriteCredentialsAsync(await ForeignCertificatesAsync(rig, fallback: false), Ct);

        await rig.StartSimulatorAsync(withStateDir: false, Ct, ["--broker", rig.TlsBroker, "--ca", rig.CaPath, "--cert-broker", rig.CertificateBroker], waitConnected: false);

        // Several rounds of refused certificates, and the right password on the TLS listener never tried.
        await WaitForTlsRefusalsAsync(rig, 4);
        Assert.False((await rig.StatusAsync("MHC-001", Ct)).Connected);
        Assert.DoesNotContain("u'MHC-001'", rig.BrokerLog, StringComparison.Ordinal);
        Assert.Empty(rig.StatusesOf("MHC-001"));
    }

    [Fact]
    public async Task With_fallback_a_refused_certificate_falls_back_to_the_password_on_the_TLS_listener()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct, mutualTls: true);
        await rig.WriteCredentialsAsync(await ForeignCertificatesAsync(rig, fallback: true), Ct);

        await rig.StartSimulatorAsync(withStateDir: false, Ct, ["--broker", rig.TlsBroker, "--ca", rig.CaPath, "--cert-broker", rig.CertificateBroker], waitConnected: true);

        Assert.True(CountTlsRefusals(rig.BrokerLog) >= 1, rig.BrokerLog);
        Assert.Contains("u'MHC-001'", rig.BrokerLog, StringComparison.Ordinal);
        await Eventually.WaitUntilAsync(() => rig.StatusesOf("MHC-001").Count > 0, SimulatorRig.Timeout, "MHC-001 announces itself over its password login", Ct);
    }

    [Fact]
    public async Task An_unreadable_certificate_stops_run_naming_the_post_unless_the_password_fallback_is_on()
    {
        await using var rig = await SimulatorRig.StartAsync(Ct, mutualTls: true);
        await File.WriteAllTextAsync(Path.Combine(rig.Folder, "broken.crt"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", Ct);
        await File.WriteAllTextAsync(Path.Combine(rig.Folder, "broken.key"), "not a key\n", Ct);
        var entries = new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal)
        {
            ["MHC-001"] = Entry("MHC-001", "pw-MHC-001", "broken.crt", "broken.key", fallback: false),
            ["MHC-002"] = Entry("MHC-002", "pw-MHC-002", null, null, fallback: false),
        };
        await rig.WriteCredentialsAsync(entries, Ct);
        string[] run = ["run", "--posts", rig.PostsPath, "--credentials", rig.CredentialsPath, "--broker", rig.TlsBroker, "--ca", rig.CaPath, "--cert-broker", rig.CertificateBroker];
        using var error = new StringWriter();

        Assert.Equal(2, await Cli.RunAsync(run, TextWriter.Null, error, Ct));
        Assert.Contains("post MHC-001: clientCert " + Path.Combine(rig.Folder, "broken.crt"), error.ToString(), StringComparison.Ordinal);
        Assert.Contains("passwordFallback is false, so it would not log in without it", error.ToString(), StringComparison.Ordinal);

        entries["MHC-001"] = Entry("MHC-001", "pw-MHC-001", "broken.crt", "broken.key", fallback: true);
        await rig.WriteCredentialsAsync(entries, Ct);
        await rig.StartSimulatorAsync(withStateDir: false, Ct, ["--broker", rig.TlsBroker, "--ca", rig.CaPath, "--cert-broker", rig.CertificateBroker], waitConnected: true);
        Assert.Contains("error: post MHC-001: clientCert", rig.Error.ToString(), StringComparison.Ordinal);
        Assert.Contains("logging in with the password fallback", rig.Error.ToString(), StringComparison.Ordinal);
    }

    private static Dictionary<string, object> Entry(string id, string? password, string? certificate, string? key, bool fallback)
    {
        var entry = new Dictionary<string, object>(StringComparer.Ordinal) { ["key"] = TestKeys.PostKeyHex(id) };
        if (password is not null)
        {
            entry["password"] = password;
        }

        if (certificate is not null && key is not null)
        {
            entry["clientCert"] = certificate;
            entry["clientKey"] = key;
        }

        if (fallback)
        {
            entry["passwordFallback"] = true;
        }

        return entry;
    }

    /// <summary>MHC-001 with a certificate naming it, from a CA the broker does not know, and its right password; MHC-002 plain.</summary>
    private static async Task<Dictionary<string, Dictionary<string, object>>> ForeignCertificatesAsync(SimulatorRig rig, bool fallback)
    {
        var foreign = Directory.CreateDirectory(Path.Combine(rig.Folder, "foreign-ca")).FullName;
        await TestCertificates.CreateAsync(foreign, Ct);
        var (certificate, key) = await TestCertificates.IssueClientAsync(foreign, "MHC-001", foreign, Ct);
        return new Dictionary<string, Dictionary<string, object>>(StringComparer.Ordinal)
        {
            ["MHC-001"] = Entry("MHC-001", "pw-MHC-001", certificate, key, fallback),
            ["MHC-002"] = Entry("MHC-002", "pw-MHC-002", null, null, fallback: false),
        };
    }

    private static Task WaitForTlsRefusalsAsync(SimulatorRig rig, int count) =>
        Eventually.WaitUntilAsync(() => CountTlsRefusals(rig.BrokerLog) >= count, SimulatorRig.Timeout, $"the broker refuses {count} TLS handshakes", Ct);

    // Mosquitto logs each handshake it refuses as an OpenSSL error (no certificate, or one it cannot verify).
    private static int CountTlsRefusals(string log) =>
        log.Split('\n').Count(line => line.Contains("OpenSSL Error", StringComparison.Ordinal));
}
