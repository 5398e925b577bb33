using System.Globalization;
using System.Text;
using System.Text.Json;
using JsWebSocketHost.Hosting;

namespace JsWebSocketHost.Tests.Reliability;

/// <summary>
/// Wire fuzzing (issue 15): after a valid handshake, a raw server sends random and mutated frames
/// (<see cref="WireCaseGenerator"/>), and a script records every event. Each case must end cleanly as
/// <see cref="WireModel"/> reads RFC 6455 and the WHATWG standard: the messages valid before the first fault, exactly,
/// then a clean close, or error then close 1006 (the client's own Close carrying 1002, 1007 or 1009); no hang, no
/// unobserved task exception, and the run drains.
/// </summary>
/// <remarks>
/// <c>JSWS_FUZZ_SEED</c> (or <c>random</c>), <c>JSWS_FUZZ_CASES</c> and <c>JSWS_FUZZ_CASE</c> (one case alone) change
/// the run; a failure prints the seed, the case, how it was made and its bytes.
/// </remarks>
[TestFixture]
public sealed class WireFuzzTests
{
    private const uint DefaultSeed = 20250115;
    private const int DefaultCases = 500;
    private const int MaxReported = 8;

    [Test]
    public async Task Random_and_mutated_frames_after_a_valid_handshake_end_only_in_the_outcomes_the_standards_allow()
    {
        var seed = FuzzSettings.Seed(DefaultSeed);
        var count = FuzzSettings.Count("JSWS_FUZZ_CASES", DefaultCases);
        var indices = FuzzSettings.OnlyCase() is { } only ? [only] : Enumerable.Range(0, count).ToArray();
        var context = $"seed {seed}, {indices.Length} cases. " + FuzzSettings.RerunHint(seed, "JSWS_FUZZ_CASES", count);

        var cases = indices.Select(i => WireCaseGenerator.Generate(seed, i)).ToList();
        var (failures, summary, _, _) = await RunCasesAsync(seed, cases, context);

        Assert.That(failures.Count, Is.Zero, () => $"{failures.Count} of {indices.Length} cases went wrong, {context}\n\n" +
            string.Join("\n\n", failures.Take(MaxReported)));
        await TestContext.Out.WriteLineAsync($"wire fuzzer: {context} {summary}");
    }

    // Bugs the fuzzer found (seed 20250115), cut down to the bytes that show them; each sent in one write, then FIN.
    [TestCase("880203F2" + "8800", "open|close 1010 - clean", 1010,
        TestName = "An empty Close after the server's Close 1010 leaves the close event at 1010 (wire case 112)")]
    [TestCase("88030F9F78" + "827F0000000000010000", "open|close 3999 0078 clean", 3999,
        TestName = "A frame too big after the server's Close neither fails the clean close nor changes the client's answer (wire cases 30 and 148)")]
    [TestCase("81026869" + "82026162" + "827F0000000000010000", "open|text 2 1748694682 00680069|binary 2 1294271946 6162|error|close 1006 - not clean", 1009,
        TestName = "Messages read together with the header of a frame too big are delivered before the failure (wire case 10)")]
    [TestCase("8102C328" + "827F0000000000010000", "open|error|close 1006 - not clean", 1007,
        TestName = "Invalid UTF-8 before a frame too big is answered with 1007, the first fault (wire case 118)")]
    public async Task A_frame_sequence_the_fuzzer_found_ends_as_the_standards_allow(string hex, string expectedEvents, int clientClose)
    {
        var wireCase = new WireCase(0, Convert.FromHexString(hex), [], Reset: false, ["regression bytes"]);

        var (failures, _, events, seen) = await RunCasesAsync(0, [wireCase], "regression " + hex);

        Assert.That(string.Join("|", events[0]), Is.EqualTo(expectedEvents));
        Assert.That(seen[0].CloseCode, Is.EqualTo(clientClose), "the client's Close");
        Assert.That(failures, Is.Empty);
    }

    // Runs the cases through one host (four connections at a time) and returns what went wrong, case by case.
    private static async Task<(List<string> Failures, string Summary, Dictionary<int, List<string>> Events, Dictionary<int, RawFrameServer.ClientSide> Seen)> RunCasesAsync(
        uint seed, IReadOnlyList<WireCase> list, string context)
    {
        var cases = list.ToDictionary(c => c.Index);
        var indices = list.Select(c => c.Index).ToList();
        var predictions = cases.ToDictionary(c => c.Key, c => WireModel.Predict(c.Value.Bytes, WireCaseGenerator.MaxMessageSize));
        using var unobserved = new UnobservedTaskExceptions();
        var server = new RawFrameServer(i => cases.TryGetValue(i, out var c)
            ? (c, predictions[i].Any(p => p.Ending == WireEnding.Clean))
            : null);
        Dictionary<int, List<string>> events;
        var failures = new List<string>();
        await using (server)
        {
            await using var run = new ScriptRun(configure: options =>
            {
                options.WebSockets.Network.AllowedHosts.Add("127.0.0.1");
                options.WebSockets.MaxMessageSize = WireCaseGenerator.MaxMessageSize;
                options.WebSockets.ClosingHandshakeTimeout = TimeSpan.FromSeconds(2);
            });
            run.Host.EnqueueScript(ClientScript(server.BaseUrl, indices), "wire-client.js");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            ScriptRunResult result;
            try
            {
                result = await run.Host.RunAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The client's run did not end within 120 s (a hang), {context}\n{run.Output}");
                throw;
            }

            Assert.That(result.Outcome, Is.EqualTo(ScriptRunOutcome.Drained), () => $"{result.Message}, {context}\n{run.Error}");
            Assert.That(run.Error, Is.Empty, context);
            var line = run.OutputLines.Single(l => l.StartsWith("WIRE-RESULTS ", StringComparison.Ordinal));
            events = JsonSerializer.Deserialize<Dictionary<int, List<string>>>(line["WIRE-RESULTS ".Length..])!;

            // Every server connection is done before the host goes; what the server saw is read only after that.
            using var serverDone = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Task.WhenAll(server.Seen.Values.Select(s => s.Done.Task)).WaitAsync(serverDone.Token);
        }

        foreach (var index in indices)
        {
            var seen = server.Seen.GetValueOrDefault(index);
            var problem = Judge(cases[index], predictions[index], events.GetValueOrDefault(index) ?? [], seen);
            if (problem is not null)
            {
                failures.Add(Describe(seed, cases[index], predictions[index], events.GetValueOrDefault(index) ?? [], seen, problem));
            }
        }

        var leaked = unobserved.Collect();
        if (leaked.Count > 0)
        {
            failures.Add($"unobserved task exceptions: {string.Join("\n", leaked)}");
        }

        var endings = predictions.Values.Select(p => p[0].Ending).GroupBy(e => e).OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"));
        var messages = predictions.Values.Sum(p => p[0].Messages.Count);
        return (failures, $"expected endings: {string.Join(", ", endings)}; {messages} messages", events, new(server.Seen));
    }

    // Null when the case ended as the standards allow; otherwise what is wrong.
    private static string? Judge(WireCase wireCase, IReadOnlyList<WireOutcome> predictions, List<string> events, RawFrameServer.ClientSide? seen)
    {
        if (seen is null)
        {
            return "the client never reached the server";
        }

        if (!seen.Problems.IsEmpty)
        {
            return string.Join("; ", seen.Problems);
        }

        if (!wireCase.Reset)
        {
            // With FIN every byte arrives: the events are exactly those of one allowed reading, and so are the pongs
            // and the client's Close.
            var matches = predictions.Where(p => p.Events().SequenceEqual(events)).ToList();
            if (matches.Count == 0)
            {
                return "the script's events are none of the allowed ones";
            }

            var problems = matches.Select(match => Server(match, seen)).ToList();
            return problems.Contains(null) ? null : problems[0];
        }

        // A reset may drop bytes still in the server's buffers, and may reach the client before the rest: all the
        // messages and the allowed ending, or a prefix of the messages and a plain failure.
        var failed = new[] { "error", WireMessage.CloseEvent(1006, "", wasClean: false) };
        if (events.SequenceEqual(failed))
        {
            return null; // the reset came before the 101 was read
        }

        if (events.Count == 0 || events[0] != "open")
        {
            return "the script's events are none of the allowed ones (after a reset)";
        }

        var got = events.Skip(1).ToList();
        foreach (var p in predictions)
        {
            var expected = p.Events();
            var messages = expected.Skip(1).Take(p.Messages.Count).ToList();
            var ending = expected.Skip(1 + p.Messages.Count).ToList();
            for (var n = 0; n <= messages.Count && n <= got.Count; n++)
            {
                // What is lost is the tail: the allowed ending only after every message, a failure after any prefix.
                var rest = got.Skip(n).ToList();
                if (got.Take(n).SequenceEqual(messages.Take(n)) && ((n == messages.Count && rest.SequenceEqual(ending)) || rest.SequenceEqual(failed)))
                {
                    return null;
                }
            }
        }

        return "the script's events are none of the allowed ones (after a reset)";
    }

    // What is wrong with what the server saw, for a FIN case that ended as match says; null when nothing.
    private static string? Server(WireOutcome match, RawFrameServer.ClientSide seen)
    {
        if (!seen.Pongs.Select(Convert.ToHexString).SequenceEqual(match.Pings.Select(Convert.ToHexString)))
        {
            return $"the client's pongs ({seen.Pongs.Count}) do not answer the pings before the end ({match.Pings.Count}) one by one";
        }

        return match.Ending switch
        {
            WireEnding.Clean when seen.CloseCode != (match.CloseCode == 1005 ? -1 : match.CloseCode) =>
                $"the client answered Close {match.CloseCode} with {Status(seen.CloseCode)}",
            WireEnding.Fail when seen.CloseCode is not { } code || !match.ClientCloseCodes.Contains(code) =>
                $"the client failed the connection with {Status(seen.CloseCode)}, not {string.Join(" or ", match.ClientCloseCodes.Order())}",
            _ => null,
        };
    }

    private static string Status(int? code) => code switch
    {
        null => "no Close",
        -1 => "a Close with no status",
        _ => "Close " + code.Value.ToString(CultureInfo.InvariantCulture),
    };

    private static string Describe(uint seed, WireCase wireCase, IReadOnlyList<WireOutcome> predictions, List<string> events, RawFrameServer.ClientSide? seen, string problem)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"case {wireCase.Index} (JSWS_FUZZ_SEED={seed} JSWS_FUZZ_CASE={wireCase.Index}): {problem}\n");
        text.Append("  made as: ").AppendJoin("; ", wireCase.Steps).Append('\n');
        text.Append("  bytes: ").Append(wireCase.Hex(300)).Append('\n');
        foreach (var p in predictions)
        {
            text.Append("  allowed: ").Append(p).Append(" -> ").AppendJoin(" | ", p.Events()).Append('\n');
        }

        text.Append("  script saw: ").AppendJoin(" | ", events).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"  server saw: {Status(seen?.CloseCode)}, {seen?.Pongs.Count ?? 0} pongs, {seen?.Frames ?? 0} frames");
        return text.ToString();
    }

    // Opens the cases four at a time and logs each one's events; prints them all once every case has closed (and a
    // little later, so an event after close would show).
    private static string ClientScript(string baseUrl, IReadOnlyList<int> indices) => $$"""
        const base = {{JsonSerializer.Serialize(baseUrl)}};
        const cases = {{JsonSerializer.Serialize(indices)}};
        const results = {};
        let next = 0, running = 0;
        const fnv = (n, at) => { let h = 0x811C9DC5; for (let i = 0; i < n; i++) h = Math.imul(h ^ at(i), 0x01000193) >>> 0; return h; };
        const units = s => s.length === 0 ? "-" : Array.from({ length: s.length }, (_, i) => s.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0")).join("");
        const hex = b => Array.from(b.subarray(0, 8), x => x.toString(16).toUpperCase().padStart(2, "0")).join("");
        function start() {
          while (running < 4 && next < cases.length) {
            const index = cases[next++];
            const log = results[index] = [];
            running++;
            let done = false;
            const end = () => { if (!done) { done = true; clearTimeout(timer); running--; start(); } };
            const ws = new WebSocket(base + "/case/" + index);
            ws.binaryType = "arraybuffer";
            const timer = setTimeout(() => { log.push("timeout"); ws.close(); end(); }, 10000);
            ws.onopen = () => log.push("open");
            ws.onmessage = e => {
              if (typeof e.data === "string") {
                log.push(`text ${e.data.length} ${fnv(e.data.length, i => e.data.charCodeAt(i))} ${units(e.data.slice(0, 8))}`);
              } else {
                const b = new Uint8Array(e.data);
                log.push(`binary ${b.length} ${fnv(b.length, i => b[i])} ${hex(b)}`);
              }
            };
            ws.onerror = () => log.push("error");
            ws.onclose = e => { log.push(`close ${e.code} ${units(e.reason)} ${e.wasClean ? "clean" : "not clean"}`); end(); };
          }
          if (running === 0 && next >= cases.length) {
            setTimeout(() => console.log("WIRE-RESULTS " + JSON.stringify(results)), 50);
          }
        }
        start();
        """;
}
