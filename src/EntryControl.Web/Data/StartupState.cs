namespace EntryControl.Web.Data;

/// <summary>
/// Whether this instance has finished its start-up step (<see cref="DatabaseInitializer"/>: migrations, personal-data
/// migration, roles, bootstrap admin, demo data). The server listens meanwhile (the host starts its services
/// concurrently), so probes see the instance as live but not ready, and every other request is answered 503 with
/// <c>Retry-After</c> (<see cref="Infrastructure.Http.StartupGate"/>). Work that needs the initialized database (the
/// scheduler) waits for it with <see cref="WaitAsync"/>.
/// </summary>
public sealed class StartupState
{
    private readonly TaskCompletionSource _initialized = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Initialized => _initialized.Task.IsCompletedSuccessfully;

    internal void MarkInitialized() => _initialized.TrySetResult();

    /// <summary>The start-up step failed: the host stops, and whoever waits learns why.</summary>
    internal void MarkFailed(Exception exception) => _initialized.TrySetException(exception);

    public Task WaitAsync(CancellationToken cancellationToken) => _initialized.Task.WaitAsync(cancellationToken);
}
