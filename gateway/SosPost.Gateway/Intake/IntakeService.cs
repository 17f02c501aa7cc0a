using Microsoft.Extensions.Options;
using SosPost.Mqtt;

namespace SosPost.Gateway.Intake;

/// <summary>
/// Connects to the broker and subscribes intake, retrying with capped backoff until both are done
/// (the broker may start after us, or refuse a subscription until its ACL is fixed). After that the
/// client reconnects and re-subscribes by itself.
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
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                await client.ConnectAsync(stoppingToken);
                foreach (var filter in options.Value.Subscriptions())
                {
                    await client.SubscribeAsync(filter, MqttQos.AtLeastOnce, stoppingToken);
                    logger.LogInformation("Intake subscribed to {TopicFilter}", filter);
                }

                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (MqttSubscribeRejectedException ex)
            {
                logger.LogError("The broker refused intake's subscription to {TopicFilter}: {Reason}; check the ACL of user {UserName}; trying again in {Delay}", ex.TopicFilter, ex.Message, options.Value.UserName, delay);
            }
            catch (MqttException ex)
            {
                logger.LogWarning("Cannot connect intake to the MQTT broker {Endpoint} as {UserName}: {Reason}; trying again in {Delay}", mqtt.Endpoint, options.Value.UserName, ex.Message, delay);
            }

            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetry.Ticks));
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
