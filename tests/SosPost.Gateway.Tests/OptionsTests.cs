using Microsoft.Extensions.Options;
using SosPost.Gateway.Tests.Support;

namespace SosPost.Gateway.Tests;

public sealed class OptionsTests
{
    [Fact]
    public async Task Invalid_settings_stop_the_gateway_at_start_naming_each_key()
    {
        using var directory = new TempDirectory();
        await using var app = new GatewayApp(directory, new Dictionary<string, string?>
        {
            ["Gateway:Webhook:Url"] = "ftp://dispatch.example/alarms",
            ["Gateway:Webhook:MaxBackoff"] = "00:00:00.5",
            ["Gateway:Mqtt:Port"] = "70000",
            ["Gateway:Registry:SeedFile"] = directory.File("missing.json"),
            ["Gateway:Console:Users:0:PasswordHash"] = "plain-text-password",
        });

        var error = app.StartupFailure();
        var failures = string.Join(Environment.NewLine, Failures(error));

        Assert.Contains("Gateway:Webhook: Url 'ftp://dispatch.example/alarms' must be an absolute http or https URL.", failures, StringComparison.Ordinal);
        Assert.Contains("Gateway:Webhook: MaxBackoff must be at least InitialBackoff.", failures, StringComparison.Ordinal);
        Assert.Contains("Gateway:Mqtt: Port 70000 must be 1 to 65535.", failures, StringComparison.Ordinal);
        Assert.Contains($"Gateway:Registry: SeedFile '{directory.File("missing.json")}' does not exist.", failures, StringComparison.Ordinal);
        Assert.Contains("Gateway:Console: Users:0:PasswordHash of user 'dispatcher' must have the form pbkdf2-sha256$ITERATIONS$SALT$HASH", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("plain-text-password", failures, StringComparison.Ordinal);
    }

    /// <summary>One options type failing throws its exception; several throw them together.</summary>
    private static IEnumerable<string> Failures(Exception? error) => error switch
    {
        OptionsValidationException single => single.Failures,
        AggregateException many => many.InnerExceptions.SelectMany(Failures),
        _ => throw new Xunit.Sdk.XunitException($"Expected options validation to fail, got {error?.ToString() ?? "no error"}"),
    };
}
