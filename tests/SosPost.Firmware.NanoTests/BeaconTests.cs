#nullable enable
using nanoFramework.TestFramework;
using SosPost.Firmware.Core;
using SosPost.Firmware.NanoTests.Support;
using SosPost.Protocol;

namespace SosPost.Firmware.NanoTests;

/// <summary>What the lamp tells the citizen, and a technician walking past the post.</summary>
[TestClass]
public static class BeaconTests
{
    // Data rows carry ints and strings only: those are the argument types the device's runner is known to
    // pass through (its own samples use them); the state is cast back from its number.
    private const int Idle = (int)BeaconState.Idle;
    private const int Sending = (int)BeaconState.Sending;
    private const int Received = (int)BeaconState.Received;
    private const int Dispatched = (int)BeaconState.Dispatched;
    private const int Fault = (int)BeaconState.Fault;
    private const int Lit = 1;
    private const int Dark = 0;

    [TestMethod]
    [DataRow(Sending, 0, Lit)]
    [DataRow(Sending, 99, Lit)]
    [DataRow(Sending, 100, Dark)]
    [DataRow(Sending, 199, Dark)]
    [DataRow(Sending, 200, Lit)]
    [DataRow(Received, 499, Lit)]
    [DataRow(Received, 500, Dark)]
    [DataRow(Received, 1000, Lit)]
    [DataRow(Dispatched, 0, Lit)]
    [DataRow(Dispatched, 123456789, Lit)]
    [DataRow(Idle, 49, Lit)]
    [DataRow(Idle, 50, Dark)]
    [DataRow(Idle, 4999, Dark)]
    [DataRow(Idle, 5000, Lit)]
    [DataRow(Fault, 50, Lit)]
    [DataRow(Fault, 150, Dark)]
    [DataRow(Fault, 250, Lit)]
    [DataRow(Fault, 350, Dark)]
    [DataRow(Fault, 2000, Lit)]
    [DataRow(Sending, -5, Lit)]
    public static void Lamp_is_a_pure_function_of_state_and_time_in_state(int state, int msInState, int lit)
    {
        var expected = lit == Lit;
        Assert.AreEqual(expected, BeaconPattern.IsLit((BeaconState)state, msInState), BeaconPattern.NameOf((BeaconState)state) + " at " + msInState + " ms");
    }

    [TestMethod]
    [DataRow(Sending, 5000)]
    [DataRow(Received, 5000)]
    [DataRow(Dispatched, 10000)]
    [DataRow(Idle, 100)]
    [DataRow(Fault, 1000)]
    public static void Lamp_is_lit_for_the_documented_share_of_ten_seconds(int state, int litMs)
    {
        var count = 0;
        for (var ms = 0; ms < 10000; ms++)
        {
            if (BeaconPattern.IsLit((BeaconState)state, ms))
            {
                count++;
            }
        }

        Assert.AreEqual(litMs, count, BeaconPattern.NameOf((BeaconState)state) + ": lit milliseconds in 10 s");
    }

    [TestMethod]
    [DataRow(Idle, "Idle")]
    [DataRow(Sending, "Sending")]
    [DataRow(Received, "Received")]
    [DataRow(Dispatched, "Dispatched")]
    [DataRow(Fault, "Fault")]
    public static void State_names_are_the_ones_in_the_log(int state, string name)
    {
        Assert.AreEqual(name, BeaconPattern.NameOf((BeaconState)state));
    }

    [TestMethod]
    public static void Beacon_goes_sending_received_dispatched_then_back_to_idle()
    {
        var config = PostBench.DefaultConfig();
        config.AcknowledgedHoldMs = 10000;
        var bench = new PostBench(config);
        Expect.Beacon(BeaconState.Fault, bench);
        bench.Online();
        Expect.Beacon(BeaconState.Idle, bench);

        bench.Press();
        Expect.Beacon(BeaconState.Sending, bench);
        bench.Answer(1, AlarmState.Received);
        Expect.Beacon(BeaconState.Received, bench);
        bench.Answer(1, AlarmState.Dispatched);
        Expect.Beacon(BeaconState.Dispatched, bench);

        bench.Run(9990);
        Expect.Beacon(BeaconState.Dispatched, bench);
        bench.Run(10);
        Expect.Beacon(BeaconState.Idle, bench);
        Assert.AreEqual(0L, bench.Core.CurrentAlarmId, "the alarm is finished");
        Expect.NoErrorLogged(bench);
    }

    [TestMethod]
    public static void Dispatched_arriving_before_received_shows_dispatched_and_ends_the_resending()
    {
        var bench = new PostBench().Online();
        bench.Press();

        bench.Answer(1, AlarmState.Dispatched);
        bench.Answer(1, AlarmState.Received);
        bench.Run(15000);

        Expect.Beacon(BeaconState.Dispatched, bench);
        Assert.AreEqual(1, bench.Alarms().Length, "not re-sent after dispatched");
        Assert.IsFalse(bench.Store.Contains(AlarmOutbox.PendingKey), "dispatched also clears the outbox");
    }

    [TestMethod]
    public static void Sending_lamp_blinks_100_ms_on_100_ms_off_from_the_press()
    {
        var bench = new PostBench().Online();
        bench.Run(1000);
        var pressedAtMs = bench.Clock.NowMs;

        bench.Press();
        bench.Run(990);

        var changes = bench.Beacon.ChangesSince(pressedAtMs);
        Assert.AreEqual(10, changes.Length, "lamp changes in the first second");
        for (var i = 0; i < changes.Length; i++)
        {
            Assert.AreEqual(pressedAtMs + (i * 100), changes[i].AtMs, "change " + i);
            Assert.AreEqual(i % 2 == 0, changes[i].On, "change " + i);
        }
    }

    [TestMethod]
    public static void Lamp_output_is_written_only_when_it_changes()
    {
        var bench = new PostBench().Online();

        bench.Run(20000);

        // Idle: a 50 ms blip every 5 s is two writes per 5 s, not one per tick.
        var writes = bench.Beacon.SetCalls;
        Assert.IsTrue(writes >= 8 && writes <= 10, "GPIO writes in 20 s idle: " + writes);
    }
}
