using FluentValidation;

namespace EntryControl.Web.Features.RiskAreas;

public static class RiskAreaServiceCollectionExtensions
{
    public static IServiceCollection AddRiskAreas(this IServiceCollection services)
    {
        services.AddOptions<RiskAreaOptions>().BindConfiguration(RiskAreaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DesignationRegistry>();
        services.AddScoped<RiskAreaService>();
        services.AddSingleton<IValidator<RiskAreaInput>, RiskAreaInputValidator>();
        return services;
    }
}
