#nullable enable
using System;
using System.Collections;
using SosPost.Firmware.NanoTests.Simulators;
using SosPost.Firmware.NanoTests.Support;
using NativeGC = nanoFramework.Runtime.Native.GC;

namespace SosPost.Bench.PostProbe;

/// <summary>
/// The post's managed heap and tick time on nanoCLR, built and run by tests/Bench/Nano (docs/performance.md,
/// "The post on nanoCLR"). Prints one "probe ..." line per reading. Free heap is read with
/// <c>GC.Run(false)</c>, a full collection without compaction (<c>GC.Run(true)</c> crashes the Linux host), so
/// each reading is what is still reachable. The bench's recordings (every publish and lamp change the story
/// checks) are test equipment, not the post: each reading measures them by building a copy and subtracts them.
/// </summary>
public static class HeapProbe
{
    private static readonly ArrayList Benches = new ArrayList();
    private static readonly ArrayList LastPostBytes = new ArrayList();
    private static uint _baseline;

    // A static field, not a local: the compiler may drop a local that is never read, and the copy must be alive.
    private static object? _copy;

    public static void Main()
    {
        Console.WriteLine("probe start");
        Layout();

        _baseline = NativeGC.Run(false);
        Console.WriteLine("probe baseline " + _baseline);

        var bench = TickTimer.IdlePost();
        Read("idle", bench);

        // Free heap after a full collection cannot see garbage made and dropped in between: this reads what an
        // idle tick keeps (the bench also counts what the same ticks allocate on .NET).
        var only = new ArrayList();
        only.Add(bench);
        var before = NativeGC.Run(false);
        var recordedBefore = Recordings(only);
        bench.Run(ProbeSettings.IdleTicks * PostBench.TickMs);
        var after = NativeGC.Run(false);
        var recordedAfter = Recordings(only);
        Console.WriteLine("probe idle-retained " + ProbeSettings.IdleTicks + " " + before + " " + after + " " + recordedBefore + " " + recordedAfter);
        only = null;

        for (var i = 0; i < ProbeSettings.Repeats; i++)
        {
            Console.WriteLine("probe time idle " + ProbeSettings.TimedTicks + " " + TickTimer.Time(TickTimer.IdlePost(), ProbeSettings.TimedTicks));
            Console.WriteLine("probe time alarm " + ProbeSettings.TimedTicks + " " + TickTimer.Time(TickTimer.AlarmPost(), ProbeSettings.TimedTicks));
        }

        bench = null;
        Console.WriteLine("probe story-baseline " + NativeGC.Run(false));
        Benches.Clear();
        LastPostBytes.Clear();
        StoryCheckpoint.Listener = Read;
        RunStory();
        StoryCheckpoint.Listener = null;
        Console.WriteLine("probe done");
    }

    private static void RunStory() => SosPost.Firmware.NanoTests.PostStoryTests.A_post_lives_through_alarms_troubles_a_self_test_and_a_power_cut();

    /// <summary>One reading: the heap in use since the baseline, less the recordings and the posts of earlier chapters' benches.</summary>
    private static void Read(string chapter, PostBench bench)
    {
        var index = Benches.IndexOf(bench);
        if (index < 0)
        {
            Benches.Add(bench);
            LastPostBytes.Add(0L);
            index = Benches.Count - 1;
        }

        var free = NativeGC.Run(false);
        var recordings = Recordings(Benches);

        long others = 0;
        for (var i = 0; i < Benches.Count; i++)
        {
            if (i != index)
            {
                others += (long)LastPostBytes[i]!;
            }
        }

        var post = (long)_baseline - free - recordings - others;
        LastPostBytes[index] = post;
        Console.WriteLine("probe chapter " + post + " " + ((long)_baseline - free) + " " + recordings + " " + others + " " + chapter);
    }

    /// <summary>Heap the benches' recordings hold: what a copy of them, built as the benches built them (one Add at a time), takes.</summary>
    private static long Recordings(ArrayList benches)
    {
        var free = NativeGC.Run(false);
        _copy = CopyRecordings(benches);
        var freeWithCopy = NativeGC.Run(false);
        _copy = null;
        return (long)free - freeWithCopy;
    }

    private static object CopyRecordings(ArrayList benches)
    {
        var copies = new ArrayList();
        foreach (PostBench bench in benches)
        {
            var published = new ArrayList();
            foreach (PublishedMessage message in bench.Link.Published)
            {
                var payload = new byte[message.Payload.Length];
                Array.Copy(message.Payload, payload, payload.Length);
                published.Add(new PublishedMessage(message.Topic, payload, message.Qos1, message.Retain));
            }

            var subscriptions = new ArrayList();
            foreach (string topic in bench.Link.Subscriptions)
            {
                subscriptions.Add(topic);
            }

            copies.Add(published);
            copies.Add(subscriptions);
            copies.Add(CopyChanges(bench.Beacon.Changes));
            copies.Add(CopyChanges(bench.Camera.Changes));
        }

        return copies;
    }

    private static ArrayList CopyChanges(ArrayList changes)
    {
        var copy = new ArrayList();
        foreach (OutputChange change in changes)
        {
            copy.Add(new OutputChange(change.AtMs, change.On));
        }

        return copy;
    }

    /// <summary>What this interpreter's objects cost: the bench scales host bytes to the ESP32's 12-byte heap blocks with these.</summary>
    private static void Layout()
    {
        const int Count = 200;
        var holder = new object[Count];
        var empty = NativeGC.Run(false);
        for (var i = 0; i < Count; i++)
        {
            holder[i] = new NoFields();
        }

        var noFields = NativeGC.Run(false);
        for (var i = 0; i < Count; i++)
        {
            holder[i] = new FourFields();
        }

        var fourFields = NativeGC.Run(false);
        for (var i = 0; i < Count; i++)
        {
            holder[i] = new byte[0];
        }

        var bytes0 = NativeGC.Run(false);
        for (var i = 0; i < Count; i++)
        {
            holder[i] = new byte[240];
        }

        var bytes240 = NativeGC.Run(false);
        Console.WriteLine("probe layout " + Count + " " + (empty - noFields) + " " + (empty - fourFields) + " " + (empty - bytes0) + " " + (empty - bytes240));
    }

    private sealed class NoFields
    {
    }

    private sealed class FourFields
    {
        public object? A;
        public object? B;
        public long C;
        public bool D;
    }
}
