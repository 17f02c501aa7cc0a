namespace SosPost.Simulator;

/// <summary>Process exit codes (listed in --help).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>press --wait: the beacon did not reach the state in time.</summary>
    public const int TimedOut = 1;

    /// <summary>Bad arguments, or an unreadable or invalid posts or credentials file.</summary>
    public const int Usage = 2;

    /// <summary>press, status and the post inputs: no simulator answers on the control port.</summary>
    public const int Unreachable = 3;

    /// <summary>press, status and the post inputs: the simulator has no post with that id.</summary>
    public const int UnknownPost = 4;

    /// <summary>run: the simulator could not start (e.g. control port in use).</summary>
    public const int StartFailed = 5;
}
