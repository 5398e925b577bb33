using JsWebSocketHost.Cli;

namespace JsWebSocketHost.Tests.Cli;

/// <summary>
/// The REPL's line editor driven by a scripted sequence of keys: editing keys, history, Ctrl+D, Tab completion, and
/// how the screen keeps script output clear of the line being typed.
/// </summary>
[TestFixture]
public sealed class ReplLineEditorTests
{
    private const string Erase = "\r\u001b[K";

    private static ConsoleKeyInfo Key(ConsoleKey key, bool control = false, char c = '\0') => new(c, key, false, false, control);

    private static IEnumerable<ConsoleKeyInfo> Type(string text) =>
        text.Select(static c => new ConsoleKeyInfo(c, c == ' ' ? ConsoleKey.Spacebar : ConsoleKey.A, false, false, false));

    private static (ReplLineEditor Editor, StringWriter Terminal, ReplScreen Screen) Editor(
        IEnumerable<ConsoleKeyInfo> keys, ReplHistory? history = null, Func<string, ReplCompletion.Result>? complete = null, int width = 80)
    {
        var queue = new Queue<ConsoleKeyInfo>(keys);
        var terminal = new StringWriter();
        var screen = new ReplScreen(terminal, () => width);
        var editor = new ReplLineEditor(() => queue.Count > 0 ? queue.Dequeue() : throw new InvalidOperationException("no more keys"), screen, history ?? new ReplHistory(null), complete);
        return (editor, terminal, screen);
    }

    [Test]
    public void Typed_text_is_edited_with_the_cursor_keys_backspace_and_delete()
    {
        var keys = Type("let x = 1")
            .Append(Key(ConsoleKey.LeftArrow)).Append(Key(ConsoleKey.Backspace)).Concat(Type("2"))      // "let x =21"
            .Append(Key(ConsoleKey.Home)).Append(Key(ConsoleKey.Delete)).Concat(Type("L"))
            .Append(Key(ConsoleKey.End)).Concat(Type("0"))
            .Append(Key(ConsoleKey.A, control: true)).Append(Key(ConsoleKey.F, control: true)).Concat(Type("-"))
            .Append(Key(ConsoleKey.Enter));
        var (editor, _, _) = Editor(keys);

        Assert.That(editor.ReadLine("> "), Is.EqualTo("L-et x =210"));
    }

    [Test]
    public void Control_K_U_and_W_kill_to_the_end_to_the_start_and_the_word_before_the_cursor()
    {
        var keys = Type("alpha beta gamma")
            .Append(Key(ConsoleKey.W, control: true))                                   // "alpha beta "
            .Append(Key(ConsoleKey.LeftArrow, control: true))                           // before "beta"
            .Append(Key(ConsoleKey.K, control: true))                                   // "alpha "
            .Concat(Type("delta"))
            .Append(Key(ConsoleKey.Enter))
            .Concat(Type("one two")).Append(Key(ConsoleKey.LeftArrow)).Append(Key(ConsoleKey.LeftArrow)).Append(Key(ConsoleKey.LeftArrow))
            .Append(Key(ConsoleKey.U, control: true))                                   // "two"
            .Append(Key(ConsoleKey.Enter));
        var (editor, _, _) = Editor(keys);

        Assert.That(editor.ReadLine("> "), Is.EqualTo("alpha delta"));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("two"));
    }

    [Test]
    public void Control_D_ends_the_input_on_an_empty_line_and_deletes_the_character_under_the_cursor_otherwise()
    {
        var keys = Type("abc").Append(Key(ConsoleKey.Home)).Append(Key(ConsoleKey.D, control: true)).Append(Key(ConsoleKey.Enter))
            .Append(Key(ConsoleKey.D, control: true));
        var (editor, _, _) = Editor(keys);

        Assert.That(editor.ReadLine("> "), Is.EqualTo("bc"));
        Assert.That(editor.ReadLine("> "), Is.Null);
    }

    [Test]
    public void Up_and_down_go_through_the_history_and_come_back_to_the_line_being_typed()
    {
        var history = new ReplHistory(null);
        history.Add("first");
        history.Add("second");
        var keys = new[] { Key(ConsoleKey.UpArrow), Key(ConsoleKey.UpArrow), Key(ConsoleKey.UpArrow) }     // stays at "first"
            .Append(Key(ConsoleKey.DownArrow)).Append(Key(ConsoleKey.DownArrow))                               // back to ""
            .Concat(Type("new!")).Append(Key(ConsoleKey.Enter))
            .Append(Key(ConsoleKey.P, control: true)).Append(Key(ConsoleKey.Enter));                            // the line just entered
        var (editor, _, _) = Editor(keys, history);

        Assert.That(editor.ReadLine("> "), Is.EqualTo("new!"));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("new!"));
        Assert.That(history.Entries, Is.EqualTo(new[] { "first", "second", "new!" }), "a line equal to the last one is kept once");
    }

    [Test]
    public void With_text_typed_Up_and_Down_visit_only_the_entries_that_start_with_it()
    {
        var history = new ReplHistory(null);
        foreach (var line in new[] { "ws.send(1)", "1 + 1", "ws.close()", "other" })
        {
            history.Add(line);
        }

        var keys = Type("ws.").Append(Key(ConsoleKey.UpArrow)).Append(Key(ConsoleKey.Enter))               // ws.close()
            .Concat(Type("ws.")).Append(Key(ConsoleKey.UpArrow)).Append(Key(ConsoleKey.UpArrow))
            .Append(Key(ConsoleKey.UpArrow)).Append(Key(ConsoleKey.Enter))                                       // stays at ws.send(1)
            .Concat(Type("ws.")).Append(Key(ConsoleKey.UpArrow)).Append(Key(ConsoleKey.UpArrow))
            .Append(Key(ConsoleKey.DownArrow)).Append(Key(ConsoleKey.DownArrow)).Append(Key(ConsoleKey.Enter))  // back to "ws."
            .Concat(Type("zz")).Append(Key(ConsoleKey.UpArrow)).Append(Key(ConsoleKey.Enter));                 // nothing starts so
        var (editor, _, _) = Editor(keys, history);

        Assert.That(editor.ReadLine("> "), Is.EqualTo("ws.close()"));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("ws.send(1)"));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("ws."));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("zz"));
    }

    [Test]
    public void Tab_puts_in_the_one_completion_or_the_prefix_that_several_share_and_lists_them_when_that_is_all()
    {
        string? asked = null;
        ReplCompletion.Result Complete(string before)
        {
            asked = before;
            var start = before.LastIndexOf('.') + 1;
            var word = before[start..];
            string[] all = ["CLOSED", "CLOSING", "CONNECTING", "OPEN"];
            return new ReplCompletion.Result(start, [.. all.Where(n => n.StartsWith(word, StringComparison.Ordinal))]);
        }

        var keys = Type("ws.CLOS").Append(Key(ConsoleKey.Tab)).Append(Key(ConsoleKey.Enter))
            .Concat(Type("ws.O")).Append(Key(ConsoleKey.Tab)).Append(Key(ConsoleKey.Enter))
            .Concat(Type("ws.CL")).Append(Key(ConsoleKey.Tab)).Append(Key(ConsoleKey.Tab)).Concat(Type("ED")).Append(Key(ConsoleKey.Enter));
        var (editor, terminal, _) = Editor(keys, complete: Complete);

        Assert.That(editor.ReadLine("> "), Is.EqualTo("ws.CLOS"));
        Assert.That(terminal.ToString(), Does.Not.Contain("CLOSED "), "one Tab that cannot choose lists nothing");
        Assert.That(editor.ReadLine("> "), Is.EqualTo("ws.OPEN"));
        Assert.That(editor.ReadLine("> "), Is.EqualTo("ws.CLOSED"));
        Assert.That(asked, Is.EqualTo("ws.CLOS"), "the text before the cursor is what is completed");
        Assert.That(terminal.ToString(), Does.Contain(Erase + "CLOSED   CLOSING\n" + Erase + "> ws.CLOS"), "listed above the line, which is drawn again");
    }

    [Test]
    public void Output_while_a_line_is_typed_erases_it_goes_above_it_and_the_line_comes_back_with_its_cursor()
    {
        var terminal = new StringWriter();
        var screen = new ReplScreen(terminal, () => 80);
        var output = screen.OutputTo(terminal);
        screen.Begin("> ");
        screen.Set("1 + 2", 3);
        terminal.GetStringBuilder().Clear();

        output.WriteLine("tick");
        output.Write("partial");

        Assert.That(terminal.ToString(), Is.EqualTo(Erase + "tick\n" + Erase + "> 1 + 2\u001b[2D" + Erase + "partial"));
        terminal.GetStringBuilder().Clear();
        screen.Set("1 + 2", 5);
        Assert.That(terminal.ToString(), Is.EqualTo("\n" + Erase + "> 1 + 2"), "output that did not end its line keeps its row");

        terminal.GetStringBuilder().Clear();
        screen.End();
        output.WriteLine("3");
        Assert.That(terminal.ToString(), Is.EqualTo(Erase + Erase + "> 1 + 2\n3\n"), "once the line is entered, output is written as it comes");
    }

    [Test]
    public void A_line_wider_than_the_terminal_scrolls_sideways_and_is_shown_whole_when_entered()
    {
        var terminal = new StringWriter();
        var screen = new ReplScreen(terminal, () => 12);
        screen.Begin("> ");
        terminal.GetStringBuilder().Clear();

        screen.Set("abcdefghijklmnop", 16);
        Assert.That(terminal.ToString(), Is.EqualTo(Erase + "> hijklmnop"), "the end, where the cursor is");
        terminal.GetStringBuilder().Clear();
        screen.Set("abcdefghijklmnop", 0);
        Assert.That(terminal.ToString(), Is.EqualTo(Erase + "> abcdefghi\u001b[9D"), "the start, once the cursor goes there");

        terminal.GetStringBuilder().Clear();
        screen.End();
        Assert.That(terminal.ToString(), Does.EndWith(Erase + "> abcdefghijklmnop\n"));
    }

    [Test]
    public void Wide_characters_take_two_columns_and_the_cursor_moves_over_whole_characters()
    {
        var terminal = new StringWriter();
        var screen = new ReplScreen(terminal, () => 12);
        screen.Begin("> ");
        terminal.GetStringBuilder().Clear();

        screen.Set("日本語テキスト", 7);
        Assert.That(terminal.ToString(), Is.EqualTo(Erase + "> テキスト"), "nine columns hold four of them");
        terminal.GetStringBuilder().Clear();
        screen.Set("日本語テキスト", 0);
        Assert.That(terminal.ToString(), Is.EqualTo(Erase + "> 日本語テ\u001b[8D"), "back over eight columns");

        var keys = Type("a\U0001F600b").Append(Key(ConsoleKey.LeftArrow)).Append(Key(ConsoleKey.Backspace))
            .Append(Key(ConsoleKey.Enter))
            .Concat(Type("\U0001F600x")).Append(Key(ConsoleKey.Home)).Append(Key(ConsoleKey.Delete)).Append(Key(ConsoleKey.Enter));
        var (editor, _, _) = Editor(keys);
        Assert.That(editor.ReadLine("> "), Is.EqualTo("ab"), "Backspace takes the whole emoji, not half a surrogate pair");
        Assert.That(editor.ReadLine("> "), Is.EqualTo("x"), "so does Delete");
    }

    [Test]
    public void Cancel_drops_the_line_or_the_statement_being_continued_and_does_nothing_when_there_is_nothing_to_drop()
    {
        var (editor, terminal, screen) = Editor([]);
        screen.Begin("... ");
        screen.Set("oops", 4);

        Assert.That(editor.Cancel("> ", continuing: false), Is.True);
        Assert.That(screen.Text, Is.Empty);
        Assert.That(screen.Prompt, Is.EqualTo("> "));
        Assert.That(terminal.ToString(), Does.EndWith("... oops^C\n" + Erase + "> "));
        Assert.That(editor.TakeCancelled(), Is.True);
        Assert.That(editor.TakeCancelled(), Is.False, "taken once");

        Assert.That(editor.Cancel("> ", continuing: true), Is.True, "a statement being continued is dropped too");
        var before = terminal.ToString();
        Assert.That(editor.Cancel("> ", continuing: false), Is.False);
        Assert.That(terminal.ToString(), Is.EqualTo(before), "nothing was drawn");

        editor.Notify("> ", "(to exit…)");
        Assert.That(terminal.ToString(), Does.EndWith("> ^C\n(to exit…)\n" + Erase + "> "));

        screen.End();
        Assert.That(editor.Cancel("> ", continuing: true), Is.False, "between lines nothing is read, so nothing is dropped");
    }

    [Test]
    public void A_key_read_before_Ctrl_C_started_the_line_again_does_not_bring_the_old_text_back()
    {
        var (editor, _, screen) = Editor([]);
        screen.Begin("> ");
        screen.Set("typed", 5);
        var (_, _, generation) = screen.Snapshot();

        Assert.That(editor.Cancel("> ", continuing: false), Is.True);
        screen.Set("typedx", 6, generation);

        Assert.That(screen.Text, Is.Empty);
    }

    [Test]
    public void A_scrolled_line_that_gets_shorter_shows_as_much_of_it_as_fits()
    {
        var terminal = new StringWriter();
        var screen = new ReplScreen(terminal, () => 12);
        screen.Begin("> ");
        screen.Set("abcdefghijklmnop", 16);
        terminal.GetStringBuilder().Clear();

        screen.Set("abcdefghijkl", 12);

        Assert.That(terminal.ToString(), Is.EqualTo(Erase + "> defghijkl"), "nine columns of text, not what was left of the old window");
    }

    [Test]
    public void The_history_file_is_read_appended_line_by_line_and_kept_to_its_last_thousand_lines()
    {
        var path = Path.Combine(Path.GetTempPath(), "jsws-history-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllLines(path, Enumerable.Range(0, ReplHistory.MaxEntries + 5).Select(static i => "line " + i).Append(""));
            var history = new ReplHistory(path);
            Assert.That(history.Entries, Has.Count.EqualTo(ReplHistory.MaxEntries));
            Assert.That(history.Entries[0], Is.EqualTo("line 5"));
            Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(ReplHistory.MaxEntries), "trimmed on disk too");

            history.Add("  ");
            history.Add("new one");
            history.Add("new one");
            Assert.That(File.ReadAllLines(path)[^1], Is.EqualTo("new one"));
            Assert.That(File.ReadAllLines(path), Has.Length.EqualTo(ReplHistory.MaxEntries + 1), "blank and repeated lines are not kept");
            Assert.That(new ReplHistory(path).Entries[^1], Is.EqualTo("new one"), "a new session reads it back");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void A_history_file_that_cannot_be_written_leaves_the_history_in_memory()
    {
        var folder = Path.Combine(Path.GetTempPath(), "jsws-history-missing-" + Guid.NewGuid().ToString("N"));
        var history = new ReplHistory(Path.Combine(folder, "history"));
        history.Add("kept");
        history.Add("and this");

        Assert.That(history.Entries, Is.EqualTo(new[] { "kept", "and this" }));
    }

    [Test]
    public void A_new_history_file_is_readable_by_its_owner_only()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            Assert.Ignore("Unix file modes");
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), "jsws-history-mode-" + Guid.NewGuid().ToString("N"));
        try
        {
            new ReplHistory(path).Add("secret token");
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
