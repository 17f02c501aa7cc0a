using System.Net.Sockets;

namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>UDP: send, wait for the answer, send the same frame again when none comes, up to <c>attempts</c> times.</summary>
public sealed class SiaUdpChannel(string host, int port, TimeSpan timeout, int attempts) : ISiaChannel
{
    public async Task<byte[]?> ExchangeAsync(byte[] frame, CancellationToken cancellationToken)
    {
        using var client = new UdpClient();
        client.Connect(host, port);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            await client.SendAsync(frame, cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                while (true)
                {
                    var datagram = await client.ReceiveAsync(deadline.Token);
                    if (SiaFraming.FirstFrame(datagram.Buffer) is { } answer)
                    {
                        return answer;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // No answer in time: send again.
            }
        }

        return null;
    }
}
