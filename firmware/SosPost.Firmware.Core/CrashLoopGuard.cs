namespace SosPost.Firmware.Core;

/// <summary>
/// Counts boots in flash that ended before a clean run. A post that restarts over and over (a crash in
/// optional work, a corrupt flash entry) enters safe mode after <see cref="PostConfig.CrashLoopBoots"/>
/// such boots: the button, beacon and alarm path run, optional work (trouble monitoring, self-test) is
/// skipped. A run of <see cref="PostConfig.StableRunMs"/> clears the counter; safe mode itself lasts until
/// the next boot, so the post does not fall back into what crashed it. There is no clock at boot, so "within
/// M minutes" is measured as "each run shorter than the stable run".
/// </summary>
public sealed class CrashLoopGuard
{
    public const string UnstableBootsKey = "boot.unstable";

    private readonly IKeyValueStore _store;
    private readonly long _stableRunMs;
    private bool _cleared;

    public CrashLoopGuard(IKeyValueStore store, ILog log, PostConfig config)
    {
        _store = store;
        _stableRunMs = config.StableRunMs;
        UnstableBoots = IntegerText.ParseOrZero(store.Get(UnstableBootsKey)) + 1;
        if (!store.Set(UnstableBootsKey, IntegerText.Format(UnstableBoots)))
        {
            log.Error("boot counter could not be stored: crash loops are not detected");
        }

        SafeMode = UnstableBoots >= config.CrashLoopBoots;
        if (SafeMode)
        {
            log.Error("SAFE MODE: " + IntegerText.Format(UnstableBoots) + " boots in a row without a clean run; alarms only");
        }
    }

    /// <summary>Boots in a row without a clean run, this one included.</summary>
    public long UnstableBoots { get; private set; }

    public bool SafeMode { get; }

    public void Update(long now)
    {
        if (!_cleared && now >= _stableRunMs)
        {
            _cleared = true;
            UnstableBoots = 0;
            _store.Set(UnstableBootsKey, "0");
        }
    }
}
