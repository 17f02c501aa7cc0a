using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using SosPost.Cli.Gateway;
using SosPost.Cli.Posts;
using SosPost.Cli.Provisioning;
using SosPost.Cli.Reports;
using SosPost.Cli.Watching;

namespace SosPost.Cli;

/// <summary>
/// The <c>sospost</c> command line: a table of contents of the commands. Results go to stdout, progress and
/// errors to stderr; every error is one line and an exit code from <see cref="ExitCodes"/>.
/// </summary>
internal static class Cli
{
    /// <summary>Where the environment and the clock are read from; tests give their own.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken ct, TimeProvider? time = null)
    {
        // The simulator keeps its own command line: everything after "sim" is its.
        if (args is ["sim", .. var rest])
        {
            return await SosPost.Simulator.Cli.RunAsync(rest, output, error, ct);
        }

        var root = Build(environment, time ?? TimeProvider.System);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
        {
            await error.WriteLineAsync("error: " + parsed.Errors[0].Message);
            await error.WriteLineAsync("Run 'sospost --help' (or 'sospost COMMAND --help') for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, ct);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync("error: " + e.Message);
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await error.WriteLineAsync("stopped");
            return ExitCodes.Ok;
        }
    }

    private static RootCommand Build(Func<string, string?> environment, TimeProvider time)
    {
        var root = new RootCommand("sospost: the technician's tool for SosPost posts (registry, provisioning, self-test, live events, virtual posts).");
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Action = new EpilogueHelpAction((HelpAction)help.Action!);
        }

        root.Add(PostsCommand(environment));
        root.Add(Provision(environment, time));
        root.Add(Test(environment, time));
        root.Add(Watch(environment, time));
        root.Add(Compliance(environment));
        root.Add(Stats(environment));
        root.Add(new Command("sim", "Virtual posts: runs the post simulator with the rest of the command line (sospost sim --help)."));
        return root;
    }

    private static Option<string?> GatewayOption() => new("--gateway") { Description = "The gateway's address, e.g. http://127.0.0.1:8080", HelpName = "URL" };

    private static Option<string?> UserOption(Func<string, string?> environment) => new("--user")
    {
        Description = "Gateway user (console login); its password is read from SOSPOST_PASSWORD. Default: SOSPOST_USER",
        DefaultValueFactory = _ => environment("SOSPOST_USER"),
    };

    private static Option<string?> RegistryOption() => new("--registry") { Description = "The registry file the gateway seeds from (Gateway:Registry:SeedFile, posts.json format)", HelpName = "PATH" };

    private static GatewayLogin? Login(ParseResult result, Option<string?> gateway, Option<string?> user, Func<string, string?> environment)
    {
        if (result.GetValue(gateway) is not { } url)
        {
            return null;
        }

        var name = result.GetValue(user) ?? throw new CliException(ExitCodes.Usage, "--gateway needs --user NAME (or SOSPOST_USER)");
        return new GatewayLogin(url, name, environment(GatewayLogin.PasswordVariable));
    }

    private static Command PostsCommand(Func<string, string?> environment)
    {
        var posts = new Command("posts", "The post registry: import CSV or GeoJSON, export, show.");

        var file = new Argument<string>("FILE") { Description = "A CSV file (header: id,name,latitude,longitude,address,station[,group,camera]) or a GeoJSON FeatureCollection of Points" };
        var format = new Option<string?>("--format") { Description = "csv or geojson (default: from the file name)" };
        format.AcceptOnlyFromAmong("csv", "geojson");
        var registry = RegistryOption();
        var gateway = GatewayOption();
        var user = UserOption(environment);
        var import = new Command("import", "Checks every row, then upserts the posts into the registry file and/or the running gateway; nothing is written when any row is invalid.")
        {
            file, format, registry, gateway, user,
        };
        import.SetAction((result, ct) => PostsCommands.ImportAsync(
            result.GetRequiredValue(file), result.GetValue(format), result.GetValue(registry), Login(result, gateway, user, environment),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, ct));
        posts.Add(import);

        var exportFormat = new Option<string>("--format") { Description = "csv or geojson", DefaultValueFactory = _ => "csv" };
        exportFormat.AcceptOnlyFromAmong("csv", "geojson");
        var outputFile = new Option<string?>("--output", "-o") { Description = "Write to this file instead of stdout", HelpName = "FILE" };
        var exportRegistry = RegistryOption();
        var exportGateway = GatewayOption();
        var exportUser = UserOption(environment);
        var export = new Command("export", "Writes the posts of the registry file (or the gateway) as CSV or GeoJSON.")
        {
            exportFormat, exportRegistry, exportGateway, exportUser, outputFile,
        };
        export.SetAction((result, ct) => PostsCommands.ExportAsync(
            result.GetRequiredValue(exportFormat), result.GetValue(exportRegistry), Login(result, exportGateway, exportUser, environment),
            result.GetValue(outputFile), result.InvocationConfiguration.Output, ct));
        posts.Add(export);

        var id = new Argument<string?>("ID") { Description = "One post (default: all)", Arity = ArgumentArity.ZeroOrOne };
        var showRegistry = RegistryOption();
        var showGateway = GatewayOption();
        var showUser = UserOption(environment);
        var show = new Command("show", "Lists posts from the registry file, or from the gateway with their online state, troubles and last self-test.")
        {
            id, showRegistry, showGateway, showUser,
        };
        show.SetAction((result, ct) => PostsCommands.ShowAsync(
            result.GetValue(id), result.GetValue(showRegistry), Login(result, showGateway, showUser, environment), result.InvocationConfiguration.Output, ct));
        posts.Add(show);
        return posts;
    }

    private static Command Provision(Func<string, string?> environment, TimeProvider time)
    {
        var post = new Argument<string>("POST") { Description = "The post id, e.g. MHC-001 (also its broker user name)" };
        var brokerDir = new Option<string>("--broker-dir") { Description = "The running broker's directory: passwd, acl, mosquitto.conf, mosquitto.pid (scripts/lib.sh layout)", Required = true, HelpName = "DIR" };
        var brokerHost = new Option<string>("--broker-host") { Description = "The broker's host name or IPv4 address as the post reaches it", Required = true, HelpName = "HOST" };
        var brokerPort = new Option<int?>("--broker-port") { Description = "The broker's port as the post reaches it (default 1883, 8883 with --tls)", HelpName = "PORT" };
        var tls = new Option<bool>("--tls") { Description = "The post connects with TLS (needs --ca)" };
        var ca = new Option<string?>("--ca") { Description = "The broker's CA certificate (PEM), uploaded beside the config", HelpName = "FILE" };
        var board = new Option<string>("--board") { Description = "olimex-esp32-poe or esp32-devkitc-wifi", DefaultValueFactory = _ => "olimex-esp32-poe" };
        var network = new Option<string?>("--network") { Description = "ethernet or wifi (default: the board's first)" };
        var ssid = new Option<string?>("--wifi-ssid") { Description = "Wi-Fi network name; the key is read from SOSPOST_WIFI_PASSWORD", HelpName = "SSID" };
        var noCamera = new Option<bool>("--no-camera") { Description = "No camera relay is wired" };
        var sntp1 = new Option<string?>("--sntp1") { Description = "First time server (default 0.pool.ntp.org)", HelpName = "HOST" };
        var sntp2 = new Option<string?>("--sntp2") { Description = "Second time server (default 1.pool.ntp.org)", HelpName = "HOST" };
        var outDir = new Option<string>("--out") { Description = "Where to write POST.post.json and POST.deploy.json", DefaultValueFactory = _ => ".", HelpName = "DIR" };
        var serial = new Option<string>("--serial-port") { Description = "The board's serial port, for the nanoff commands", DefaultValueFactory = _ => "/dev/ttyUSB0", HelpName = "PORT" };
        var image = new Option<string>("--image") { Description = "The application image for nanoff --deploy", DefaultValueFactory = _ => "firmware/SosPost.Firmware/bin/Release/SosPost.Firmware.bin", HelpName = "FILE" };
        var checkAt = new Option<string?>("--check-at") { Description = "Where to prove the new credentials (default: the first listener of mosquitto.conf)", HelpName = "HOST:PORT" };
        var waitOnline = new Option<int?>("--wait-online")
        {
            Description = "After printing the nanoff commands, wait this long for the flashed post's online status with the new config (as the broker's monitor user); none = exit 9 with the likely causes",
            HelpName = "SECONDS",
        };
        var clientCert = new Option<bool>("--cert", "--client-cert")
        {
            Description = "The post logs in with a client certificate (CN = post id) issued from the broker's CA (ca.crt, ca.key in --broker-dir) over mutual TLS, at the broker's certificate listener (implies --tls; --ca defaults to the broker's CA); proved by connecting with it. No password goes on the post unless --password-fallback",
        };
        var passwordFallback = new Option<bool>("--password-fallback") { Description = "With --cert: the post also keeps its password and logs in with it (TLS, --password-port) when its certificate cannot be loaded or is refused" };
        var passwordPort = new Option<int?>("--password-port") { Description = "With --password-fallback: the broker's TLS port for password logins as the post reaches it (default 8883)", HelpName = "PORT" };
        var command = new Command("provision", "Gives a post its broker password on the running broker (no restart), proves it, writes its config file with its message key (derived from SOSPOST_MASTER_KEY, the gateway's Gateway:Security:MasterKey) and prints the nanoff commands.")
        {
            post, brokerDir, brokerHost, brokerPort, tls, ca, board, network, ssid, noCamera, sntp1, sntp2, outDir, serial, image, checkAt, clientCert, passwordFallback, passwordPort, waitOnline,
        };
        command.SetAction((result, ct) => ProvisionCommand.RunAsync(
            new ProvisionCommand.Request(
                result.GetRequiredValue(post),
                result.GetRequiredValue(brokerDir),
                result.GetRequiredValue(brokerHost),
                result.GetValue(brokerPort),
                result.GetValue(tls),
                result.GetValue(ca),
                result.GetRequiredValue(board),
                result.GetValue(network),
                result.GetValue(ssid),
                !result.GetValue(noCamera),
                result.GetValue(sntp1),
                result.GetValue(sntp2),
                result.GetRequiredValue(outDir),
                result.GetRequiredValue(serial),
                result.GetRequiredValue(image),
                result.GetValue(checkAt),
                result.GetValue(clientCert),
                result.GetValue(waitOnline) is { } seconds ? TimeSpan.FromSeconds(Math.Max(1, seconds)) : null,
                result.GetValue(passwordFallback),
                result.GetValue(passwordPort)),
            environment("SOSPOST_WIFI_PASSWORD"),
            environment(ProvisionCommand.MasterKeyVariable),
            time,
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            ct));
        return command;
    }

    private static Command Test(Func<string, string?> environment, TimeProvider time)
    {
        var post = new Argument<string>("POST") { Description = "The post id" };
        var gateway = GatewayOption();
        gateway.Required = true;
        var user = UserOption(environment);
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the post's report", DefaultValueFactory = _ => 120, HelpName = "SECONDS" };
        var command = new Command("test", "Runs the post's remote self-test through the gateway and prints the commissioning report (exit 0 = PASS).")
        {
            post, gateway, user, timeout,
        };
        command.SetAction((result, ct) => TestCommand.RunAsync(
            result.GetRequiredValue(post),
            Login(result, gateway, user, environment)!,
            TimeSpan.FromSeconds(Math.Max(1, result.GetValue(timeout))),
            time,
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            ct));
        return command;
    }

    private static Command Compliance(Func<string, string?> environment)
    {
        var gateway = GatewayOption();
        gateway.Required = true;
        var user = UserOption(environment);
        var days = new Option<int?>("--days") { Description = "Overdue when no self-test passed in this many days (default: the gateway's Gateway:Compliance:Days)", HelpName = "N" };
        var format = new Option<string>("--format") { Description = "table or csv (the gateway's CSV, for a spreadsheet)", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv");
        var command = new Command("compliance", "Lists the posts without a passed self-test in the last N days (exit 0 = none overdue, 1 = some are).")
        {
            gateway, user, days, format,
        };
        command.SetAction((result, ct) => ComplianceCommand.RunAsync(
            Login(result, gateway, user, environment)!, result.GetValue(days), result.GetRequiredValue(format), result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static Command Stats(Func<string, string?> environment)
    {
        var gateway = GatewayOption();
        gateway.Required = true;
        var user = UserOption(environment);
        var since = new Option<string?>("--since") { Description = "Only alarms received since this date (2026-11-01 is midnight UTC) or time with offset (default: all)", HelpName = "DATE" };
        var command = new Command("stats", "False-alarm statistics per post: alarms, presses, how they were resolved (real, prank, test, fault), prank rate.")
        {
            gateway, user, since,
        };
        command.SetAction((result, ct) => StatsCommand.RunAsync(
            Login(result, gateway, user, environment)!, result.GetValue(since), result.InvocationConfiguration.Output, ct));
        return command;
    }

    private static Command Watch(Func<string, string?> environment, TimeProvider time)
    {
        var broker = new Option<string?>("--broker") { Description = "The broker, HOST:PORT; the password is read from SOSPOST_MQTT_PASSWORD", HelpName = "HOST:PORT" };
        var brokerDir = new Option<string?>("--broker-dir") { Description = "The broker's directory: its first listener and monitor.password (scripts/lib.sh)", HelpName = "DIR" };
        var user = new Option<string>("--mqtt-user") { Description = "Broker user with read access to sos/v1/#", DefaultValueFactory = _ => "monitor", HelpName = "NAME" };
        var post = new Option<string?>("--post") { Description = "Only this post", HelpName = "ID" };
        var count = new Option<int?>("--count") { Description = "Stop after N lines", HelpName = "N" };
        var command = new Command("watch", "Live events from the broker as readable lines: alarms, alarm states, troubles, heartbeats, self-tests, online/offline.")
        {
            broker, brokerDir, user, post, count,
        };
        command.SetAction((result, ct) =>
        {
            var request = WatchRequest(result.GetValue(broker), result.GetValue(brokerDir), result.GetRequiredValue(user), result.GetValue(post), result.GetValue(count), environment);
            return WatchCommand.RunAsync(request, time, result.InvocationConfiguration.Output, result.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    private static WatchCommand.Request WatchRequest(string? broker, string? brokerDir, string user, string? post, int? count, Func<string, string?> environment)
    {
        if (brokerDir is not null)
        {
            var directory = new BrokerDirectory(brokerDir);
            var passwordFile = Path.Combine(directory.Directory, user + ".password");
            var at = broker is not null ? ProvisionCommand.ParseHostPort(broker) : directory.Listener();
            if (at is null || !File.Exists(passwordFile))
            {
                throw new CliException(ExitCodes.Environment, $"{brokerDir}: needs mosquitto.conf with a listener and {user}.password (scripts/lib.sh writes both)");
            }

            return new WatchCommand.Request(at.Value.Host, at.Value.Port, user, File.ReadAllText(passwordFile).Trim(), post, count);
        }

        if (broker is null)
        {
            throw new CliException(ExitCodes.Usage, "watch: give --broker HOST:PORT (password in SOSPOST_MQTT_PASSWORD) or --broker-dir DIR");
        }

        var (host, port) = ProvisionCommand.ParseHostPort(broker)!.Value;
        var password = environment("SOSPOST_MQTT_PASSWORD") ?? throw new CliException(ExitCodes.Usage, $"set SOSPOST_MQTT_PASSWORD to the password of broker user \"{user}\"");
        return new WatchCommand.Request(host, port, user, password, post, count);
    }

    /// <summary>The default help, then the exit code table under the root command's help.</summary>
    private sealed class EpilogueHelpAction(HelpAction help) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            if (parseResult.CommandResult.Command is RootCommand)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(ExitCodes.Table);
                output.WriteLine("Guide: docs/technician-guide.md");
            }

            return ExitCodes.Ok;
        }
    }
}
