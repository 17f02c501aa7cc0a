using System.Text;
using SosPost.Firmware.Core.Device;

namespace SosPost.Firmware.Core.Tests;

/// <summary>The config file's client-certificate settings and the logins a post tries (docs/flashing.md, section 4).</summary>
public sealed class ClientCertificateConfigTests
{
    private const string Key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private const string CertificateOnly =
        """{"v":1,"postId":"MHC-001","key":"KEY","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"broker.local","brokerTls":true,"clientCert":true}""";

    [Fact]
    public void A_certificate_only_post_needs_no_password_and_defaults_to_the_mutual_TLS_port()
    {
        var config = Read(CertificateOnly);

        Assert.True(config.ClientCert);
        Assert.False(config.PasswordFallback);
        Assert.Equal("", config.Password);
        Assert.Equal(DeviceConfig.DefaultCertificatePort, config.BrokerPort);
        Assert.Contains("(mutual TLS, client certificate, no password)", config.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_only_post_tries_only_its_certificate_and_none_when_the_certificate_is_unusable()
    {
        var config = Read(CertificateOnly);

        var login = Assert.Single(config.Logins(certificateLoaded: true));
        Assert.Equal(("broker.local", 8884, true), (login.Host, login.Port, login.Certificate));
        Assert.Empty(config.Logins(certificateLoaded: false));
    }

    [Fact]
    public void With_password_fallback_the_certificate_comes_first_and_the_password_goes_to_the_password_port()
    {
        var config = Read(CertificateOnly.Replace("}", ""","passwordFallback":true,"password":"s3cret","passwordPort":9883}""", StringComparison.Ordinal));

        var logins = config.Logins(certificateLoaded: true);
        Assert.Equal([("broker.local", 8884, true), ("broker.local", 9883, false)], logins.Select(l => (l.Host, l.Port, l.Certificate)));
        var fallback = Assert.Single(config.Logins(certificateLoaded: false));
        Assert.Equal(("broker.local", 9883, false), (fallback.Host, fallback.Port, fallback.Certificate));
        Assert.DoesNotContain("s3cret", config.Describe() + string.Concat(logins.Select(l => l.Describe())), StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_port_defaults_to_8883()
    {
        Assert.Equal(8883, Read(CertificateOnly.Replace("}", ""","passwordFallback":true,"password":"s3cret"}""", StringComparison.Ordinal)).PasswordPort);
    }

    [Fact]
    public void A_post_without_a_certificate_logs_in_with_its_password_at_the_broker_port()
    {
        var config = Read("""{"v":1,"postId":"MHC-001","password":"s3cret","key":"KEY","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"b","brokerTls":true}""");

        var login = Assert.Single(config.Logins(certificateLoaded: false));
        Assert.Equal(("b", 8883, false), (login.Host, login.Port, login.Certificate));
    }

    [Theory]
    [InlineData("\"brokerTls\":true,", "", "clientCert: needs brokerTls true")]
    [InlineData("\"clientCert\":true", "\"clientCert\":false,\"password\":\"x\",\"passwordFallback\":true", "passwordFallback: only with clientCert true")]
    [InlineData("\"clientCert\":true", "\"clientCert\":true,\"password\":\"s3cret\"", "password: not used when clientCert is true and passwordFallback false")]
    [InlineData("\"clientCert\":true", "\"clientCert\":true,\"passwordFallback\":true", "password: passwordFallback is true")]
    [InlineData("\"clientCert\":true", "\"clientCert\":true,\"passwordPort\":8883", "passwordPort: only with passwordFallback true")]
    [InlineData("\"clientCert\":true", "\"clientCert\":true,\"password\":\"x\",\"passwordFallback\":true,\"passwordPort\":0", "passwordPort: must be a whole number from 1 to 65535")]
    [InlineData("\"clientCert\":true", "\"clientCert\":\"yes\"", "clientCert: must be true or false")]
    [InlineData("\"clientCert\":true", "\"clientCert\":true,\"passwordFallback\":1", "passwordFallback: must be true or false")]
    [InlineData("\"clientCert\":true", "\"clientCert\":true,\"clientKey\":\"k\"", "unknown setting \"clientKey\"")]
    public void A_bad_certificate_setting_is_rejected_naming_it(string replace, string with, string expected)
    {
        var text = CertificateOnly.Replace(replace, with, StringComparison.Ordinal);

        Assert.Null(DeviceConfigReader.Read(Encoding.UTF8.GetBytes(text.Replace("KEY", Key, StringComparison.Ordinal)), out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_post_without_certificate_or_password_is_told_both_ways_out()
    {
        var text = """{"v":1,"postId":"MHC-001","key":"KEY","board":"olimex-esp32-poe","network":"ethernet","brokerHost":"b"}""".Replace("KEY", Key, StringComparison.Ordinal);

        Assert.Null(DeviceConfigReader.Read(Encoding.UTF8.GetBytes(text), out var error));
        Assert.Equal("password: the broker never accepts a post without one (or log in with a certificate: clientCert true)", error);
    }

    private static DeviceConfig Read(string text)
    {
        var config = DeviceConfigReader.Read(Encoding.UTF8.GetBytes(text.Replace("KEY", Key, StringComparison.Ordinal)), out var error);
        Assert.True(config != null, error);
        return config!;
    }
}
