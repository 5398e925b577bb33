using System.Text;

namespace JsWebSocketHost.Cli;

/// <summary>
/// The terminal as the interactive REPL shares it: the line being edited (prompt, text, cursor) on the last row, and
/// the output of script and REPL above it. Output that arrives while a line is being typed (a socket's handler, a
/// timer) erases the line, is written, and the line is drawn again below it, so typing is never broken up. The line is
/// one row: when it is wider than the terminal it scrolls sideways to keep the cursor in view. Every member takes
/// <see cref="Gate"/>, the one lock of the screen.
/// </summary>
internal sealed class ReplScreen
{
    private const string EraseLine = "\r\u001b[K";

    private readonly TextWriter _terminal;
    private readonly Func<int> _width;
    private readonly StringBuilder _line = new();
    private string _prompt = "";
    private int _cursor;
    private int _scroll;
    private bool _editing;
    private bool _drawn;
    private bool _partial;
    private int _generation;

    /// <param name="terminal">Where the line is drawn (the terminal's standard output).</param>
    /// <param name="width">The terminal's width in columns, asked at each drawing.</param>
    public ReplScreen(TextWriter terminal, Func<int> width)
    {
        _terminal = terminal;
        _width = width;
    }

    /// <summary>The lock that orders drawing, editing and output.</summary>
    public Lock Gate { get; } = new();

    /// <summary>
    /// The line as it is now, with its generation: a key read before Ctrl+C started the line again must not bring the
    /// old text back, so <see cref="Set(string, int, int)"/> takes the generation it read.
    /// </summary>
    public (string Text, int Cursor, int Generation) Snapshot()
    {
        lock (Gate)
        {
            return (_line.ToString(), _cursor, _generation);
        }
    }

    /// <summary>The text of the line.</summary>
    public string Text
    {
        get
        {
            lock (Gate)
            {
                return _line.ToString();
            }
        }
    }

    /// <summary>The prompt shown in front of the line.</summary>
    public string Prompt
    {
        get
        {
            lock (Gate)
            {
                return _prompt;
            }
        }
    }

    /// <summary>Whether a line is being edited now.</summary>
    public bool Editing
    {
        get
        {
            lock (Gate)
            {
                return _editing;
            }
        }
    }

    /// <summary>The terminal's width in columns.</summary>
    public int Width => _width();

    /// <summary>A writer for output (standard output or error) that keeps clear of the line being typed.</summary>
    public TextWriter OutputTo(TextWriter target) => new OutputWriter(this, target);

    /// <summary>Starts editing a new, empty line after <paramref name="prompt"/>.</summary>
    public void Begin(string prompt)
    {
        lock (Gate)
        {
            _prompt = prompt;
            _line.Clear();
            _cursor = 0;
            _scroll = 0;
            _editing = true;
            Draw();
        }
    }

    /// <summary>Ends the line: the cursor goes to the next row, and output is written as it comes again.</summary>
    public void End()
    {
        lock (Gate)
        {
            if (_editing)
            {
                // The whole line, wrapping as the terminal wraps it, so that what was entered stays readable above.
                Erase();
                if (_partial)
                {
                    _terminal.Write('\n');
                    _partial = false;
                }

                _terminal.Write(EraseLine + _prompt + _line + "\n");
                _terminal.Flush();
            }

            _line.Clear();
            _cursor = 0;
            _generation++;
            _editing = false;
            _drawn = false;
        }
    }

    /// <summary>Replaces the text and the cursor, and draws the line again.</summary>
    public void Set(string text, int cursor) => Set(text, cursor, -1);

    /// <summary>
    /// Replaces the text and the cursor and draws the line again, unless the line was started again since
    /// <paramref name="generation"/> was read (-1: whatever happened).
    /// </summary>
    public void Set(string text, int cursor, int generation)
    {
        lock (Gate)
        {
            if (!_editing || (generation >= 0 && generation != _generation))
            {
                return;
            }

            _line.Clear().Append(text);
            _cursor = Math.Clamp(cursor, 0, _line.Length);
            Draw();
        }
    }

    /// <summary>Starts the line again, empty, after another prompt, on a fresh row (Ctrl+C).</summary>
    public void Restart(string prompt, string? notice)
    {
        lock (Gate)
        {
            if (_editing)
            {
                _cursor = _line.Length;
                Draw();
                _terminal.Write("^C\n");
            }

            if (notice is not null)
            {
                _terminal.Write(notice + "\n");
            }

            _editing = true;
            _generation++;
            _prompt = prompt;
            _line.Clear();
            _cursor = 0;
            _scroll = 0;
            Draw();
        }
    }

    /// <summary>Writes lines of text above the line being edited (completion candidates), then draws it again.</summary>
    public void WriteAbove(string text)
    {
        lock (Gate)
        {
            Erase();
            _terminal.Write(text.EndsWith('\n') ? text : text + "\n");
            Draw();
        }
    }

    /// <summary>Clears the screen (Ctrl+L) and draws the line at the top.</summary>
    public void Clear()
    {
        lock (Gate)
        {
            _terminal.Write("\u001b[H\u001b[2J");
            Draw();
        }
    }

    // The prompt and the part of the line that fits, with the cursor put where it belongs. Called with Gate held.
    private void Draw()
    {
        if (!_editing)
        {
            return;
        }

        if (_partial)
        {
            _terminal.Write('\n'); // output that did not end its line keeps it: the prompt goes below
            _partial = false;
        }

        // The window shows as much of the line as fits, then moves as little as it must to keep the cursor in it;
        // widths are in columns (a CJK character takes two), positions in UTF-16 units on character boundaries.
        var line = _line.ToString();
        var room = Math.Max(2, _width() - TerminalWidth.Of(_prompt) - 1);
        _scroll = Math.Min(_scroll, _cursor);
        while (_scroll > 0 && TerminalWidth.Of(line.AsSpan(TerminalWidth.Previous(line, _scroll))) <= room)
        {
            _scroll = TerminalWidth.Previous(line, _scroll); // room to show more of the start
        }

        while (_scroll < _cursor && TerminalWidth.Of(line.AsSpan(_scroll, _cursor - _scroll)) > room)
        {
            _scroll = TerminalWidth.Next(line, _scroll);
        }

        var end = _scroll;
        var columns = 0;
        while (end < line.Length)
        {
            var next = TerminalWidth.Next(line, end);
            var width = TerminalWidth.Of(line.AsSpan(end, next - end));
            if (columns + width > room)
            {
                break;
            }

            columns += width;
            end = next;
        }

        var text = new StringBuilder(EraseLine.Length + _prompt.Length + (end - _scroll) + 16);
        text.Append(EraseLine).Append(_prompt).Append(line, _scroll, end - _scroll);
        var back = TerminalWidth.Of(line.AsSpan(_cursor, end - _cursor));
        if (back > 0)
        {
            text.Append("\u001b[").Append(back).Append('D');
        }

        _terminal.Write(text.ToString());
        _terminal.Flush();
        _drawn = true;
    }

    // Takes the line off the screen so that output can take its row. Called with Gate held.
    private void Erase()
    {
        if (_drawn)
        {
            _terminal.Write(EraseLine);
            _drawn = false;
        }
    }

    // Output that keeps clear of the line being typed: erases it, writes, and once the output has ended its line,
    // draws the line again below.
    private sealed class OutputWriter(ReplScreen screen, TextWriter target) : TextWriter
    {
        public override Encoding Encoding => target.Encoding;

        public override void Write(char value) => Write([value]);

        public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

        public override void Write(string? value) => Write(value.AsSpan());

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (buffer.IsEmpty)
            {
                return;
            }

            lock (screen.Gate)
            {
                screen.Erase();
                target.Write(buffer);
                screen._partial = buffer[^1] != '\n';
                if (screen._editing && !screen._partial)
                {
                    target.Flush();
                    screen.Draw();
                }
            }
        }

        // A line and its end are written together, so that no other thread's output comes between them.
        public override void WriteLine(string? value) => WriteLine(value.AsSpan());

        public override void WriteLine(char[] buffer, int index, int count) => WriteLine(buffer.AsSpan(index, count));

        public override void WriteLine(ReadOnlySpan<char> buffer)
        {
            lock (screen.Gate)
            {
                Write(buffer);
                Write(CoreNewLine);
            }
        }

        public override void Flush() => target.Flush();

        public override Task FlushAsync() => target.FlushAsync();

        public override Task FlushAsync(CancellationToken cancellationToken) => target.FlushAsync(cancellationToken);
    }
}
