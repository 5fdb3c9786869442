using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EntryControl.Web.Development.Benchmarks;

/// <summary>
/// The floor the load benchmark (bench/EntryControl.Load) compares <c>POST /api/v1/scans</c> with: the same request,
/// the same officer bearer token and the same middleware, but only one lookup (the declaration, its latest decision
/// and the officer's checkpoint, in one statement) and one insert of a <c>checkpoint_scans</c> row, with raw Npgsql.
/// It does not decide again and keeps no decision record, so it is not a scan anyone may rely on. Mapped only when
/// <c>Benchmarks:BaselineEndpoint</c> is true, and refused in Production. It knows the portal only by its schema (the SQL
/// below), so this project needs no reference to EntryControl.Web.
/// </summary>
public static class BaselineScanEndpoint
{
    public const string Path = "/api/bench/baseline/scans";

    /// <summary><c>DeclarationStatus.Cancelled</c> as the <c>declarations.status</c> column stores it.</summary>
    private const string CancelledStatus = "Cancelled";

    private const string Lookup = """
        SELECT d.id, d.status, r.id, r.measure, (r.decision_json ->> 'entryAllowed')::boolean, (r.decision_json ->> 'landingTest')::boolean,
               (SELECT u.checkpoint_code FROM staff_users u WHERE u.id = $2)
        FROM declarations d
        LEFT JOIN LATERAL (
            SELECT id, measure, decision_json FROM decision_records
            WHERE declaration_id = d.id ORDER BY decided_at DESC, id DESC LIMIT 1) r ON true
        WHERE d.code = $1
        """;

    private const string Insert = """
        INSERT INTO checkpoint_scans (id, declaration_id, checkpoint_code, officer_id, scanned_at, recorded_at, temperature_celsius,
                                      decision_record_id, measure, entry_allowed, landing_test)
        VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10)
        """;

    /// <summary>The <c>Benchmarks</c> settings, checked at start: the baseline is refused in Production.</summary>
    public static IServiceCollection AddBaselineScanEndpoint(this IServiceCollection services)
    {
        services.AddOptions<BenchmarkOptions>()
            .BindConfiguration(BenchmarkOptions.Section)
            .Validate<IHostEnvironment>(
                (options, environment) => !(options.BaselineEndpoint && environment.IsProduction()),
                "Benchmarks:BaselineEndpoint is for load benchmarks only and is refused in Production.")
            .ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Maps the endpoint when <c>Benchmarks:BaselineEndpoint</c> is true, for officers as <paramref name="officerPolicy"/>
    /// names them, over <paramref name="connectionString"/>, with the real endpoint's <paramref name="metadata"/> (its
    /// idempotency marker: a keyed request then pays the same middleware as a real scan).
    /// </summary>
    public static IEndpointRouteBuilder MapBaselineScanEndpoint(this WebApplication app, string connectionString, string officerPolicy, params object[] metadata)
    {
        if (!app.Services.GetRequiredService<IOptions<BenchmarkOptions>>().Value.BaselineEndpoint)
        {
            return app;
        }

        var dataSource = NpgsqlDataSource.Create(connectionString);
        app.Lifetime.ApplicationStopped.Register(dataSource.Dispose);
        app.MapPost(Path, (BaselineScanRequest request, ClaimsPrincipal officer, TimeProvider clock, CancellationToken ct) =>
                ScanAsync(dataSource, request, officer, clock, ct))
            .RequireAuthorization(officerPolicy)
            .WithMetadata(metadata)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ScanAsync(NpgsqlDataSource dataSource, BaselineScanRequest request, ClaimsPrincipal officer, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Code) || string.IsNullOrWhiteSpace(request.Checkpoint))
        {
            return TypedResults.BadRequest();
        }

        var officerId = Guid.TryParse(officer.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : Guid.Empty;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        Guid declarationId;
        Guid decisionRecordId;
        string measure;
        bool entryAllowed;
        bool landingTest;
        await using (var lookup = new NpgsqlCommand(Lookup, connection))
        {
            lookup.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Code.Trim() });
            lookup.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = officerId });
            await using var reader = await lookup.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(2))
            {
                return TypedResults.NotFound();
            }

            if (reader.IsDBNull(6) || reader.GetString(6) != request.Checkpoint.Trim())
            {
                return TypedResults.Forbid();
            }

            if (reader.GetString(1) == CancelledStatus)
            {
                return TypedResults.Conflict();
            }

            declarationId = reader.GetGuid(0);
            decisionRecordId = reader.GetGuid(2);
            measure = reader.GetString(3);
            entryAllowed = reader.GetBoolean(4);
            landingTest = reader.GetBoolean(5);
        }

        var scanId = Guid.CreateVersion7();
        await using (var insert = new NpgsqlCommand(Insert, connection))
        {
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = scanId });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = declarationId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.Checkpoint.Trim() });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = officerId });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            insert.Parameters.Add(new NpgsqlParameter { Value = (object?)request.TemperatureCelsius ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric });
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = decisionRecordId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = measure });
            insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = entryAllowed });
            insert.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = landingTest });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        return TypedResults.Ok(new BaselineScanResult(scanId, declarationId, measure, entryAllowed, landingTest));
    }

    /// <summary>The fields of the scan request (<c>ScanRequest</c>) the baseline reads; the body is the same.</summary>
    private sealed record BaselineScanRequest(string? Code, string? Checkpoint, decimal? TemperatureCelsius);

    private sealed record BaselineScanResult(Guid ScanId, Guid DeclarationId, string Measure, bool EntryAllowed, bool LandingTest);
}
