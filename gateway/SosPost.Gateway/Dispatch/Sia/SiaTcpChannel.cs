using System.Net.Sockets;

namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>One TCP connection per message: connect, send, read the answer, close. Simple, and no idle link to supervise.</summary>
public sealed class SiaTcpChannel(string host, int port, TimeSpan timeout) : ISiaChannel
{
    public async Task<byte[]?> ExchangeAsync(byte[] frame, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, deadline.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(frame, deadline.Token);
            var received = new List<byte>();
            var buffer = new byte[1024];
            while (true)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    throw new IOException("the receiver closed the connection without an answer");
                }

                received.AddRange(buffer.AsSpan(0, read));
                if (SiaFraming.FirstFrame(received.ToArray()) is { } answer)
                {
                    return answer;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
