namespace EntryControl.Web.Data;

/// <summary>The <c>Database</c> settings.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Apply EF Core migrations at start-up.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>
    /// How long the start-up step keeps retrying (with back-off) while the database cannot be reached, e.g. when the
    /// portal and PostgreSQL start together; after that the start-up fails.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 3600)]
    public int StartupRetrySeconds { get; set; } = 60;

    /// <summary>
    /// Npgsql's <c>Max Auto Prepare</c> for the portal's connections: the statements a connection runs most (at least
    /// five times) are kept prepared on the server, so PostgreSQL does not parse and plan them again on every use. 0 turns
    /// it off. Set here, it replaces any value the connection string gives.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 1000, ErrorMessage = "Database:MaxAutoPrepare must be between {1} and {2}.")]
    public int MaxAutoPrepare { get; set; } = 100;

    /// <summary>The connection string the portal uses: <paramref name="connectionString"/> with these settings applied.</summary>
    public string ConnectionString(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = MaxAutoPrepare }.ConnectionString;
}
