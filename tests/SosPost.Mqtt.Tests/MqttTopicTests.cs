namespace SosPost.Mqtt.Tests;

public sealed class MqttTopicTests
{
    [Theory]
    [InlineData("sos/v1/+/alarm")]
    [InlineData("sos/v1/#")]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("$share/gateways/sos/v1/+/alarm")]
    public void Valid_filters_are_accepted(string filter) => MqttTopic.ValidateTopicFilter(filter, nameof(filter));

    [Theory]
    [InlineData("")]
    [InlineData("sos/#/alarm")]
    [InlineData("sos/v1/a+")]
    [InlineData("sos/v1#")]
    [InlineData("$share/gateways")]
    [InlineData("$share//sos/#")]
    [InlineData("$share/g+/sos/#")]
    [InlineData("a\0b")]
    public void Invalid_filters_are_refused_before_they_reach_the_broker(string filter) =>
        Assert.Throws<ArgumentException>(() => MqttTopic.ValidateTopicFilter(filter, nameof(filter)));

    [Fact]
    public void A_lone_surrogate_is_refused_rather_than_sent_as_a_question_mark()
    {
        var topic = "sos/v1/" + '\ud800';

        Assert.Throws<ArgumentException>(() => MqttTopic.ValidateTopicName(topic, nameof(topic)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sos/v1/+/alarm")]
    [InlineData("sos/v1/#")]
    public void Topic_names_for_publishing_have_no_wildcards(string topic) =>
        Assert.Throws<ArgumentException>(() => MqttTopic.ValidateTopicName(topic, nameof(topic)));
}
