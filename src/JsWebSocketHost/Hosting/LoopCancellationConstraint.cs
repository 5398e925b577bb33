using Jint;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// A Jint constraint that stops running script when the token of the current <see cref="ScriptHost.RunAsync"/>
/// is cancelled, so a script that never yields (<c>while (true) {}</c>) can still be stopped.
/// </summary>
internal sealed class LoopCancellationConstraint : Constraint
{
    public CancellationToken Token { get; set; }

    public override void Check() => Token.ThrowIfCancellationRequested();

    public override void Reset()
    {
    }
}
