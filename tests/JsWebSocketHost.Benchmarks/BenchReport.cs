using System.Globalization;
using System.Text;

namespace JsWebSocketHost.Benchmarks;

/// <summary>
/// The results of one benchmark run: medians per workload and runtime, and the baselines they are compared with
/// (raw <c>ClientWebSocket</c> for rates, Deno for costs). Prints the table, and writes it as Markdown with an SVG bar
/// chart of the ratios.
/// </summary>
internal sealed class BenchReport
{
    private readonly List<Row> _rows = [];

    /// <summary>The runtimes in column order (after the in-process jsws column).</summary>
    public List<string> Runtimes { get; } = [];

    /// <summary>A rate (higher is better): its baseline is raw <c>ClientWebSocket</c> in the same run.</summary>
    public void AddRate(string workload, double raw, double? inProcess, IReadOnlyDictionary<string, double?> byRuntime) =>
        _rows.Add(new Row(workload, HigherIsBetter: true, raw, "raw C#", inProcess, byRuntime));

    /// <summary>A cost (lower is better): its baseline is Deno's value in the same run, when Deno ran.</summary>
    public void AddCost(string workload, IReadOnlyDictionary<string, double?> byRuntime) =>
        _rows.Add(new Row(workload, HigherIsBetter: false, byRuntime.GetValueOrDefault("deno") ?? double.NaN, "deno", null, byRuntime));

    /// <summary>The whole table as Markdown: each cell the median, then its ratio to the row's baseline.</summary>
    public string ToMarkdown(string heading)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{heading}").AppendLine();
        text.Append("| workload | baseline | jsws in-process |");
        foreach (var runtime in Runtimes)
        {
            text.Append(CultureInfo.InvariantCulture, $" {runtime} |");
        }

        text.AppendLine().Append("| --- | ---: | ---: |");
        foreach (var _ in Runtimes)
        {
            text.Append(" ---: |");
        }

        text.AppendLine();
        foreach (var row in _rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {row.Workload} | {Format(row.Baseline)} ({row.BaselineName}) | {Cell(row, row.InProcess)} |");
            foreach (var runtime in Runtimes)
            {
                text.Append(CultureInfo.InvariantCulture, $" {Cell(row, row.ByRuntime.GetValueOrDefault(runtime))} |");
            }

            text.AppendLine();
        }

        text.AppendLine().AppendLine("Each cell: the median, then (in brackets) its ratio to the row's baseline from the same run. Rates: higher is better, ratio = value / raw ClientWebSocket. Costs (start-up, memory, load): lower is better, ratio = value / Deno's.");
        return text.ToString();
    }

    /// <summary>An SVG bar chart: one group of bars a workload, one bar a runtime, the bar's length its ratio.</summary>
    public string ToSvg(string title)
    {
        var columns = new List<string> { "jsws in-process" };
        columns.AddRange(Runtimes);
        string[] palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#9c755f"];
        const int left = 300, barHeight = 12, gap = 10, width = 880, chartWidth = 500;
        var ratios = _rows.Select(r => Ratios(r, columns)).ToList();
        var max = Math.Max(1.0, ratios.SelectMany(r => r).Where(v => v is not null).Select(v => v!.Value).DefaultIfEmpty(1).Max());
        var height = 70 + _rows.Count * (columns.Count * barHeight + gap) + 30;
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">""");
        svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="10" y="20" font-size="14" font-weight="bold">{Escape(title)}</text>""");
        svg.AppendLine("""<text x="10" y="38">Ratios to a baseline from the same run: rates to raw ClientWebSocket (higher is better); costs to Deno (lower is better).</text>""");
        for (var c = 0; c < columns.Count; c++)
        {
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{10 + c * 100}" y="46" width="10" height="10" fill="{palette[c % palette.Length]}"/><text x="{24 + c * 100}" y="55">{Escape(columns[c])}</text>""");
        }

        var y = 70;
        var one = left + chartWidth / max;
        for (var r = 0; r < _rows.Count; r++)
        {
            var row = _rows[r];
            var groupHeight = columns.Count * barHeight;
            svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="10" y="{y + groupHeight / 2 + 4}">{Escape(row.Workload)}{(row.HigherIsBetter ? "" : " (lower better)")}</text>""");
            for (var c = 0; c < columns.Count; c++)
            {
                var ratio = ratios[r][c];
                var barY = y + c * barHeight;
                if (ratio is { } value && double.IsFinite(value))
                {
                    var length = chartWidth * value / max;
                    svg.AppendLine(CultureInfo.InvariantCulture, $"""<rect x="{left}" y="{barY}" width="{length:0.#}" height="{barHeight - 2}" fill="{palette[c % palette.Length]}"/><text x="{left + length + 4:0.#}" y="{barY + barHeight - 3}">{value:0.00}</text>""");
                }
                else
                {
                    svg.AppendLine(CultureInfo.InvariantCulture, $"""<text x="{left + 2}" y="{barY + barHeight - 3}" fill="#888">n/a</text>""");
                }
            }

            y += groupHeight + gap;
        }

        svg.AppendLine(CultureInfo.InvariantCulture, $"""<line x1="{one:0.#}" y1="62" x2="{one:0.#}" y2="{y}" stroke="#333" stroke-dasharray="4,3"/><text x="{one + 3:0.#}" y="{y + 14}">1.0 = baseline</text>""");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static List<double?> Ratios(Row row, List<string> columns) =>
        columns.Select(c => (c == "jsws in-process" ? row.InProcess : row.ByRuntime.GetValueOrDefault(c)) is { } v && double.IsFinite(row.Baseline) && row.Baseline > 0
            ? v / row.Baseline
            : (double?)null).ToList();

    private static string Cell(Row row, double? value) =>
        value is not { } v ? "—" : double.IsFinite(row.Baseline) && row.Baseline > 0 ? $"{Format(v)} ({v / row.Baseline:0.00})" : Format(v);

    private static string Format(double value) =>
        !double.IsFinite(value) ? "—" : value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private sealed record Row(string Workload, bool HigherIsBetter, double Baseline, string BaselineName, double? InProcess, IReadOnlyDictionary<string, double?> ByRuntime);
}
