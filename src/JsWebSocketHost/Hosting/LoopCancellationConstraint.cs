using Jint;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// A Jint constraint that stops running script when the token of the current <see cref="ScriptHost.RunAsync"/>
/// is cancelled, so a script that never yields (<c>while (true) {}</c>) can still be stopped. Between statements it
/// also lets the loop write sends it held back once they are due (<see cref="EventLoop.FlushIfDue"/>).
/// </summary>
internal sealed class LoopCancellationConstraint : Constraint
{
    public CancellationToken Token { get; set; }

    /// <summary>The loop whose held-back sends are written when due; null until the host has made it.</summary>
    public EventLoop? Loop { get; set; }

    private volatile bool _interrupt;

    /// <summary>Asks the script running now to stop at its next statement (from any thread).</summary>
    public void Interrupt() => _interrupt = true;

    public override void Check()
    {
        Token.ThrowIfCancellationRequested();
        if (_interrupt)
        {
            _interrupt = false;
            throw new ScriptInterruptedException();
        }

        if (Loop is { HasDeferredWork: true } loop)
        {
            loop.FlushIfDue();
        }
    }

    // Jint resets its constraints when script starts from outside: an interrupt asked for while none ran is dropped.
    public override void Reset() => _interrupt = false;
}
