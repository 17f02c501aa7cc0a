using Microsoft.Extensions.Options;

namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>Sends a NULL message every <see cref="SiaOptions.NullInterval"/>, so the centre notices a silent gateway.</summary>
public sealed partial class SiaSupervision(IServiceProvider services, IOptions<SiaOptions> options, TimeProvider time, ILogger<SiaSupervision> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || options.Value.NullInterval is not { } interval)
        {
            return;
        }

        var client = services.GetRequiredService<SiaClient>();
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var result = await client.SendAsync(null, stoppingToken);
                if (result.Outcome == DeliveryOutcome.Delivered)
                {
                    LogNullAcknowledged(logger);
                }
                else
                {
                    LogNullFailed(logger, result.Reason);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SIA NULL supervision message acknowledged")]
    private static partial void LogNullAcknowledged(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SIA NULL supervision message failed: {Reason}")]
    private static partial void LogNullFailed(ILogger logger, string? reason);
}
