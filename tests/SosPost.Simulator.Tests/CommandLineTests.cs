namespace SosPost.Simulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void Options_positionals_and_flags_are_separated()
    {
        var line = CommandLine.Parse(["press", "MHC-001", "--wait", "Received", "--timeout", "5"], out var error);

        Assert.Null(error);
        Assert.Equal("press", line!.Command);
        Assert.Equal(["MHC-001"], line.Positional);
        Assert.Equal("Received", line.Option("wait"));
        Assert.Equal("5", line.Option("timeout"));
        Assert.Null(line.Option("control-port"));
        Assert.Empty(line.UnknownOptions("wait", "timeout"));
    }

    [Fact]
    public void Verbose_and_help_are_flags_without_value()
    {
        var line = CommandLine.Parse(["run", "--verbose", "--posts", "p.json", "--help"], out _);

        Assert.True(line!.Flag("verbose"));
        Assert.True(line.WantsHelp);
        Assert.Equal("p.json", line.Option("posts"));
    }

    [Theory]
    [InlineData("--wait")]
    [InlineData("--wait", "--timeout", "5")]
    [InlineData("--", "x")]
    [InlineData("--wait", "A", "--wait", "B")]
    public void Malformed_options_are_refused_with_a_reason(params string[] options)
    {
        Assert.Null(CommandLine.Parse(["press", "MHC-001", .. options], out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Unknown_options_are_reported()
    {
        var line = CommandLine.Parse(["status", "--control-prot", "5081"], out _);

        Assert.Equal(["--control-prot"], line!.UnknownOptions("control-port"));
    }

    [Theory]
    [InlineData(null, 5081)]
    [InlineData("1", 1)]
    [InlineData("65535", 65535)]
    [InlineData("0", null)]
    [InlineData("65536", null)]
    [InlineData("-1", null)]
    [InlineData("80a", null)]
    [InlineData(" 80", null)]
    public void Port_option_is_checked(string? text, int? expected)
    {
        string[] args = text is null ? ["status"] : ["status", "--control-port", text];

        Assert.Equal(expected, CommandLine.Parse(args, out _)!.Port("control-port", 5081));
    }

    [Theory]
    [InlineData("127.0.0.1:1883", "127.0.0.1", 1883)]
    [InlineData("broker.local:8883", "broker.local", 8883)]
    [InlineData("[::1]:1883", "[::1]", 1883)]
    public void Broker_address_is_host_and_port(string text, string host, int port)
    {
        Assert.True(RunCommand.TryParseBroker(text, out var h, out var p));
        Assert.Equal(host, h);
        Assert.Equal(port, p);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData(":1883")]
    [InlineData("localhost:")]
    [InlineData("localhost:0")]
    [InlineData("localhost:70000")]
    [InlineData("localhost:18x")]
    public void Malformed_broker_address_is_refused(string text)
    {
        Assert.False(RunCommand.TryParseBroker(text, out _, out _));
    }
}
