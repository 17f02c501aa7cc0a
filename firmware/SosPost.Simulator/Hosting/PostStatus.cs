namespace SosPost.Simulator.Hosting;

/// <summary>
/// What the control endpoint reports for one virtual post. Fields after <see cref="LastAlarmId"/> were added
/// later and have defaults, so a reader of the first five still works.
/// </summary>
/// <param name="Id">The post id.</param>
/// <param name="Beacon">The beacon state's name (Idle, Sending, Received, Dispatched, Fault, TechnicianTest).</param>
/// <param name="Connected">Connected to the broker.</param>
/// <param name="PendingAlarms">Alarms waiting for the gateway's "received".</param>
/// <param name="LastAlarmId">The last alarm id handed out; 0 before the first.</param>
/// <param name="Troubles">Open trouble types (protocol names: "tamper", "mains", "battery-low", "lamp", "stuck-button").</param>
/// <param name="PendingEvents">Trouble events waiting for the gateway's acknowledgement.</param>
/// <param name="SelfTest">The latest finished self-test; null before the first.</param>
public sealed record PostStatus(
    string Id,
    string Beacon,
    bool Connected,
    int PendingAlarms,
    long LastAlarmId,
    IReadOnlyList<string>? Troubles = null,
    int PendingEvents = 0,
    SelfTestResult? SelfTest = null);

/// <summary>A finished self-test, as the protocol's report says it (outcomes "pass", "fail", "skip").</summary>
public sealed record SelfTestResult(string Id, string Trigger, bool Ok, string Lamp, string Camera, string Storage, string Link);
