namespace SosPost.Simulator;

/// <summary>
/// The parsed command line: a command, positional arguments and "--name value" options. Small on
/// purpose: a handful of commands need no parser library.
/// </summary>
internal sealed class CommandLine
{
    private static readonly string[] Flags = ["help", "verbose", "open", "closed", "lost", "restored", "failed", "ok"];

    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);

    private CommandLine(string command)
    {
        Command = command;
    }

    public string Command { get; }

    public List<string> Positional { get; } = [];

    /// <summary>Parses; null with a message for anything malformed (an option without value, or repeated).</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        if (args.Count == 0)
        {
            error = "no command given";
            return null;
        }

        var line = new CommandLine(args[0]);
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h")
            {
                line._options["help"] = "true";
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal) && Flags.Contains(arg[2..], StringComparer.Ordinal))
            {
                line._options[arg[2..]] = "true";
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var name = arg[2..];
                if (name.Length == 0 || i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = "option " + arg + " needs a value";
                    return null;
                }

                if (!line._options.TryAdd(name, args[++i]))
                {
                    error = "option " + arg + " is given twice";
                    return null;
                }
            }
            else
            {
                line.Positional.Add(arg);
            }
        }

        return line;
    }

    public bool WantsHelp => _options.ContainsKey("help");

    public bool Flag(string name) => _options.ContainsKey(name);

    public string? Option(string name) => _options.GetValueOrDefault(name);

    /// <summary>Options not in <paramref name="known"/>, for a clear usage error.</summary>
    public IEnumerable<string> UnknownOptions(params string[] known) =>
        _options.Keys.Where(k => k != "help" && !known.Contains(k, StringComparer.Ordinal)).Select(k => "--" + k);

    /// <summary>A port option: its value, the default when absent, null when not a port number.</summary>
    public int? Port(string name, int defaultPort)
    {
        var text = Option(name);
        if (text is null)
        {
            return defaultPort;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : null;
    }
}
