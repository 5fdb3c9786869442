using System.Net.Http.Json;
using System.Text.RegularExpressions;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EntryControl.E2E.Tests.Infrastructure;

/// <summary>
/// Base for browser tests: the data is reset, and each test gets a fresh browser context (a tablet in landscape,
/// 1024×768, Chinese, China time) with one page. A test fails on any console error, uncaught script error or request
/// to another host than the portal; a failing test leaves a full-page screenshot named <c>failed.{test method}</c>.
/// </summary>
[Collection(BrowserCollection.Name)]
public abstract class BrowserTest(BrowserFixture fixture) : IAsyncLifetime
{
    public const int TabletWidth = 1024;
    public const int TabletHeight = 768;

    private readonly List<string> _errors = [];
    private readonly List<string> _external = [];
    private readonly List<Regex> _expectedErrors = [];
    private readonly List<IBrowserContext> _contexts = [];

    protected BrowserFixture Fixture { get; } = fixture;

    protected EntryControlApp App => Fixture.App;

    protected IBrowserContext Context { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    /// <summary>Every request the pages made, in order (method and path on the portal, full URL elsewhere).</summary>
    protected List<string> Requests { get; } = [];

    /// <summary>Where screenshots go: <c>ENTRYCONTROL_SCREENSHOTS</c>, else <c>TestResults/screenshots</c> beside the tests.</summary>
    public static string ScreenshotFolder =>
        Environment.GetEnvironmentVariable("ENTRYCONTROL_SCREENSHOTS") is { Length: > 0 } folder
            ? folder
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public virtual async ValueTask InitializeAsync()
    {
        await App.ResetAsync();
        Context = await NewContextAsync();
        Page = await Context.NewPageAsync();
    }

    /// <summary>A browser context watched like the test's own; for a second officer, or a context in English.</summary>
    protected async Task<IBrowserContext> NewContextAsync(string locale = "zh-CN")
    {
        var context = await Fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Fixture.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = TabletWidth, Height = TabletHeight },
            Locale = locale,
            TimezoneId = "Asia/Shanghai",
        });
        _contexts.Add(context);
        // Generous: CI runs the browser tests beside the web tests on two cores, and a sign-in redirect has taken over 10 s there.
        context.SetDefaultTimeout(30_000);
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && !_expectedErrors.Any(e => e.IsMatch(message.Text)))
            {
                _errors.Add($"console: {message.Text} ({message.Location})");
            }
        };
        context.WebError += (_, error) => _errors.Add($"uncaught: {error.Error}");
        context.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme is "data" or "blob")
            {
                return;
            }

            var own = url.Scheme == Fixture.BaseAddress.Scheme && url.Authority == Fixture.BaseAddress.Authority;
            lock (Requests)
            {
                Requests.Add(own ? $"{request.Method} {url.PathAndQuery}" : request.Url);
            }

            if (!own)
            {
                _external.Add(request.Url);
            }
        };
        return context;
    }

    /// <summary>A console error this test provokes on purpose (e.g. a request refused while offline).</summary>
    protected void ExpectConsoleError(string pattern) => _expectedErrors.Add(new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1)));

    /// <summary>Signs in through the real staff login page (the session cookie stays in the page's context).</summary>
    protected async Task SignInAsync(string email, string password, IPage? page = null)
    {
        page ??= Page;
        await page.GotoAsync("/Account/Login");
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.Locator("form button[type=submit]").Last.ClickAsync();
        // The first sign-in of a run can meet a cold server while the web tests run beside it on a 2-core CI machine
        // (one such run waited past 30 s): the landing page gets longer than the default wait.
        await page.WaitForURLAsync(url => !url.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase), new() { Timeout = 90_000 });
    }

    /// <summary>
    /// Creates a staff account through the admin API (the checkpoint or communities must exist) and signs the page in
    /// as it through the login page; returns the account's email.
    /// </summary>
    protected async Task<string> SignInAsNewStaffAsync(string role, string? checkpoint = null, string[]? communities = null, IPage? page = null)
    {
        var admin = await App.AdminClientAsync();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.entrycontrol.cn";
        const string password = "Staff-pass-123";
        (await admin.PostAsJsonAsync("/api/v1/users", new { email, password, role, checkpoint, communities })).EnsureSuccessStatusCode();
        await SignInAsync(email, password, page);
        return email;
    }

    /// <summary>Saves a PNG of the page under <see cref="ScreenshotFolder"/>/<c>{test class}/{name}.png</c> and returns its path.</summary>
    protected async Task<string> ScreenshotAsync(string name, IPage? page = null, bool fullPage = false)
    {
        var path = Path.Combine(ScreenshotFolder, GetType().Name, $"{name}.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await (page ?? Page).ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed && !Page.IsClosed)
        {
            await ScreenshotAsync($"failed.{TestContext.Current.TestMethod?.MethodName}", fullPage: true);
        }

        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        var faults = _errors.Concat(_external.Select(url => $"request to another host: {url}")).ToList();
        Assert.True(faults.Count == 0, "The browser reported:\n" + string.Join('\n', faults));
        GC.SuppressFinalize(this);
    }
}
