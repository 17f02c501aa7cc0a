namespace SosPost.Mqtt;

internal enum KeepAliveAction
{
    Wait,
    SendPing,
    ConnectionLost,
}

/// <summary>
/// Decides, from how long the line has been quiet, whether to ping or to give the connection up. Pure, so it is tested
/// without waiting. A ping goes out when nothing was sent or nothing was received for the keepalive period (the
/// latter catches a dead broker even while we keep sending QoS 0); the connection is lost when nothing at all
/// arrives within the ping timeout after a ping.
/// </summary>
internal static class KeepAlivePolicy
{
    /// <summary>sincePing is the time since a ping that nothing has answered yet, null when none is outstanding.</summary>
    public static (KeepAliveAction Action, TimeSpan NextCheck) Evaluate(
        TimeSpan sinceSent, TimeSpan sinceReceived, TimeSpan? sincePing, TimeSpan keepAlive, TimeSpan pingTimeout)
    {
        if (sincePing is { } waited)
        {
            return waited >= pingTimeout
                ? (KeepAliveAction.ConnectionLost, TimeSpan.Zero)
                : (KeepAliveAction.Wait, pingTimeout - waited);
        }

        if (sinceSent >= keepAlive || sinceReceived >= keepAlive)
        {
            return (KeepAliveAction.SendPing, pingTimeout);
        }

        var untilSendIdle = keepAlive - sinceSent;
        var untilReceiveIdle = keepAlive - sinceReceived;
        return (KeepAliveAction.Wait, untilSendIdle < untilReceiveIdle ? untilSendIdle : untilReceiveIdle);
    }
}
