namespace SosPost.Simulator.Hosting;

/// <summary>What the control endpoint reports for one virtual post.</summary>
public sealed record PostStatus(string Id, string Beacon, bool Connected, int PendingAlarms, long LastAlarmId);
