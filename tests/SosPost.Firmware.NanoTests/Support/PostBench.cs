#nullable enable
using SosPost.Firmware.Core;
using SosPost.Firmware.NanoTests.Simulators;
using SosPost.Protocol;
using SosPost.Protocol.Security;

namespace SosPost.Firmware.NanoTests.Support;

/// <summary>
/// One post on the workbench: the real core wired to simulators, a tick loop over manual time, and a
/// reboot that keeps only the flash. Every test builds its own bench: the launcher runs test methods
/// without an instance, one after another, so nothing may carry over between them.
/// </summary>
public sealed class PostBench
{
    public const string PostId = "MHC-001";
    public const string Password = "secret";

    /// <summary>The bench post's message key (32 bytes 0x01 to 0x20).</summary>
    public static readonly byte[] Key = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
    public const string Firmware = "0.1.0";

    /// <summary>The device ticks every 10 to 20 ms.</summary>
    public const int TickMs = 10;

    /// <summary>The gateways' first reply counter for the bench post (its counterStart is 0: any counter above 0 is new).</summary>
    public const long FirstGatewayCounter = 1000;

    public PostBench()
        : this(new MemoryKeyValueStore(), DefaultConfig())
    {
    }

    public PostBench(PostConfig config)
        : this(new MemoryKeyValueStore(), config)
    {
    }

    public PostBench(MemoryKeyValueStore store)
        : this(store, DefaultConfig())
    {
    }

    public PostBench(MemoryKeyValueStore store, PostConfig config)
        : this(store, config, FirstGatewayCounter)
    {
    }

    private PostBench(MemoryKeyValueStore store, PostConfig config, long gatewayCounter)
    {
        GatewayCounter = gatewayCounter;
        Store = store;
        Config = config;
        Clock = new ManualClock();
        WallClock = new SimulatedWallClock(Clock);
        Button = new VirtualInput();
        Beacon = new VirtualOutput(Clock);
        Camera = new VirtualOutput(Clock);
        Link = new ScriptedLink();
        Log = new NullLog();
        Tamper = new VirtualInput();
        LampSense = new VirtualLampSense(Beacon);
        MainsVoltage = new VirtualVoltage(13800);
        Battery = new VirtualVoltage(13100);
        Core = new PostCore(config, new PostSeams
        {
            Clock = Clock,
            WallClock = WallClock,
            Button = Button,
            Beacon = Beacon,
            Camera = Camera,
            Link = Link,
            Store = Store,
            Log = Log,
            Tamper = Tamper,
            LampSense = LampSense,
            MainsVoltage = MainsVoltage,
            Battery = Battery,
        });
    }

    public PostConfig Config { get; }

    public ManualClock Clock { get; }

    public SimulatedWallClock WallClock { get; }

    public VirtualInput Button { get; }

    public VirtualOutput Beacon { get; }

    public VirtualOutput Camera { get; }

    public ScriptedLink Link { get; }

    public MemoryKeyValueStore Store { get; }

    public NullLog Log { get; }

    /// <summary>The cabinet door switch (<see cref="VirtualInput.SetLevel"/>: open); closed at start.</summary>
    public VirtualInput Tamper { get; }

    /// <summary>Current flows while the beacon is lit; a working lamp at start.</summary>
    public VirtualLampSense LampSense { get; }

    /// <summary>The mains-derived supply, 13800 mV (present) at start.</summary>
    public VirtualVoltage MainsVoltage { get; }

    /// <summary>The battery, 13100 mV (charged) at start.</summary>
    public VirtualVoltage Battery { get; }

    public PostCore Core { get; }

    /// <summary>The gateways' last reply counter: each signed message takes the next, and a reboot keeps counting.</summary>
    public long GatewayCounter { get; private set; }

    /// <summary>The shipped defaults (heartbeat 60 s, re-send 5 s, hold 10 min) with this bench's identity.</summary>
    public static PostConfig DefaultConfig() => new PostConfig { PostId = PostId, Password = Password, MessageKey = Key, FirmwareVersion = Firmware };

    /// <summary>Power cut and restart: the same flash and configuration, everything else new (uptime 0).</summary>
    public PostBench Reboot() => new PostBench(Store, Config, GatewayCounter);

    /// <summary>First tick (the core opens the link), the broker accepts, second tick (birth, subscriptions).</summary>
    public PostBench Online()
    {
        Core.Tick();
        Link.Connect();
        Core.Tick();
        return this;
    }

    /// <summary>Ticks every <see cref="TickMs"/> until <paramref name="ms"/> have passed.</summary>
    public void Run(long ms)
    {
        var end = Clock.NowMs + ms;
        while (Clock.NowMs < end)
        {
            var next = Clock.NowMs + TickMs;
            Clock.NowMs = next < end ? next : end;
            Core.Tick();
        }
    }

    /// <summary>A citizen's short press, seen on the next tick.</summary>
    public void Press()
    {
        Button.Press();
        Core.Tick();
    }

    /// <summary>The gateway's alarm state message, handled on the next tick.</summary>
    public void Answer(long alarmId, AlarmState state)
    {
        var answer = new AlarmStateMessage { AlarmId = alarmId, State = state, At = WallClock.UtcNow };
        FromGateway(Topics.AlarmState(PostId), PayloadCodec.Encode(answer));
        Core.Tick();
    }

    /// <summary>The gateway acknowledges a trouble event, handled on the next tick.</summary>
    public void Ack(long eventId)
    {
        FromGateway(Topics.EventAck(PostId), PayloadCodec.Encode(new EventAckMessage { EventId = eventId }));
        Core.Tick();
    }

    /// <summary>A command from the gateway, handled on the next tick.</summary>
    public void Command(string name, string id)
    {
        FromGateway(Topics.Command(PostId), PayloadCodec.Encode(new CommandMessage { Command = name, Id = id }));
        Core.Tick();
    }

    /// <summary>A message as a gateway sends it: signed with the post's key under the gateways' next counter.</summary>
    public byte[] SignedByGateway(string topic, byte[] payload)
    {
        GatewayCounter++;
        return new MessageAuth(Key).Sign(topic, payload, GatewayCounter);
    }

    /// <summary>Queues a message signed as a gateway signs it, for the post's next tick.</summary>
    public void FromGateway(string topic, byte[] payload) => Link.Inject(topic, SignedByGateway(topic, payload));

    public void FromGateway(string topic, string json) => FromGateway(topic, Wire.Bytes(json));

    /// <summary>Every trouble event the post has published so far (re-sends included), decoded.</summary>
    public EventMessage[] Events()
    {
        var sent = Link.On(Topics.Event(PostId));
        var events = new EventMessage[sent.Length];
        for (var i = 0; i < sent.Length; i++)
        {
            events[i] = Wire.Event(sent[i].Payload);
        }

        return events;
    }

    /// <summary>Every self-test report the post has published so far, decoded.</summary>
    public SelfTestMessage[] SelfTests()
    {
        var sent = Link.On(Topics.SelfTest(PostId));
        var reports = new SelfTestMessage[sent.Length];
        for (var i = 0; i < sent.Length; i++)
        {
            reports[i] = Wire.SelfTest(sent[i].Payload);
        }

        return reports;
    }

    /// <summary>Every alarm the post has published so far, decoded.</summary>
    public AlarmMessage[] Alarms()
    {
        var sent = Link.On(Topics.Alarm(PostId));
        var alarms = new AlarmMessage[sent.Length];
        for (var i = 0; i < sent.Length; i++)
        {
            alarms[i] = Wire.Alarm(sent[i].Payload);
        }

        return alarms;
    }

    /// <summary>The last alarm published; fails the test when there is none.</summary>
    public AlarmMessage LastAlarm()
    {
        var alarms = Alarms();
        if (alarms.Length == 0)
        {
            throw Wire.Failure("the post has published no alarm");
        }

        return alarms[alarms.Length - 1];
    }

    /// <summary>The alarm waiting in flash for the gateway's "received", decoded; fails the test when there is none.</summary>
    public AlarmMessage PendingInFlash()
    {
        var text = Store.Get(AlarmOutbox.PendingKey);
        if (text == null)
        {
            throw Wire.Failure("no pending alarm in flash");
        }

        return Wire.Alarm(Wire.Bytes(text));
    }
}
