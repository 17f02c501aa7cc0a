using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SosPost.Testing;

public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

/// <summary>Keeps every log entry so a test can assert on it, and optionally echoes it (for example to the test output).</summary>
public sealed class RecordingLogger<T>(Action<string>? echo = null) : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        _entries.Enqueue(new LogEntry(logLevel, message, exception));
        try
        {
            echo?.Invoke($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}: {message}{(exception is null ? string.Empty : " " + exception)}");
        }
        catch (InvalidOperationException)
        {
            // The echo target (a finished test's output) is gone; the entry is still recorded.
        }
    }
}
