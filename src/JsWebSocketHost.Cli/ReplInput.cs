using System.Text;
using Acornima;
using Acornima.Ast;
using Jint;

namespace JsWebSocketHost.Cli;

/// <summary>
/// Classifies REPL input, and rewrites input with a top-level <c>await</c> into an async function whose
/// declarations still land on the global, as Node's and Deno's REPLs do.
/// </summary>
internal static class ReplInput
{
    /// <summary>Parsed as the host parses (function source text kept).</summary>
    public static readonly ScriptPreparationOptions Preparation = new()
    {
        ParsingOptions = ScriptParsingOptions.Default with { RetainFunctionSourceText = true },
    };

    private static readonly ParserOptions AwaitAnywhere = new() { AllowAwaitOutsideFunction = true };

    /// <summary>Classifies <paramref name="code"/>.</summary>
    /// <param name="code">The text typed so far.</param>
    /// <param name="prepared">The parsed script when it is complete and needs no rewrite.</param>
    /// <param name="rewritten">The rewrite when it is complete with a top-level await.</param>
    /// <param name="error">The syntax error when it is invalid.</param>
    /// <returns>Whether to evaluate it, read more, or report the error.</returns>
    public static ReplInputKind Classify(string code, out Prepared<Script>? prepared, out string? rewritten, out string? error)
    {
        prepared = null;
        rewritten = null;
        error = null;

        // First as a module body would read it (await allowed at the top): a top-level await is then rewritten.
        ParseErrorException? awaitError = null;
        try
        {
            var script = new Parser(AwaitAnywhere).ParseScript(code, "repl");
            if (HasTopLevelAwait(script.Body))
            {
                rewritten = WrapTopLevelAwait(code, script);
                return ReplInputKind.Complete;
            }
        }
        catch (ParseErrorException e)
        {
            if (EndsInside(code, e))
            {
                return ReplInputKind.Incomplete;
            }

            awaitError = e; // perhaps a script that uses await as a name
        }
        catch (InsufficientExecutionStackException)
        {
            error = "RangeError: the input is nested too deeply to parse";
            return ReplInputKind.Invalid;
        }

        try
        {
            prepared = Engine.PrepareScript(code, "repl", options: Preparation);
            return ReplInputKind.Complete;
        }
        catch (ScriptPreparationException e)
        {
            if (e.InnerException is ParseErrorException parse)
            {
                if (EndsInside(code, parse))
                {
                    return ReplInputKind.Incomplete;
                }

                error = "SyntaxError: " + (awaitError ?? parse).Error.Description;
            }
            else
            {
                error = e.InnerException is InsufficientExecutionStackException
                    ? "RangeError: the input is nested too deeply to parse"
                    : "SyntaxError: " + e.Message;
            }

            return ReplInputKind.Invalid;
        }
    }

    /// <summary>Whether a script has no statement at all (only blank lines or comments).</summary>
    public static bool IsEmpty(Prepared<Script> script) => script.Program is not { Body.Count: > 0 };

    // A parse error at the end of the text, or at a block comment or template that is not closed, means the
    // statement goes on.
    private static bool EndsInside(string code, ParseErrorException e)
    {
        var index = e.Error.Index;
        if (index < 0 || index >= code.TrimEnd().Length)
        {
            return true;
        }

        var rest = code.AsSpan(index);
        return (rest.StartsWith("/*") && !rest[2..].Contains("*/", StringComparison.Ordinal))
            || (rest.StartsWith("`") && !rest[1..].Contains('`'));
    }

    // An await expression or for await outside every function (and class body) of the script.
    private static bool HasTopLevelAwait(IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case AwaitExpression:
                case ForOfStatement { Await: true }:
                    return true;
                case IFunction or ClassBody:
                    continue;
                default:
                    if (HasTopLevelAwait(node.ChildNodes))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>var a, b; (async () => { …; return (last expression); })()</c>: top-level <c>var</c>, <c>let</c> and
    /// <c>const</c> (destructuring too), functions and classes become assignments to global <c>var</c>s declared first,
    /// so that later inputs see them; functions are assigned first, as declarations are hoisted; other statements
    /// stay inside.
    /// </summary>
    private static string WrapTopLevelAwait(string code, Script script)
    {
        var hoisted = new List<string>();
        var functions = new StringBuilder();
        var body = new StringBuilder();
        var statements = script.Body;
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            var text = code[statement.Start..statement.End];
            switch (statement)
            {
                case VariableDeclaration declaration:
                    var assignments = new List<string>();
                    foreach (var declarator in declaration.Declarations)
                    {
                        BoundNames(declarator.Id, hoisted);
                        if (declarator.Init is { } init)
                        {
                            assignments.Add($"{code[declarator.Id.Start..declarator.Id.End]} = ({code[init.Start..init.End]})");
                        }
                    }

                    if (assignments.Count > 0)
                    {
                        body.Append("void (").AppendJoin(", ", assignments).Append(");\n");
                    }

                    break;
                case FunctionDeclaration { Id: { } id }:
                    hoisted.Add(id.Name);
                    functions.Append(id.Name).Append(" = ").Append(text).Append(";\n");
                    break;
                case ClassDeclaration { Id: { } id }:
                    hoisted.Add(id.Name);
                    body.Append(id.Name).Append(" = ").Append(text).Append(";\n");
                    break;
                case ExpressionStatement expression when i == statements.Count - 1:
                    body.Append("return (").Append(code[expression.Expression.Start..expression.Expression.End]).Append(");\n");
                    break;
                default:
                    body.Append(text).Append('\n');
                    break;
            }
        }

        var prefix = hoisted.Count > 0 ? "var " + string.Join(", ", hoisted.Distinct(StringComparer.Ordinal)) + ";\n" : "";
        return prefix + "(async () => {\n" + functions + body + "})()";
    }

    /// <summary>
    /// The names a script's top-level <c>let</c>, <c>const</c> and <c>class</c> declarations bind: they live in the
    /// global scope but not on the global object, so completion learns them from here.
    /// </summary>
    public static void LexicalNames(Script script, ICollection<string> names)
    {
        var found = new List<string>();
        foreach (var statement in script.Body)
        {
            switch (statement)
            {
                case VariableDeclaration { Kind: not VariableDeclarationKind.Var } declaration:
                    foreach (var declarator in declaration.Declarations)
                    {
                        BoundNames(declarator.Id, found);
                    }

                    break;
                case ClassDeclaration { Id: { } id }:
                    found.Add(id.Name);
                    break;
            }
        }

        foreach (var name in found)
        {
            names.Add(name);
        }
    }

    // The names a binding pattern declares.
    private static void BoundNames(Node pattern, List<string> names)
    {
        switch (pattern)
        {
            case Identifier identifier:
                names.Add(identifier.Name);
                break;
            case ObjectPattern obj:
                foreach (var property in obj.Properties)
                {
                    BoundNames(property is Property p ? p.Value : ((RestElement)property).Argument, names);
                }

                break;
            case ArrayPattern array:
                foreach (var element in array.Elements)
                {
                    if (element is not null)
                    {
                        BoundNames(element, names);
                    }
                }

                break;
            case AssignmentPattern assignment:
                BoundNames(assignment.Left, names);
                break;
            case RestElement rest:
                BoundNames(rest.Argument, names);
                break;
        }
    }
}
