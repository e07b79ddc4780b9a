using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Harmony.Identity.Tests.Robustness;

/// <summary>
/// Keeps what the server logs at Error or with an exception (or from <paramref name="minimum"/> up), so that a fuzz
/// report names the causes (exception types and messages) next to the cases, as a server log would.
/// </summary>
public sealed class ServerErrorLog(LogLevel minimum = LogLevel.Error) : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();
    private readonly LogLevel minimum = minimum;

    public int Count => entries.Count;

    public IReadOnlyList<string> Entries => entries.ToArray();

    /// <summary>The entries logged since <paramref name="count"/> entries had been logged.</summary>
    public IReadOnlyList<string> Since(int count) => entries.Skip(count).ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel < log.minimum && exception is null) return;
            var cause = exception is null ? formatter(state, null) : formatter(state, exception) + " | " + Innermost(exception);
            log.entries.Enqueue($"{logLevel} {category}: {cause}");
        }

        private static string Innermost(Exception exception)
        {
            var innermost = exception;
            while (innermost.InnerException is not null) innermost = innermost.InnerException;
            return innermost == exception ? Describe(exception) : Describe(exception) + " <- " + Describe(innermost);
        }

        private static string Describe(Exception exception)
        {
            var message = exception.Message.Split('\n')[0].Trim();
            return $"{exception.GetType().Name}: {(message.Length > 160 ? message[..160] : message)}";
        }
    }
}
