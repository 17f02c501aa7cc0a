using Microsoft.Extensions.FileProviders;

namespace SosPost.Gateway.Console;

/// <summary>
/// The console's static files (wwwroot), read from beside the gateway's dll where build and publish put
/// them, so the console works whatever the working directory or environment the gateway starts in.
/// </summary>
public sealed class ConsoleFiles : IDisposable
{
    public PhysicalFileProvider Provider { get; } = new(Path.Combine(AppContext.BaseDirectory, "wwwroot"));

    public void Dispose() => Provider.Dispose();
}
