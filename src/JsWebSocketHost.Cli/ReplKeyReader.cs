using System.Collections.Concurrent;

namespace JsWebSocketHost.Cli;

/// <summary>
/// Reads the terminal's keys on a thread of its own for the whole session, so that keys typed (or pasted) while an
/// input is being evaluated are kept for the next line instead of being echoed into the output: .NET turns the
/// terminal's echo off only while a key is being read.
/// </summary>
internal sealed class ReplKeyReader
{
    private readonly BlockingCollection<ConsoleKeyInfo> _keys = [];

    private ReplKeyReader()
    {
    }

    /// <summary>Starts reading keys from the console (a background thread: it does not keep the process alive).</summary>
    public static ReplKeyReader Start()
    {
        var reader = new ReplKeyReader();
        var thread = new Thread(reader.Loop) { IsBackground = true, Name = "jsws repl keys" };
        thread.Start();
        return reader;
    }

    // What the reader gives once the terminal has gone: Ctrl+D, the end of input (on a line with text, it deletes
    // a character, so a few of them end the input too).
    private static readonly ConsoleKeyInfo EndOfInput = new('\u0004', ConsoleKey.D, shift: false, alt: false, control: true);

    /// <summary>The next key pressed (blocks until there is one); Ctrl+D once the terminal is gone.</summary>
    public ConsoleKeyInfo Read() => _keys.TryTake(out var key, Timeout.Infinite) ? key : EndOfInput;

    private void Loop()
    {
        try
        {
            while (true)
            {
                _keys.Add(Console.ReadKey(intercept: true));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException)
        {
            _keys.CompleteAdding(); // the terminal closed (a hang-up)
        }
    }
}
