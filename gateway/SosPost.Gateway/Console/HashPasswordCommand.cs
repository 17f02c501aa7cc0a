namespace SosPost.Gateway.Console;

/// <summary><c>dotnet SosPost.Gateway.dll hash-password</c>: reads a password from stdin, prints its hash.</summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public static int Run(TextReader input, TextWriter output, TextWriter error)
    {
        var password = input.ReadLine();
        if (string.IsNullOrEmpty(password))
        {
            error.WriteLine("Give the password on standard input, for example: echo -n 'secret' | dotnet SosPost.Gateway.dll hash-password");
            return 2;
        }

        output.WriteLine(PasswordHash.Create(password));
        return 0;
    }
}
