namespace SosPost.Gateway.Dispatch.Sia;

/// <summary>Sends one DC-09 frame to the receiver and returns its answer frame, or null when none came in time.</summary>
/// <remarks>Connection faults throw <see cref="System.Net.Sockets.SocketException"/> or <see cref="IOException"/>.</remarks>
public interface ISiaChannel
{
    Task<byte[]?> ExchangeAsync(byte[] frame, CancellationToken cancellationToken);
}

/// <summary>Cuts the first complete LF ... CR frame out of received bytes (a receiver may send two NAKs in a row).</summary>
public static class SiaFraming
{
    public static byte[]? FirstFrame(ReadOnlySpan<byte> received)
    {
        var start = received.IndexOf((byte)'\n');
        if (start < 0)
        {
            return null;
        }

        var end = received[start..].IndexOf((byte)'\r');
        return end < 0 ? null : received.Slice(start, end + 1).ToArray();
    }
}
