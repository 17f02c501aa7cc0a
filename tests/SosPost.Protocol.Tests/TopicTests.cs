namespace SosPost.Protocol.Tests;

public sealed class TopicTests
{
    [Fact]
    public void Topics_of_a_post_follow_the_documented_tree()
    {
        Assert.Equal("sos/v1/MHC-001/alarm", Topics.Alarm("MHC-001"));
        Assert.Equal("sos/v1/MHC-001/heartbeat", Topics.Heartbeat("MHC-001"));
        Assert.Equal("sos/v1/MHC-001/status", Topics.Status("MHC-001"));
        Assert.Equal("sos/v1/MHC-001/alarm/state", Topics.AlarmState("MHC-001"));
        Assert.Equal("sos/v1/MHC-001/cmd", Topics.Command("MHC-001"));
        Assert.Equal("sos/v1/MHC-001/event", Topics.Event("MHC-001"));
        Assert.Equal("sos/v1/MHC-001/event/ack", Topics.EventAck("MHC-001"));
        Assert.Equal("sos/v1/MHC-001/selftest", Topics.SelfTest("MHC-001"));
    }

    [Fact]
    public void Gateway_subscription_filters_are_the_documented_ones()
    {
        Assert.Equal("$share/sospost-gateways/sos/v1/+/alarm", Topics.SharedAlarms);
        Assert.Equal("$share/sospost-gateways/sos/v1/+/heartbeat", Topics.SharedHeartbeats);
        Assert.Equal("$share/sospost-gateways/sos/v1/+/event", Topics.SharedEvents);
        Assert.Equal("$share/sospost-gateways/sos/v1/+/selftest", Topics.SharedSelfTests);
        Assert.Equal("sos/v1/+/status", Topics.AllStatus);
    }

    [Theory]
    [InlineData("sos/v1/MHC-001/alarm", "MHC-001", TopicKind.Alarm)]
    [InlineData("sos/v1/MHC-001/heartbeat", "MHC-001", TopicKind.Heartbeat)]
    [InlineData("sos/v1/BKK-PTW-07/status", "BKK-PTW-07", TopicKind.Status)]
    [InlineData("sos/v1/MHC-001/alarm/state", "MHC-001", TopicKind.AlarmState)]
    [InlineData("sos/v1/7/cmd", "7", TopicKind.Command)]
    [InlineData("sos/v1/MHC-001/event", "MHC-001", TopicKind.Event)]
    [InlineData("sos/v1/MHC-001/event/ack", "MHC-001", TopicKind.EventAck)]
    [InlineData("sos/v1/BKK-PTW-07/selftest", "BKK-PTW-07", TopicKind.SelfTest)]
    [InlineData("sos/v1/ABCDEFGHIJKLMNOPQRSTUVWXYZ012345/alarm", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", TopicKind.Alarm)]
    public void Topic_of_the_table_parses_to_post_and_kind(string topic, string postId, TopicKind kind)
    {
        Assert.True(Topics.TryParse(topic, out var id, out var k));
        Assert.Equal(postId, id);
        Assert.Equal(kind, k);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sos/v1/")]
    [InlineData("sos/v1/MHC-001")]
    [InlineData("sos/v1/MHC-001/")]
    [InlineData("sos/v1//alarm")]
    [InlineData("sos/v1/MHC-001/alarm/")]
    [InlineData("sos/v1/MHC-001/alarm/extra")]
    [InlineData("sos/v1/MHC-001/alarm/state/extra")]
    [InlineData("sos/v1/MHC-001/state")]
    [InlineData("sos/v1/MHC-001/Alarm")]
    [InlineData("sos/v1/MHC-001/command")]
    [InlineData("sos/v1/MHC-001/events")]
    [InlineData("sos/v1/MHC-001/event/")]
    [InlineData("sos/v1/MHC-001/event/ack/extra")]
    [InlineData("sos/v1/MHC-001/ack")]
    [InlineData("sos/v1/MHC-001/selftest/ack")]
    [InlineData("sos/v1/MHC-001/self-test")]
    [InlineData("sos/v1/mhc-001/alarm")]
    [InlineData("sos/v1/-MHC/alarm")]
    [InlineData("sos/v1/MHC_001/alarm")]
    [InlineData("sos/v1/MHC 001/alarm")]
    [InlineData("sos/v1/+/alarm")]
    [InlineData("sos/v1/#")]
    [InlineData("sos/v1/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456/alarm")]
    [InlineData("sos/v2/MHC-001/alarm")]
    [InlineData("SOS/v1/MHC-001/alarm")]
    [InlineData("/sos/v1/MHC-001/alarm")]
    [InlineData("x/sos/v1/MHC-001/alarm")]
    [InlineData("$share/sospost-gateways/sos/v1/MHC-001/alarm")]
    [InlineData("sos/v1/MHC-001/alarm\0")]
    [InlineData("sos/v1/MHÇ-001/alarm")]
    public void Topic_outside_the_table_is_not_recognised(string topic)
    {
        Assert.False(Topics.TryParse(topic, out var id, out var kind));
        Assert.Equal(string.Empty, id);
        Assert.Equal(TopicKind.None, kind);
    }

    [Fact]
    public void Null_topic_is_not_recognised()
    {
        Assert.False(Topics.TryParse(null!, out _, out var kind));
        Assert.Equal(TopicKind.None, kind);
    }

    [Theory]
    [InlineData("MHC-001", true)]
    [InlineData("BKK-PTW-07", true)]
    [InlineData("A", true)]
    [InlineData("0", true)]
    [InlineData("9-", true)]
    [InlineData("A--B", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", true)]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("-A", false)]
    [InlineData("mhc-001", false)]
    [InlineData("MHC 001", false)]
    [InlineData("MHC/001", false)]
    [InlineData("MHC+", false)]
    [InlineData("MHC#", false)]
    [InlineData("MHC.001", false)]
    [InlineData("MHÇ", false)]
    public void Post_id_is_valid_only_as_documented(string? postId, bool valid)
    {
        Assert.Equal(valid, Topics.IsValidPostId(postId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mhc-001")]
    [InlineData("+")]
    [InlineData("MHC/001")]
    public void Building_a_topic_for_a_malformed_post_id_throws(string postId)
    {
        Assert.Throws<ArgumentException>(() => Topics.Alarm(postId));
        Assert.Throws<ArgumentException>(() => Topics.Heartbeat(postId));
        Assert.Throws<ArgumentException>(() => Topics.Status(postId));
        Assert.Throws<ArgumentException>(() => Topics.AlarmState(postId));
        Assert.Throws<ArgumentException>(() => Topics.Command(postId));
        Assert.Throws<ArgumentException>(() => Topics.Event(postId));
        Assert.Throws<ArgumentException>(() => Topics.EventAck(postId));
        Assert.Throws<ArgumentException>(() => Topics.SelfTest(postId));
    }
}
