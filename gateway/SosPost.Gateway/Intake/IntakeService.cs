using Microsoft.Extensions.Options;
using SosPost.Mqtt;

namespace SosPost.Gateway.Intake;

/// <summary>
/// Connects to the broker and subscribes intake. The first connect is retried here with capped
/// backoff (the broker may start after us); after that the client reconnects and re-subscribes itself.
/// </summary>
public sealed class IntakeService(
    GatewayMqtt mqtt,
    AlarmIntake intake,
    IOptions<MqttOptions> options,
    TimeProvider time,
    ILogger<IntakeService> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var client = mqtt.Client;
        client.MessageReceived = intake.HandleAsync;
        client.ConnectionChanged += OnConnectionChanged;
        try
        {
            await ConnectAsync(client, stoppingToken);
            foreach (var filter in options.Value.Subscriptions())
            {
                await client.SubscribeAsync(filter, MqttQos.AtLeastOnce, stoppingToken);
                logger.LogInformation("Intake subscribed to {TopicFilter}", filter);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (MqttSubscribeRejectedException ex)
        {
            logger.LogError(ex, "The broker refused intake's subscription to {TopicFilter}; check the gateway user's ACL", ex.TopicFilter);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        mqtt.Client.ConnectionChanged -= OnConnectionChanged;
        if (mqtt.IsConnected)
        {
            try
            {
                await mqtt.Client.DisconnectAsync(cancellationToken);
            }
            catch (MqttException ex)
            {
                logger.LogDebug(ex, "Disconnect from the broker was not clean");
            }
        }
    }

    private async Task ConnectAsync(MqttClient client, CancellationToken stoppingToken)
    {
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                await client.ConnectAsync(stoppingToken);
                return;
            }
            catch (MqttConnectException ex)
            {
                logger.LogWarning(
                    "Cannot connect to the MQTT broker {Endpoint} as {UserName}: {Reason}; trying again in {Delay}",
                    mqtt.Endpoint, options.Value.UserName, ex.Message, delay);
            }

            await Task.Delay(delay, time, stoppingToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks));
        }
    }

    private void OnConnectionChanged(bool connected)
    {
        if (connected)
        {
            logger.LogInformation("Connected to the MQTT broker {Endpoint}", mqtt.Endpoint);
        }
        else
        {
            logger.LogWarning("Lost the MQTT broker {Endpoint}; reconnecting", mqtt.Endpoint);
        }
    }
}
