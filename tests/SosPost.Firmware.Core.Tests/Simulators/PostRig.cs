using System.Text;
using SosPost.Protocol;
using SosPost.Protocol.Security;

namespace SosPost.Firmware.Core.Tests.Simulators;

/// <summary>
/// One post on the bench: the core wired to simulators, a tick loop over fake time, and a reboot
/// that keeps only the flash.
/// </summary>
public sealed class PostRig
{
    public const string PostId = "MHC-001";
    public const int TickMs = 10;

    /// <summary>The bench post's message key (32 bytes 0x01..0x20): tests verify what it sends with it.</summary>
    public static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    // The gateways' counter for the bench post: one sequence (as their shared store keeps it), starting at the time in
    // microseconds, above the floor of a post provisioned before now.
    private static long s_gatewayCounter = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10;

    // withHealthSeams false: no tamper, lamp sense, supply, system or health seams (a bare post).
    public PostRig(InMemoryKeyValueStore? store = null, bool withCamera = true, Action<PostConfig>? configure = null, bool withHealthSeams = true, string resetReason = ResetReason.PowerOn)
    {
        WithHealthSeams = withHealthSeams;
        Store = store ?? new InMemoryKeyValueStore();
        Clock = new FakeClock();
        WallClock = new FakeWallClock(Clock);
        Button = new VirtualButton();
        Beacon = new VirtualPin(Clock);
        Camera = withCamera ? new VirtualPin(Clock) : null;
        Link = new SimulatedLink();
        Log = new RecordingLog();
        Tamper = new VirtualContact();
        LampSense = new VirtualLampSense(Beacon);
        MainsVoltage = new VirtualVoltage(13800);
        Battery = new VirtualVoltage(13100);
        System = new SystemControlRecorder { ResetReason = resetReason };
        Health = new FixedHealth();
        Config = new PostConfig { PostId = PostId, Password = "secret", MessageKey = Key, FirmwareVersion = "0.1.0" };
        configure?.Invoke(Config);
        Core = new PostCore(Config, new PostSeams
        {
            Clock = Clock,
            WallClock = WallClock,
            Button = Button,
            Beacon = Beacon,
            Camera = Camera,
            Link = Link,
            Store = Store,
            Log = Log,
            Tamper = withHealthSeams ? Tamper : null,
            LampSense = withHealthSeams ? LampSense : null,
            MainsVoltage = withHealthSeams ? MainsVoltage : null,
            Battery = withHealthSeams ? Battery : null,
            System = withHealthSeams ? System : null,
            Health = withHealthSeams ? Health : null,
        });
    }

    public bool WithHealthSeams { get; }

    public PostConfig Config { get; }

    public FakeClock Clock { get; }

    public FakeWallClock WallClock { get; }

    public VirtualButton Button { get; }

    public VirtualPin Beacon { get; }

    public VirtualPin? Camera { get; }

    public SimulatedLink Link { get; }

    public InMemoryKeyValueStore Store { get; }

    public RecordingLog Log { get; }

    public PostCore Core { get; }

    public VirtualContact Tamper { get; }

    public VirtualLampSense LampSense { get; }

    public VirtualVoltage MainsVoltage { get; }

    public VirtualVoltage Battery { get; }

    public SystemControlRecorder System { get; }

    public FixedHealth Health { get; }

    public List<EventMessage> Events => Link.Events(PostId);

    /// <summary>The gateway acknowledges an event; handled on the next tick.</summary>
    public void Ack(long eventId)
    {
        FromGateway(Topics.EventAck(PostId), PayloadCodec.Encode(new EventAckMessage { EventId = eventId }));
        Core.Tick();
    }

    /// <summary>A command from the gateway; handled on the next tick.</summary>
    public void Command(string name, string id)
    {
        FromGateway(Topics.Command(PostId), PayloadCodec.Encode(new CommandMessage { Command = name, Id = id }));
        Core.Tick();
    }

    public List<AlarmMessage> Alarms => Link.Alarms(PostId);

    /// <summary>Power cut and restart: same flash, fresh everything else (uptime starts at 0).</summary>
    public PostRig Reboot(Action<PostConfig>? configure = null) => new(Store, Camera != null, configure, WithHealthSeams);

    /// <summary>First tick (opens the link), connection, second tick (birth, subscriptions).</summary>
    public PostRig Online()
    {
        Core.Tick();
        Link.Connect();
        Core.Tick();
        return this;
    }

    public void Run(long ms)
    {
        var end = Clock.NowMs + ms;
        while (Clock.NowMs < end)
        {
            Clock.NowMs = Math.Min(Clock.NowMs + TickMs, end);
            Core.Tick();
        }
    }

    public void Press()
    {
        Button.Press();
        Core.Tick();
    }

    public void Answer(long alarmId, AlarmState state)
    {
        var payload = PayloadCodec.Encode(new AlarmStateMessage { AlarmId = alarmId, State = state, At = WallClock.UtcNow });
        FromGateway(Topics.AlarmState(PostId), payload);
        Core.Tick();
    }

    /// <summary>A gateway message as a gateway sends it: signed with the post's key and the gateways' next counter.</summary>
    public static byte[] SignedByGateway(string topic, byte[] payload) =>
        new MessageAuth(Key).Sign(topic, payload, Interlocked.Increment(ref s_gatewayCounter));

    /// <summary>Queues a message signed as a gateway signs it; handled on the next tick.</summary>
    public void FromGateway(string topic, byte[] payload) => Link.Inject(topic, SignedByGateway(topic, payload));

    public void FromGateway(string topic, string json) => FromGateway(topic, Encoding.UTF8.GetBytes(json));
}
