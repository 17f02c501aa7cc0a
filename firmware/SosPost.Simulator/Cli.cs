namespace SosPost.Simulator;

/// <summary>The command line of the simulator: run, press, status, and the post inputs (tamper, mains, battery, lamp, hold, release).</summary>
internal static class Cli
{
    public const string Help = """
        SosPost simulator: virtual SOS posts running the real firmware core against an MQTT broker.

        Usage:
          SosPost.Simulator run --posts FILE --credentials FILE --broker HOST:PORT
                                [--ca FILE] [--cert-broker HOST:PORT] [--state-dir DIR] [--control-port PORT] [--verbose]
              Runs one virtual post per entry of the posts file ({"posts":[{"id":...},...]}), each
              connecting with its password and signing with its message key from the credentials file
              ({"MHC-001":{"password":"...","key":"64 hex characters"},...}).
              --ca connects over TLS, trusting the broker's certificate only when it chains to
              this CA (PEM); --broker is then the broker's TLS listener.
              --cert-broker is the broker's mutual-TLS listener, for posts whose credentials entry
              names "clientCert" and "clientKey" (PEM files, relative to the credentials file, as
              sospost provision --cert writes them): they log in with the certificate and no
              password, and use --broker with their "password" only with "passwordFallback": true.
              --state-dir keeps each post's flash (alarm counter, pending alarm) in DIR/{id}.json,
              so a restart continues where it stopped; without it flash lasts for the process.
              Serves http://127.0.0.1:PORT (loopback only; default 5081):
                GET /posts, GET /posts/{id} (beacon, troubles, pendingEvents, selfTest)
                POST /posts/{id}/press, /hold?ms=N, /release, /tamper?open=true|false,
                     /mains?present=true|false, /battery?mv=N, /lamp?failed=true|false
              Each post starts with its cabinet closed, mains present, battery at 13200 mV
              and a working lamp (current flows while the beacon is lit).
              Prints each beacon and trouble change to stdout, e.g. "MHC-001 beacon Sending
              alarm 3", "MHC-001 trouble tamper raised", "MHC-001 trouble tamper restored";
              diagnostics go to stderr (--verbose adds the posts' info messages).
              Runs until Ctrl+C or SIGTERM; on exit each post publishes its offline status.

          SosPost.Simulator press POST-ID [--control-port PORT] [--wait STATE [--timeout SECONDS]]
              Presses the post's panic button in a running simulator and prints its beacon.
              With --wait, polls until the beacon shows STATE (Idle, Sending, Received,
              Dispatched, Fault), for at most SECONDS (default 30).

          SosPost.Simulator status [POST-ID] [--control-port PORT]
              Prints the beacon table of a running simulator (or one post), with open troubles.

          SosPost.Simulator tamper POST-ID --open|--closed   [--control-port PORT]
          SosPost.Simulator mains POST-ID --lost|--restored  [--control-port PORT]
          SosPost.Simulator battery POST-ID --mv N           [--control-port PORT]
          SosPost.Simulator lamp POST-ID --failed|--ok       [--control-port PORT]
          SosPost.Simulator hold POST-ID --ms N              [--control-port PORT]
          SosPost.Simulator release POST-ID                  [--control-port PORT]
              Sets one input of a post in a running simulator: opens or closes its cabinet,
              cuts or restores mains, sets the battery voltage, fails or replaces the lamp,
              holds the button down for N ms (with the cabinet open, 5 s starts the self-test;
              closed, it alarms once and is a stuck button after 30 s) or lets it go. Prints the post's
              beacon, troubles and pending events; a trouble is raised or restored once the
              input has held for the post's settle time (2 s), so watch "run" or "status".

        Exit codes:
          0  success
          1  press --wait: the beacon did not reach STATE in time
          2  bad arguments, or an unreadable or invalid posts or credentials file
          3  press/status/post inputs: no simulator answers on the control port
          4  press/status/post inputs: the simulator has no post with that id
          5  run: the simulator could not start (e.g. the control port is in use)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (args.Length == 0)
        {
            await error.WriteLineAsync(Help);
            return ExitCodes.Usage;
        }

        if (args[0] is "help" or "--help" or "-h")
        {
            await output.WriteLineAsync(Help);
            return ExitCodes.Ok;
        }

        var line = CommandLine.Parse(args, out var problem);
        if (line is null)
        {
            return await UsageAsync(error, problem!);
        }

        if (line.WantsHelp)
        {
            await output.WriteLineAsync(Help);
            return ExitCodes.Ok;
        }

        return line.Command switch
        {
            "run" => await RunCommand.RunAsync(line, output, error, ct),
            "press" => await PressCommand.RunAsync(line, output, error, ct),
            "status" => await StatusCommand.RunAsync(line, output, error, ct),
            "tamper" or "mains" or "battery" or "lamp" or "hold" or "release" => await PostInputCommand.RunAsync(line, output, error, ct),
            _ => await UsageAsync(error, "unknown command '" + line.Command + "'"),
        };
    }

    public static async Task<int> UsageAsync(TextWriter error, string problem)
    {
        await error.WriteLineAsync("error: " + problem);
        await error.WriteLineAsync("Run with --help for usage.");
        return ExitCodes.Usage;
    }
}
