using SosPost.Gateway.Registry;

namespace SosPost.Gateway.Dispatch;

/// <summary>
/// At start, once the registry is loaded: warns about a target's <c>Groups</c> entry that no post has, and
/// about a group of posts that no target serves. Warnings, not errors: the registry is data that changes while
/// the configuration does not (a group's posts may be imported after its target is set up), and a gateway
/// that refused to start over it would take no alarms at all. A misspelled name is still caught at once,
/// in the log, and the alarms it misses are still stored and shown in the console.
/// </summary>
public sealed class DispatchGroupsCheck(DispatchSinks sinks, IPostRegistry registry, ILogger<DispatchGroupsCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var targets = sinks.All.Where(sink => !sink.EscalationOnly).ToList();
        if (targets.Count == 0)
        {
            return Task.CompletedTask;
        }

        var postsByGroup = registry.All.GroupBy(post => post.Group, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var sink in targets)
        {
            foreach (var group in sink.Groups.Where(group => !postsByGroup.ContainsKey(group)))
            {
                logger.LogWarning(
                    "Dispatch target {Target} serves group {Group}, which no post in the registry has (known groups: {KnownGroups}); check its Groups setting for a misspelling",
                    sink.Target, group, string.Join(", ", postsByGroup.Keys.Order(StringComparer.Ordinal)));
            }
        }

        foreach (var (group, count) in postsByGroup.Where(g => !targets.Any(sink => DispatchSinks.Serves(sink, g.Key))))
        {
            logger.LogWarning(
                "No dispatch target serves group {Group}, which has {PostCount} post(s): their alarms are stored and shown in the console only",
                group, count);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
