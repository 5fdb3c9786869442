using EntryControl.Rules;
using EntryControl.Web.Infrastructure.Caching;

namespace EntryControl.Web.Features.Policies;

/// <summary>
/// The policy catalogue this instance evaluates with. It starts as the shipped files, is loaded from PostgreSQL at
/// start-up, and is swapped whole (one reference write) when a version is published: here at once, on the other
/// instances when they hear <see cref="Topic"/> on the cache channel. Consumers resolve <see cref="PolicyCatalog"/>
/// per request or operation (a transient registration reading <see cref="Current"/>), so none keeps an old one.
/// </summary>
public sealed partial class PolicyCatalogHolder : IDisposable
{
    public const string Topic = "policies";

    private readonly IServiceScopeFactory _scopes;
    private readonly CacheInvalidation _invalidation;
    private readonly ILogger<PolicyCatalogHolder> _logger;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile PolicyCatalog _current = PolicyCatalog.LoadEmbedded();
    private int _generation;

    public PolicyCatalogHolder(IServiceScopeFactory scopes, CacheInvalidation invalidation, ILogger<PolicyCatalogHolder> logger)
    {
        _scopes = scopes;
        _invalidation = invalidation;
        _logger = logger;
        invalidation.Subscribe(Topic, _ => ReloadInBackground(), ReloadInBackground);
    }

    public PolicyCatalog Current => _current;

    public void Dispose() => _loading.Dispose();

    /// <summary>Counts the catalogues taken (for tests: another instance's publication arrived).</summary>
    public int Generation => _generation;

    /// <summary>Uses <paramref name="catalog"/> from now on (a publication on this instance, or a test resetting).</summary>
    public void Use(PolicyCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _current = catalog;
        Interlocked.Increment(ref _generation);
    }

    /// <summary>Loads the catalogue from the database and uses it. One load at a time, so the last to run reads the latest.</summary>
    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            Use(await scope.ServiceProvider.GetRequiredService<PolicyStore>().LoadAsync(cancellationToken));
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>After a publication committed here: this instance takes the new catalogue, then the others are told.</summary>
    public async Task PublishedAsync(PolicyCatalog catalog, CancellationToken cancellationToken)
    {
        Use(catalog);
        await _invalidation.AnnounceAsync(Topic, cancellationToken: cancellationToken);
    }

    private void ReloadInBackground() => _ = Task.Run(async () =>
    {
        try
        {
            await ReloadAsync(CancellationToken.None);
            LogReloaded(_logger);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The old catalogue stays in use; the next announcement or start-up tries again.
            LogReloadFailed(_logger, e);
        }
    });

    [LoggerMessage(Level = LogLevel.Information, Message = "Reloaded the policy catalogue after another instance published a version")]
    private static partial void LogReloaded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not reload the policy catalogue; the previous one stays in use")]
    private static partial void LogReloadFailed(ILogger logger, Exception exception);
}

public static class PolicyServiceCollectionExtensions
{
    /// <summary>
    /// The policy catalogue: held by <see cref="PolicyCatalogHolder"/> and resolved as <see cref="PolicyCatalog"/> per
    /// use, so every request and job reads the one in force when it starts.
    /// </summary>
    public static IServiceCollection AddPolicies(this IServiceCollection services)
    {
        services.AddSingleton<PolicyCatalogHolder>();
        services.AddScoped<PolicyStore>();
        services.AddTransient(provider => provider.GetRequiredService<PolicyCatalogHolder>().Current);
        return services;
    }
}
