using EntryControl.Web.Features.Checkpoints;
using EntryControl.Web.Features.Communities;
using EntryControl.Web.Features.Regions;
using FluentValidation;

namespace EntryControl.Web.Features;

public static class ReferenceDataServiceCollectionExtensions
{
    /// <summary>Regions (shipped with the app), communities and checkpoints.</summary>
    public static IServiceCollection AddReferenceData(this IServiceCollection services)
    {
        services.AddSingleton(_ => RegionCatalog.LoadEmbedded());
        services.AddScoped<CommunityService>();
        services.AddScoped<CheckpointService>();
        services.AddSingleton<IValidator<CommunityInput>, CommunityInputValidator>();
        services.AddSingleton<IValidator<CheckpointInput>, CheckpointInputValidator>();
        return services;
    }

    public static IEndpointRouteBuilder MapReferenceDataEndpoints(this IEndpointRouteBuilder endpoints) => endpoints
        .MapRegionEndpoints()
        .MapCommunityEndpoints()
        .MapCheckpointEndpoints();
}
