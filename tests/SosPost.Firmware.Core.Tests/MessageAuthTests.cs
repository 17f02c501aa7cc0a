using SosPost.Firmware.Core.Tests.Simulators;
using SosPost.Protocol;

namespace SosPost.Firmware.Core.Tests;

/// <summary>The post signs everything it sends, with a counter that never goes back (docs/protocol.md, "Message authentication").</summary>
public sealed class MessageAuthTests
{
    [Fact]
    public void Every_message_the_post_sends_is_signed_with_its_key_and_a_strictly_increasing_counter()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 1000).Online();
        rig.Press();
        rig.Tamper.IsActive = true;
        rig.Run(6000);
        rig.Command(CommandMessage.Heartbeat, "c-1");

        var topics = rig.Link.Published.Select(p => p.Topic).Distinct().ToList();
        Assert.Contains(Topics.Alarm(PostRig.PostId), topics);
        Assert.Contains(Topics.Heartbeat(PostRig.PostId), topics);
        Assert.Contains(Topics.Status(PostRig.PostId), topics);
        Assert.Contains(Topics.Event(PostRig.PostId), topics);
        var counters = rig.Link.Published.Select(p => Signing.CounterOf(p.Topic, p.Payload)).ToList();
        Assert.Equal(counters.OrderBy(c => c).Distinct(), counters);
    }

    [Fact]
    public void A_resent_alarm_is_the_same_alarm_under_a_new_counter()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Run(rig.Config.AlarmResendIntervalMs * 2 + 100);

        var sent = rig.Link.On(Topics.Alarm(PostRig.PostId));
        Assert.True(sent.Count >= 3);
        Assert.Single(sent.Select(p => Signing.Unsigned(p.Payload)).Distinct());
        Assert.Equal(sent.Count, sent.Select(p => Signing.CounterOf(p.Topic, p.Payload)).Distinct().Count());
    }

    [Fact]
    public void After_a_reboot_the_counter_continues_above_everything_sent_before()
    {
        var rig = new PostRig().Online();
        rig.Press();
        rig.Run(1000);
        var before = rig.Link.Published.Max(p => Signing.CounterOf(p.Topic, p.Payload));

        var after = rig.Reboot().Online();
        after.Press();

        var first = after.Link.Published.Min(p => Signing.CounterOf(p.Topic, p.Payload));
        Assert.True(first > before, first + " after " + before);
        Assert.True(Signing.CounterOf(Topics.Status(PostRig.PostId), after.Link.OpenedWith!.Value.WillPayload) > before, "the will of the new boot too");
    }

    [Fact]
    public void The_counter_is_written_to_flash_once_per_block_not_per_message()
    {
        var rig = new PostRig(configure: c => c.HeartbeatIntervalMs = 1000).Online();
        var writes = new List<string>();
        var reserved = rig.Store.Get(MessageCounter.StoreKey);
        for (var i = 0; i < 1500; i++)
        {
            rig.Run(1000);
            var now = rig.Store.Get(MessageCounter.StoreKey);
            if (now != reserved)
            {
                writes.Add(now!);
                reserved = now;
            }
        }

        // About 1500 heartbeats: one new block after the first 1000 messages.
        Assert.InRange(rig.Link.On(Topics.Heartbeat(PostRig.PostId)).Count, 1400, 1600);
        Assert.Single(writes);
        // No gaps: the will took counter 1, the birth 2, the will of the next connection 3, every published message the next.
        Assert.Equal(rig.Link.Published.Count + 2, rig.Link.Published.Max(p => Signing.CounterOf(p.Topic, p.Payload)));
    }

    [Fact]
    public void A_provisioned_start_lifts_the_counter_of_a_fresh_or_wiped_board()
    {
        var rig = new PostRig(configure: c => c.MessageCounterStart = 1795314942120000).Online();

        Assert.Equal(1795314942120000, Signing.CounterOf(Topics.Status(PostRig.PostId), rig.Link.OpenedWith!.Value.WillPayload));
        Assert.Equal(1795314942120001, rig.Link.Published.Min(p => Signing.CounterOf(p.Topic, p.Payload)));
    }

    [Fact]
    public void An_alarm_is_still_signed_and_sent_when_flash_cannot_store_the_counter()
    {
        var store = new InMemoryKeyValueStore { FailWrites = true };
        var rig = new PostRig(store).Online();
        rig.Press();

        var alarm = Assert.Single(rig.Link.On(Topics.Alarm(PostRig.PostId)));
        Assert.True(Signing.CounterOf(alarm.Topic, alarm.Payload) > 0);
        Assert.True(rig.Log.Has("error", "message counter could not be stored"));
    }
}
