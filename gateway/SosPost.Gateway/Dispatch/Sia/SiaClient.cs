using System.Globalization;
using System.Net.Sockets;

namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>
/// Sends DC-09 messages and reads the receiver's answer: ACK with this sequence is delivered, DUH is rejected, NAK
/// resynchronises the clock from the receiver's timestamp and sends once more at once. Shared by the sink and the
/// NULL supervision so both draw from one sequence.
/// </summary>
public sealed class SiaClient(SiaEncoder encoder, ISiaChannel channel, TimeProvider time, SiaSequence sequence, TimeSpan ackTimeout, byte[]? key)
{
    private long _offsetTicks;

    public static SiaClient From(SiaOptions options, TimeProvider time) => new(
        SiaEncoder.From(options),
        options.Transport == SiaTransport.Tcp
            ? new SiaTcpChannel(options.Host!, options.Port, options.AckTimeout)
            : new SiaUdpChannel(options.Host!, options.Port, options.AckTimeout, options.UdpAttempts),
        time,
        new SiaSequence(),
        options.AckTimeout,
        options.KeyBytes);

    /// <summary>Receiver's clock minus ours, learnt from its last NAK; added to every timestamp sent.</summary>
    public TimeSpan ClockOffset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>The timestamp of the last NAK received, null before the first.</summary>
    public DateTimeOffset? LastNakTimestamp { get; private set; }

    /// <summary>Sends an event of the gateway's account, zone 001, or a NULL supervision message when <paramref name="value"/> is null.</summary>
    public Task<DeliveryResult> SendAsync(SiaEvent? value, CancellationToken cancellationToken) => SendAsync(value, null, cancellationToken);

    /// <summary>Sends an event with the account and zone of <paramref name="address"/> (null: the gateway's account, zone 001), or a NULL message.</summary>
    public async Task<DeliveryResult> SendAsync(SiaEvent? value, SiaAddress? address, CancellationToken cancellationToken)
    {
        var account = value is null ? encoder.Account : address?.Account ?? encoder.Account;

        // Resent frames keep their sequence number, so the receiver can tell a repeat from a new message.
        var number = sequence.Next();
        for (var attempt = 1; ; attempt++)
        {
            var at = time.GetUtcNow() + ClockOffset;
            var frame = value is { } v ? encoder.Event(v, number, at, address ?? new SiaAddress(encoder.Account, 1)) : encoder.Null(number, at);
            byte[]? answer;
            try
            {
                answer = await channel.ExchangeAsync(frame, cancellationToken);
            }
            catch (Exception ex) when (ex is SocketException or IOException)
            {
                return DeliveryResult.RetryLater($"SIA receiver: {ex.Message}");
            }

            if (answer is null)
            {
                return DeliveryResult.RetryLater($"SIA receiver: no answer within {ackTimeout}");
            }

            if (!SiaResponse.TryParse(answer, out var response, out var error))
            {
                return DeliveryResult.RetryLater($"SIA receiver: unreadable answer, {error}");
            }

            switch (response!.Id)
            {
                case "ACK" or "*ACK":
                    return Acknowledged(response, number, account);
                case "DUH":
                    return DeliveryResult.Rejected($"SIA receiver answered DUH to message {number:D4}: it does not understand it");
                case "NAK":
                    if (response.Timestamp is { } theirs)
                    {
                        LastNakTimestamp = theirs;
                        Interlocked.Exchange(ref _offsetTicks, (theirs - time.GetUtcNow()).Ticks);
                        if (attempt == 1)
                        {
                            continue;
                        }
                    }

                    return DeliveryResult.RetryLater(string.Create(
                        CultureInfo.InvariantCulture,
                        $"SIA receiver answered NAK to message {number:D4} (its time {response.Timestamp:yyyy-MM-ddTHH:mm:ssZ}, clock offset {ClockOffset.TotalSeconds:0} s)"));
                default:
                    return DeliveryResult.RetryLater($"SIA receiver: unexpected answer \"{response.Id}\"");
            }
        }
    }

    private DeliveryResult Acknowledged(SiaResponse response, int number, string account)
    {
        if (response.Sequence != number || !string.Equals(response.Account, account, StringComparison.OrdinalIgnoreCase))
        {
            return DeliveryResult.RetryLater($"SIA receiver acknowledged {response.Sequence:D4} #{response.Account}, not {number:D4} #{account}");
        }

        if (key is not null && (!response.Encrypted || response.Decrypt(key) is null))
        {
            return DeliveryResult.RetryLater("SIA receiver's ACK is not encrypted with our key");
        }

        return DeliveryResult.Delivered;
    }
}
