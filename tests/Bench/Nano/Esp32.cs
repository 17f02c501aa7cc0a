namespace SosPost.Bench.Nano;

/// <summary>The ESP32 figures the nano bench compares against, each from nanoFramework's own sources.</summary>
internal static class Esp32
{
    /// <summary>The nf-interpreter commit the figures below were read at (the one ../shared/nanoclr is built from).</summary>
    public const string InterpreterCommit = "a3e8139a1ba778e33ca81b023099765eada6c456";

    /// <summary>
    /// "deploy, data, 0x84, 0x1E0000, 0x1C0000" (1,792 KiB) in nf-interpreter
    /// targets/ESP32/_IDF/esp32/partitions_nanoclr_4mb.csv: where the managed assemblies live on a 4 MB ESP32.
    /// </summary>
    public const int DeployAreaBytes = 0x1C0000;

    /// <summary>issue 11: everything the post deploys uses at most a quarter of the deployment area.</summary>
    public const int DeployGoalBytes = DeployAreaBytes / 4;

    /// <summary>
    /// sizeof(CLR_RT_HeapBlock) on 32-bit targets: nf-interpreter src/CLR/Include/nanoCLR_Runtime.h,
    /// <c>CT_ASSERT(sizeof(struct CLR_RT_HeapBlock) == 12)</c> (the 64-bit POSIX host skips the check).
    /// </summary>
    public const int HeapBlockBytes = 12;

    /// <summary>issue 11: the post's peak managed heap on the ESP32.</summary>
    public const int PeakHeapGoalBytes = 40 * 1000;
}
