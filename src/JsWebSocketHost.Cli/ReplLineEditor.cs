using System.Text;

namespace JsWebSocketHost.Cli;

/// <summary>
/// Reads a line from the terminal key by key, with the editing keys of readline: Left/Right (Ctrl+B/F), Home/End
/// (Ctrl+A/E), Ctrl+Left/Right (a word), Backspace, Delete, Ctrl+K/U/W (kill to the end, to the start, a word),
/// Ctrl+L (clear the screen), Up/Down (Ctrl+P/N) through the history, and Tab to complete the name before the cursor.
/// Ctrl+D on an empty line is the end of input. Ctrl+C is a signal, not a key: the REPL answers it with
/// <see cref="Cancel"/>.
/// </summary>
internal sealed class ReplLineEditor
{
    private readonly Func<ConsoleKeyInfo> _readKey;
    private readonly ReplScreen _screen;
    private readonly ReplHistory _history;
    private readonly Func<string, ReplCompletion.Result>? _complete;
    private int _historyIndex;
    private string _draft = "";
    private bool _cancelled;
    private int _generation;

    /// <param name="readKey">The next key pressed (blocks).</param>
    /// <param name="screen">Where the line is drawn.</param>
    /// <param name="history">The lines Up and Down go through; each line read is added.</param>
    /// <param name="complete">Completions for the text before the cursor (Tab); none when null.</param>
    public ReplLineEditor(Func<ConsoleKeyInfo> readKey, ReplScreen screen, ReplHistory history, Func<string, ReplCompletion.Result>? complete)
    {
        _readKey = readKey;
        _screen = screen;
        _history = history;
        _complete = complete;
    }

    /// <summary>
    /// Reads one line after <paramref name="prompt"/>: its text, or null at the end of input (Ctrl+D on an empty line).
    /// </summary>
    public string? ReadLine(string prompt)
    {
        _screen.Begin(prompt);
        _historyIndex = _history.Entries.Count;
        _draft = "";
        var lastWasTab = false;
        while (true)
        {
            var key = _readKey();
            var (text, cursor, generation) = _screen.Snapshot();
            _generation = generation;
            var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
            var isTab = key.Key == ConsoleKey.Tab && key.Modifiers == 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    _screen.End();
                    _history.Add(text);
                    return text;
                case ConsoleKey.D when control:
                    if (text.Length == 0)
                    {
                        _screen.End();
                        return null;
                    }

                    Set(cursor < text.Length ? text.Remove(cursor, TerminalWidth.Next(text, cursor) - cursor) : text, cursor);
                    break;
                case ConsoleKey.Backspace:
                case ConsoleKey.H when control:
                    if (cursor > 0)
                    {
                        var previous = TerminalWidth.Previous(text, cursor);
                        Set(text.Remove(previous, cursor - previous), previous);
                    }

                    break;
                case ConsoleKey.Delete:
                    if (cursor < text.Length)
                    {
                        Set(text.Remove(cursor, TerminalWidth.Next(text, cursor) - cursor), cursor);
                    }

                    break;
                case ConsoleKey.LeftArrow when control:
                    Set(text, WordStart(text, cursor));
                    break;
                case ConsoleKey.RightArrow when control:
                    Set(text, WordEnd(text, cursor));
                    break;
                case ConsoleKey.LeftArrow:
                case ConsoleKey.B when control:
                    Set(text, TerminalWidth.Previous(text, cursor));
                    break;
                case ConsoleKey.RightArrow:
                case ConsoleKey.F when control:
                    Set(text, TerminalWidth.Next(text, cursor));
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when control:
                    Set(text, 0);
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when control:
                    Set(text, text.Length);
                    break;
                case ConsoleKey.K when control:
                    Set(text[..cursor], cursor);
                    break;
                case ConsoleKey.U when control:
                    Set(text[cursor..], 0);
                    break;
                case ConsoleKey.W when control:
                    var start = WordStart(text, cursor);
                    Set(text.Remove(start, cursor - start), start);
                    break;
                case ConsoleKey.L when control:
                    _screen.Clear();
                    break;
                case ConsoleKey.UpArrow:
                case ConsoleKey.P when control:
                    Recall(text, -1);
                    break;
                case ConsoleKey.DownArrow:
                case ConsoleKey.N when control:
                    Recall(text, +1);
                    break;
                case ConsoleKey.Tab when isTab:
                    Complete(text, cursor, lastWasTab);
                    break;
                default:
                    if (!control && key.KeyChar >= ' ' && key.KeyChar != '\u007f')
                    {
                        Set(text.Insert(cursor, new string(key.KeyChar, 1)), cursor + 1);
                    }

                    break;
            }

            lastWasTab = isTab;
        }
    }

    /// <summary>
    /// Ctrl+C at the prompt: the line, and a statement being continued, are dropped and a new line starts after
    /// <paramref name="prompt"/>. Returns false, and does nothing, when there was nothing to drop (or no line is being
    /// read).
    /// </summary>
    public bool Cancel(string prompt, bool continuing)
    {
        lock (_screen.Gate)
        {
            if (!_screen.Editing || (!continuing && _screen.Text.Length == 0))
            {
                return false;
            }

            _cancelled = true;
            _screen.Restart(prompt, null);
            _historyIndex = _history.Entries.Count;
            _draft = "";
            return true;
        }
    }

    /// <summary>Shows <paramref name="notice"/> on a line of its own (how to leave), and the prompt again below it.</summary>
    public void Notify(string prompt, string notice)
    {
        lock (_screen.Gate)
        {
            if (_screen.Editing)
            {
                _screen.Restart(prompt, notice);
            }
            else
            {
                _screen.WriteAbove(notice);
            }
        }
    }

    /// <summary>Ends the line being read, so that the terminal's next output starts on a row of its own.</summary>
    public void Leave() => _screen.End();

    /// <summary>Whether Ctrl+C dropped the input since the last call: the statement being continued is gone.</summary>
    public bool TakeCancelled()
    {
        lock (_screen.Gate)
        {
            var cancelled = _cancelled;
            _cancelled = false;
            return cancelled;
        }
    }

    // Edits apply to the line the key was read for: not once Ctrl+C has started another.
    private void Set(string text, int cursor) => _screen.Set(text, cursor, _generation);

    // Up (-1) and Down (+1) through the history; the line being typed is kept as the newest entry.
    // Up (-1) and Down (+1) through the history; the line being typed is kept as the newest entry, and when it is not
    // empty only the entries that start with it are visited (as in Node's REPL).
    private void Recall(string text, int step)
    {
        var entries = _history.Entries;
        var prefix = _historyIndex == entries.Count ? text : _draft;
        var index = _historyIndex + step;
        while (index >= 0 && index < entries.Count && !entries[index].StartsWith(prefix, StringComparison.Ordinal))
        {
            index += step;
        }

        if (index < 0 || index > entries.Count || index == _historyIndex)
        {
            return; // nothing further that way
        }

        if (_historyIndex == entries.Count)
        {
            _draft = text;
        }

        _historyIndex = index;
        var recalled = index == entries.Count ? _draft : entries[index];
        Set(recalled, recalled.Length);
    }

    // Tab: one candidate is put in; several put in what they share, or are listed when they share no more.
    private void Complete(string text, int cursor, bool again)
    {
        if (_complete is null)
        {
            return;
        }

        var result = _complete(text[..cursor]);
        var candidates = result.Candidates;
        if (candidates.Count == 0)
        {
            return;
        }

        var typed = cursor - result.Start;
        var shared = candidates.Count == 1 ? candidates[0] : SharedPrefix(candidates);
        if (shared.Length > typed)
        {
            Set(text[..result.Start] + shared + text[cursor..], result.Start + shared.Length);
            return;
        }

        // As in Node's REPL, they are listed at the second Tab in a row.
        if (candidates.Count > 1 && again)
        {
            _screen.WriteAbove(Columns(candidates, Math.Max(20, _screen.Width)));
        }
    }

    private static string SharedPrefix(IReadOnlyList<string> words)
    {
        var prefix = words[0];
        foreach (var word in words)
        {
            var n = 0;
            while (n < prefix.Length && n < word.Length && prefix[n] == word[n])
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }

    // The candidates in columns across the terminal's width, as shells list them.
    private static string Columns(IReadOnlyList<string> words, int width)
    {
        var column = words.Max(static w => w.Length) + 2;
        var perRow = Math.Max(1, width / column);
        var text = new StringBuilder();
        for (var i = 0; i < words.Count; i++)
        {
            var last = i % perRow == perRow - 1 || i == words.Count - 1;
            text.Append(last ? words[i] : words[i].PadRight(column));
            if (last)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    private static int WordStart(string text, int cursor)
    {
        var i = cursor;
        while (i > 0 && !IsWordChar(text[i - 1]))
        {
            i--;
        }

        while (i > 0 && IsWordChar(text[i - 1]))
        {
            i--;
        }

        return i;
    }

    private static int WordEnd(string text, int cursor)
    {
        var i = cursor;
        while (i < text.Length && !IsWordChar(text[i]))
        {
            i++;
        }

        while (i < text.Length && IsWordChar(text[i]))
        {
            i++;
        }

        return i;
    }
}
