namespace SosPost.Cli;

/// <summary>Process exit codes; the table is printed at the end of <c>sospost --help</c> (<see cref="Table"/>).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A check failed: a self-test check, the new post's credentials were not accepted by the broker, or posts are overdue for a self-test.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad arguments.</summary>
    public const int Usage = 2;

    /// <summary>An input file (posts CSV/GeoJSON, registry, device config) has errors; nothing was written.</summary>
    public const int InvalidInput = 3;

    /// <summary>The gateway or broker does not answer.</summary>
    public const int Unreachable = 4;

    /// <summary>The gateway refused the login, or refused the request.</summary>
    public const int Denied = 5;

    /// <summary>The gateway does not know the post.</summary>
    public const int UnknownPost = 6;

    /// <summary>The awaited report did not arrive in time.</summary>
    public const int TimedOut = 7;

    /// <summary>The machine lacks something needed: mosquitto_passwd, the broker's files or pid file.</summary>
    public const int Environment = 8;

    /// <summary>The post's application did not start after flashing: no online status (its birth message) within the deadline.</summary>
    public const int NotRunning = 9;

    public const string Table = """
        Exit codes:
          0  success (test: every check passed)
          1  a check failed (test: the post failed a check; provision: the broker refused the new credentials;
             compliance: some posts have no passed self-test in the period)
          2  bad arguments
          3  an input file has errors (posts CSV/GeoJSON, registry file, device config): nothing was written
          4  the gateway or broker does not answer
          5  the gateway refused the login or the request (password from SOSPOST_PASSWORD; the user's role,
             docs/technician-guide.md section 0)
          6  the gateway does not know the post
          7  test: no self-test report arrived in time
          8  this machine lacks something: mosquitto_passwd, the broker's password, ACL or pid file
          9  provision --wait-online, test: the post never came online: its application did not start
             (deployed without --address 0x1E0000, erased by a later --update) or it cannot reach the broker
          sim: the simulator's own codes (sospost sim --help)
        """;
}

/// <summary>A failure to report as one line on stderr with its exit code; thrown by commands, caught in <see cref="Cli"/>.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
