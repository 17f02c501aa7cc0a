namespace SosPost.Mqtt.Tests;

public sealed class KeepAlivePolicyTests
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public void A_busy_line_waits_until_the_first_direction_would_go_idle()
    {
        var (action, next) = KeepAlivePolicy.Evaluate(S(10), S(25), null, KeepAlive, PingTimeout);

        Assert.Equal((KeepAliveAction.Wait, S(5)), (action, next));
    }

    [Theory]
    [InlineData(30, 1)]
    [InlineData(1, 30)]
    public void Nothing_sent_or_nothing_received_for_keepalive_sends_a_ping(int sinceSent, int sinceReceived)
    {
        var (action, next) = KeepAlivePolicy.Evaluate(S(sinceSent), S(sinceReceived), null, KeepAlive, PingTimeout);

        Assert.Equal((KeepAliveAction.SendPing, PingTimeout), (action, next));
    }

    [Fact]
    public void An_unanswered_ping_waits_out_the_ping_timeout_then_gives_the_connection_up()
    {
        Assert.Equal((KeepAliveAction.Wait, S(5)), KeepAlivePolicy.Evaluate(S(40), S(40), S(10), KeepAlive, PingTimeout));
        Assert.Equal(KeepAliveAction.ConnectionLost, KeepAlivePolicy.Evaluate(S(45), S(45), S(15), KeepAlive, PingTimeout).Action);
    }

    private static TimeSpan S(int seconds) => TimeSpan.FromSeconds(seconds);
}
