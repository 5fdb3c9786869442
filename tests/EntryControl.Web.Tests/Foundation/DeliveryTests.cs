using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using EntryControl.Web.Tests.Declarations;
using EntryControl.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EntryControl.Web.Tests.Foundation;

/// <summary>Issue 18: compressed answers, fingerprinted static files cached for a year.</summary>
public sealed partial class DeliveryTests(EntryControlApp app) : AppTest(app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(acceptEncoding);
        }

        return await client.SendAsync(request, Ct);
    }

    private static async Task<string> DecompressedAsync(HttpResponseMessage response)
    {
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        await using Stream decoded = response.Content.Headers.ContentEncoding.Single() switch
        {
            "br" => new BrotliStream(body, CompressionMode.Decompress),
            "gzip" => new GZipStream(body, CompressionMode.Decompress),
            var other => throw new InvalidOperationException($"Unexpected encoding {other}"),
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync(Ct);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/declare")]
    [InlineData("/lookup")]
    public async Task Pages_come_compressed_to_a_browser_that_accepts_it_and_plain_to_one_that_does_not(string path)
    {
        var client = App.CreateClient();

        var brotli = await GetAsync(client, path, "br, gzip");
        var gzip = await GetAsync(client, path, "gzip");
        var plain = await GetAsync(client, path, null);

        Assert.Equal(["br"], brotli.Content.Headers.ContentEncoding);
        Assert.Equal(["gzip"], gzip.Content.Headers.ContentEncoding);
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", brotli.Headers.Vary);
        var page = await plain.Content.ReadAsByteArrayAsync(Ct);
        Assert.Contains("</html>", await DecompressedAsync(brotli), StringComparison.Ordinal);
        Assert.Contains("</html>", await DecompressedAsync(gzip), StringComparison.Ordinal);
        Assert.True(brotli.Content.Headers.ContentLength is null or > 0);
        Assert.True(page.Length > 2 * (await brotli.Content.ReadAsByteArrayAsync(Ct)).Length, "a page shrinks to under half");
        Assert.True(brotli.Headers.CacheControl?.NoStore, "compression keeps the page uncached");
    }

    [Fact]
    public async Task Api_answers_and_problems_are_compressed_too()
    {
        var admin = await App.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/v1/communities", new { code = "150802001001", name = "新华社区", region = "150802" }, Ct)).EnsureSuccessStatusCode();
        var client = App.CreateClient();
        var created = await (await client.PostAsJsonAsync("/api/v1/declarations", DeclarationApiTests.Body(), Ct)).AssertJsonAsync(HttpStatusCode.Created);

        var declaration = await GetAsync(client, $"/api/v1/declarations/{created.GetProperty("code").GetString()}", "br");
        var problem = await GetAsync(client, "/api/v1/policies/no-such-policy", "br");

        Assert.Equal(HttpStatusCode.OK, declaration.StatusCode);
        Assert.Equal(["br"], declaration.Content.Headers.ContentEncoding);
        Assert.Contains("\"code\"", await DecompressedAsync(declaration), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["br"], problem.Content.Headers.ContentEncoding);
        Assert.Contains("no-such-policy", await DecompressedAsync(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_link_fingerprinted_static_files_that_are_cached_for_a_year_and_come_compressed()
    {
        var client = App.CreateClient();
        var document = await (await client.GetAsync("/declare", Ct)).ParseAsync();
        var assets = document.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")!)
            .Concat(document.Scripts.Select(s => s.Source!))
            .ToList();

        Assert.Contains(assets, a => a.Contains("/bootstrap.trimmed.min.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("/js/region-picker.", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            // site.css → site.<fingerprint>.css: a changed file gets a new address, so the old one may be cached for ever.
            Assert.Matches(@"^/[\w/.-]+\.[a-z0-9]{8,}\.(css|js)$", asset);
            var response = await GetAsync(client, asset, "br, gzip");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)response.StatusCode}");
            Assert.True(TimeSpan.FromDays(365) == response.Headers.CacheControl?.MaxAge, $"{asset}: Cache-Control {response.Headers.CacheControl}");
            Assert.Contains(response.Headers.CacheControl!.Extensions, e => e.Name == "immutable");
            Assert.NotEmpty(response.Content.Headers.ContentEncoding);
        }
    }

    [Fact]
    public async Task A_static_file_by_its_plain_name_is_revalidated_not_kept()
    {
        var response = await App.CreateClient().GetAsync("/js/site.js", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoCache, $"Cache-Control {response.Headers.CacheControl}");
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task The_trimmed_bootstrap_keeps_every_rule_a_page_script_or_class_of_the_portal_can_use()
    {
        var web = App.Services.GetRequiredService<IWebHostEnvironment>();
        var css = Path.Combine(web.WebRootPath, "lib", "bootstrap", "dist", "css");
        var fullCss = await File.ReadAllTextAsync(Path.Combine(css, "bootstrap.min.css"), Ct);
        var trimmedCss = await File.ReadAllTextAsync(Path.Combine(css, "bootstrap.trimmed.min.css"), Ct);
        var trimmedSelectors = Selectors(trimmedCss).ToHashSet(StringComparer.Ordinal);
        var sources = Directory.EnumerateFiles(Path.Combine(web.ContentRootPath, "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(web.ContentRootPath, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(web.ContentRootPath, f)))
            .Concat(Directory.EnumerateFiles(Path.Combine(web.WebRootPath, "js"), "*.js", SearchOption.AllDirectories))
            .ToList();

        Assert.True(sources.Count > 50, $"only {sources.Count} source files found under {web.ContentRootPath}");
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            used.UnionWith(Tokens().Matches(await File.ReadAllTextAsync(source, Ct)).Select(m => m.Value));
        }

        // A selector of Bootstrap's whose classes and attributes the portal all uses (".btn-outline-primary:hover",
        // ".navbar-dark .nav-link") must have survived; one naming an unused class (".nav-tabs .nav-item") or attribute
        // ("[data-bs-theme=dark] .form-select") may go, as PurgeCSS lets it.
        used.UnionWith(AttributesSetByBootstrapScripts);
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var selector in Selectors(fullCss))
        {
            var classes = ClassSelectors().Matches(selector).Select(m => m.Groups[1].Value).ToList();
            var attributes = AttributeSelectors().Matches(selector).Select(m => m.Groups[1].Value);
            if (classes.Count > 0 && classes.All(used.Contains) && attributes.All(used.Contains) && !trimmedSelectors.Contains(selector))
            {
                missing.Add(selector);
            }
        }

        Assert.True(missing.Count == 0,
            "Bootstrap rules the portal uses were trimmed away; run `npm ci && node trim.mjs` in tools/trim-css: " + string.Join(", ", missing.Take(20)));
        Assert.True(trimmedCss.Length < fullCss.Length / 2, $"trimmed to {trimmedCss.Length} of {fullCss.Length} characters");
    }

    /// <summary>Set by Bootstrap's scripts under a computed name, so no source names them (trim.mjs keeps them).</summary>
    private static readonly string[] AttributesSetByBootstrapScripts = ["data-bs-popper"];

    private static bool IsBuildOutput(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        return relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>Each selector of each style rule (comments and at-rule preludes left out), as written in the minified file.</summary>
    private static IEnumerable<string> Selectors(string css) =>
        RulePreludes().Matches(Comments().Replace(css, string.Empty))
            .Select(m => m.Groups[1].Value.Trim())
            .Where(prelude => !prelude.StartsWith('@'))
            .SelectMany(prelude => prelude.Split(','))
            .Select(selector => selector.Trim());

    [System.Text.RegularExpressions.GeneratedRegex(@"/\*.*?\*/", System.Text.RegularExpressions.RegexOptions.Singleline)]
    private static partial System.Text.RegularExpressions.Regex Comments();

    [System.Text.RegularExpressions.GeneratedRegex(@"([^{};]+)\{")]
    private static partial System.Text.RegularExpressions.Regex RulePreludes();

    // The class names in selectors: ".btn-outline-primary", ".was-validated" (not the decimals in "0.5rem").
    [System.Text.RegularExpressions.GeneratedRegex(@"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")]
    private static partial System.Text.RegularExpressions.Regex ClassSelectors();

    [System.Text.RegularExpressions.GeneratedRegex(@"\[([A-Za-z0-9_-]+)")]
    private static partial System.Text.RegularExpressions.Regex AttributeSelectors();

    // PurgeCSS's default extractor, which tools/trim-css/trim.mjs uses: runs of letters, digits, '_' and '-'.
    [System.Text.RegularExpressions.GeneratedRegex("[A-Za-z0-9_-]+")]
    private static partial System.Text.RegularExpressions.Regex Tokens();
}
