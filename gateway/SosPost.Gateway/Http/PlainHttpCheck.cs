using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SosPost.Gateway.Console;

namespace SosPost.Gateway.Http;

/// <summary>
/// Refuses to start when the console would be served over plain HTTP off loopback (<see cref="ConsoleOptions.AllowPlainHttp"/>):
/// checked with the options, before anything listens, from the configured addresses.
/// </summary>
internal sealed class PlainHttpCheck(IConfiguration configuration) : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        if (options.AllowPlainHttp)
        {
            return ValidateOptionsResult.Success;
        }

        var plain = ListenUrls.Configured(configuration).Where(ListenUrls.IsPlainHttpOffLoopback).ToList();
        return plain.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(Refusal(plain));
    }

    public static string Refusal(IEnumerable<string> urls) =>
        $"{GatewayOptions.Section}:Console:AllowPlainHttp is false, and the gateway would serve the console over plain HTTP on {ListenUrls.Describe(urls)}, " +
        "which other machines can reach: serve HTTPS (a certificate in Kestrel:Certificates:Default, see docs/operations.md), listen on 127.0.0.1 only, " +
        $"or set {GatewayOptions.Section}:Console:AllowPlainHttp=true when a proxy in front serves HTTPS.";
}

/// <summary>
/// The same rule on the addresses the server really bound, for listeners set up in code (which configuration does
/// not show): a backstop that stops such a gateway as soon as it has started.
/// </summary>
internal sealed class PlainHttpGuard(IServer server, IHostApplicationLifetime lifetime, IOptions<ConsoleOptions> options, ILogger<PlainHttpGuard> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Check);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Check()
    {
        var bound = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var plain = bound.Where(ListenUrls.IsPlainHttpOffLoopback).ToList();
        if (options.Value.AllowPlainHttp || plain.Count == 0)
        {
            return;
        }

        logger.LogCritical("Stopping: {Refusal}", PlainHttpCheck.Refusal(plain));
        lifetime.StopApplication();
    }
}
