using System.Diagnostics;
using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using EntryControl.E2E.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EntryControl.E2E.Tests.Accessibility;

/// <summary>Where a state is audited.</summary>
public enum Layouts
{
    /// <summary>A page of its own: phone, tablet and desktop in the first language, the phone in the others.</summary>
    Every,

    /// <summary>A variant of a page already audited everywhere (errors shown, a section opened): the phone, where it is tightest.</summary>
    Phone,

    /// <summary>One layout at every width (print pages) or a tablet page (the checkpoint console): the tablet.</summary>
    Tablet,
}

/// <summary>A page state to audit: how to reach it from the previous state, and on which viewports.</summary>
/// <param name="Name">What a developer looks for, e.g. <c>declare step 2, errors</c>.</param>
/// <param name="Reach">Brings the page there, starting from where the previous state left it.</param>
/// <param name="Layouts">Which viewports.</param>
public sealed record PageState(string Name, Func<IPage, Task> Reach, Layouts Layouts = Layouts.Phone);

/// <summary>
/// Runs axe-core (the WCAG 2.0/2.1 A and AA tags and best-practice in one pass) on page states and collects what it
/// finds. WCAG violations fail <see cref="AssertNoWcagViolations"/>; best-practice findings are only reported.
/// </summary>
public sealed class AxeAudit
{
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public static readonly (string Name, int Width, int Height)[] Viewports = [("phone", 390, 844), ("tablet", 1024, 768), ("desktop", 1440, 900)];

    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags, "best-practice"] },
        // Only what failed is needed; passes and inapplicable rules make the answer large and slow to parse.
        ResultTypes = [ResultType.Violations],
    };

    private static readonly TimeSpan AuditLimit = TimeSpan.FromMinutes(2);

    private readonly List<Finding> _findings = [];
    private readonly Stopwatch _time = new();

    /// <summary>How many (state, language) pairs were reached.</summary>
    public int States { get; private set; }

    /// <summary>How many (state, language, viewport) combinations were audited.</summary>
    public int Audits { get; private set; }

    public IReadOnlyList<Finding> Findings => _findings;

    public TimeSpan AxeTime => _time.Elapsed;

    /// <summary>
    /// Runs the states in order on <paramref name="page"/>, auditing each after it is reached on the viewports its
    /// <see cref="Layouts"/> names: the other languages have the same markup and colours with longer or shorter
    /// words, so they are audited on the phone, where text wraps most.
    /// </summary>
    public async Task RunAsync(IPage page, string language, bool firstLanguage, IEnumerable<PageState> states)
    {
        foreach (var state in states)
        {
            await page.SetViewportSizeAsync(Viewports[1].Width, Viewports[1].Height);
            try
            {
                await state.Reach(page);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
            {
                var shot = Path.Combine(BrowserTest.ScreenshotFolder, nameof(AxeTests), $"unreached.{language}.{string.Concat(state.Name.Split(Path.GetInvalidFileNameChars()))}.png");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
                throw new InvalidOperationException($"Could not reach the state '{state.Name}' [{language}]: {e.Message}", e);
            }

            States++;
            (string Name, int Width, int Height)[] viewports = state.Layouts switch
            {
                Layouts.Every when firstLanguage => Viewports,
                Layouts.Every or Layouts.Phone => [Viewports[0]],
                _ => [Viewports[1]],
            };
            await CheckAsync(page, $"{state.Name} [{language}]", viewports);
        }
    }

    /// <summary>Audits the page as it is now at each of <paramref name="viewports"/>.</summary>
    public async Task CheckAsync(IPage page, string state, IEnumerable<(string Name, int Width, int Height)> viewports)
    {
        foreach (var (name, width, height) in viewports)
        {
            await page.SetViewportSizeAsync(width, height);
            // Let the page's resize handlers run (site.js marks tables that now scroll sideways), then let running CSS
            // transitions end: a button just clicked fades to its checked colours, and axe would measure the blend (endless
            // animations, such as a spinner, are not waited for, nor any for more than 2 s).
            await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
            await page.EvaluateAsync(
                "() => Promise.race([Promise.all(document.getAnimations().filter(a => a.effect?.getComputedTiming().endTime !== Infinity).map(a => a.finished.catch(() => null))), new Promise(done => setTimeout(done, 2000))])");
            _time.Start();
            // A page evaluation has no timeout of its own: a stuck audit fails this test instead of stalling the run.
            var result = await page.RunAxe(Options).WaitAsync(AuditLimit);
            _time.Stop();
            Audits++;
            foreach (var violation in result.Violations)
            {
                _findings.Add(new Finding(
                    $"{state} @{name}",
                    violation.Id,
                    violation.Impact,
                    violation.Help,
                    violation.Tags.Any(WcagTags.Contains),
                    [.. violation.Nodes.Select(n => $"{n.Target} — {Summary(n)}")]));
            }
        }
    }

    /// <summary>Every finding as a developer reads it: rule, impact, where, the failing selectors and why.</summary>
    public static string Describe(IEnumerable<Finding> findings)
    {
        var text = new StringBuilder();
        foreach (var rule in findings.GroupBy(f => f.Rule).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = rule.First();
            text.AppendLine(CultureInfo.InvariantCulture, $"{rule.Key} ({first.Impact}): {first.Help} — {rule.Sum(f => f.Nodes.Count)} elements in {rule.Count()} audits");
            foreach (var finding in rule.Take(12))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {finding.State}");
                foreach (var node in finding.Nodes.Take(6))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"    {node}");
                }

                if (finding.Nodes.Count > 6)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"    … and {finding.Nodes.Count - 6} more");
                }
            }

            if (rule.Count() > 12)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  … and {rule.Count() - 12} more audits");
            }
        }

        return text.ToString();
    }

    public void AssertNoWcagViolations()
    {
        var wcag = _findings.Where(f => f.Wcag).ToList();
        Assert.True(
            wcag.Count == 0,
            $"axe found WCAG 2.1 A/AA violations ({wcag.Sum(f => f.Nodes.Count)} elements) in {Audits} audits:\n{Describe(wcag)}");
    }

    /// <summary>Why a node failed, as axe's checks say it (e.g. the contrast ratio and colours it measured).</summary>
    private static string Summary(AxeResultNode node) =>
        string.Join("; ", (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []).Select(c => c.Message).Where(m => !string.IsNullOrEmpty(m)).Distinct().Take(2));

    public sealed record Finding(string State, string Rule, string Impact, string Help, bool Wcag, IReadOnlyList<string> Nodes);
}
