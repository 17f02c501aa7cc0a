using Microsoft.Extensions.Logging;

namespace SosPost.Simulator.Hosting;

/// <summary>
/// Ticks every virtual post from one loop every <see cref="TickInterval"/> and prints beacon and trouble
/// changes as "MHC-001 beacon Sending alarm 3" and "MHC-001 trouble tamper raised".
/// </summary>
internal sealed class SimulatorHost(IReadOnlyList<VirtualPost> posts, TextWriter output, ILogger logger) : IAsyncDisposable
{
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);

    private readonly Dictionary<string, VirtualPost> _byId = posts.ToDictionary(p => p.Id, StringComparer.Ordinal);

    public IReadOnlyList<VirtualPost> Posts => posts;

    public VirtualPost? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>
    /// Prints every post's beacon as it boots, then runs until cancelled. A post whose tick throws is
    /// logged and keeps being ticked: one faulty post must not stop the others.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var post in posts)
        {
            output.WriteLine(BeaconLine(post));
        }

        using var timer = new PeriodicTimer(TickInterval);
        do
        {
            foreach (var post in posts)
            {
                try
                {
                    foreach (var line in post.Tick())
                    {
                        output.WriteLine(line);
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    logger.LogError(e, "Tick of post {PostId} failed", post.Id);
                }
            }
        }
        while (await WaitAsync(timer, ct));
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(posts.Select(p => p.DisposeAsync().AsTask()));
    }

    internal static string BeaconLine(VirtualPost post) =>
        post.CurrentAlarmId > 0
            ? post.Id + " beacon " + post.Status.Beacon + " alarm " + post.CurrentAlarmId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : post.Id + " beacon " + post.Status.Beacon;

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
