using SosPost.Gateway.Console;

namespace SosPost.Gateway.Tests.Console;

public sealed class PasswordHashTests
{
    [Fact]
    public void Hash_password_reads_stdin_and_prints_a_salted_pbkdf2_hash_that_verifies()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = HashPasswordCommand.Run(new StringReader("s3cret pass"), output, error);

        Assert.Equal(0, exit);
        var hash = output.ToString().Trim();
        var parts = hash.Split('$');
        Assert.Equal(["pbkdf2-sha256", "600000"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.True(PasswordHash.TryParse(hash, out var parsed, out _));
        Assert.True(PasswordHash.Verify("s3cret pass", parsed));
        Assert.False(PasswordHash.Verify("s3cret pasS", parsed));
    }

    [Fact]
    public void The_same_password_hashes_differently_each_time()
    {
        Assert.NotEqual(PasswordHash.Create("secret", PasswordHash.MinIterations), PasswordHash.Create("secret", PasswordHash.MinIterations));
    }

    [Fact]
    public void Hash_password_without_input_fails_with_usage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, HashPasswordCommand.Run(new StringReader(""), output, error));
        Assert.Empty(output.ToString());
        Assert.Contains("hash-password", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret")]
    [InlineData("pbkdf2-sha256$99999$AAAA$AAAA")]
    [InlineData("pbkdf2-sha1$600000$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$600000$not base64!$AAAA")]
    public void Weak_or_malformed_hashes_are_refused(string stored)
    {
        Assert.False(PasswordHash.TryParse(stored, out _, out var error));
        Assert.NotNull(error);
    }
}
