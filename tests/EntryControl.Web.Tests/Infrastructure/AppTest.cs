namespace EntryControl.Web.Tests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<EntryControlApp>
{
    public const string Name = "app";
}

/// <summary>Base for tests against the running portal: the data is reset before each test.</summary>
[Collection(AppCollection.Name)]
public abstract class AppTest(EntryControlApp app) : IAsyncLifetime
{
    protected EntryControlApp App { get; } = app;

    public async ValueTask InitializeAsync() => await App.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
