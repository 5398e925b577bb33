using System.Diagnostics;
using Jint;
using Jint.Runtime;

namespace JsWebSocketHost.Hosting;

/// <summary>
/// <see cref="ScriptLimits.MaxStatementsPerTask"/> and <see cref="ScriptLimits.TaskTimeout"/> for a whole task: the
/// event loop starts the budget once per task, and Jint's reset at each entry into the engine (every listener of an
/// event, every callback) leaves it alone, so five listeners of one event share one task's budget.
/// </summary>
internal sealed class TaskBudgetConstraint(int maxStatements, TimeSpan timeout) : Constraint
{
    private const int ClockCheckInterval = 64;

    private readonly long _timeoutTicks = timeout == Timeout.InfiniteTimeSpan
        ? 0
        : (long)(timeout.TotalSeconds * Stopwatch.Frequency);

    private long _statements;
    private long _deadline;

    /// <summary>Counting statements must see every one.</summary>
    public override bool IsAmortizable => false;

    /// <summary>Starts a new task's budget. Loop thread.</summary>
    public void BeginTask()
    {
        _statements = 0;
        if (_timeoutTicks > 0)
        {
            _deadline = Stopwatch.GetTimestamp() + _timeoutTicks;
        }
    }

    public override void Check()
    {
        var statements = ++_statements;
        if (maxStatements > 0 && statements > maxStatements)
        {
            throw new StatementsCountOverflowException();
        }

        if (_deadline != 0 && statements % ClockCheckInterval == 0 && Stopwatch.GetTimestamp() > _deadline)
        {
            throw new TimeoutException("The task ran longer than its time limit.");
        }
    }

    /// <summary>Jint resets constraints on every entry into the engine; this budget belongs to the task instead.</summary>
    public override void Reset()
    {
    }
}
